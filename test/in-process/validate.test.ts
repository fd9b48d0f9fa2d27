// `edu-flow validate` is offline and needs no token; the report is stdout data. The first test
// spawns the built CLI (the smoke test); the rest run main() in this process.
import { describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';

function file(content: unknown): string {
  const target = path.join(makeTempDir(), 'flow.json');
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
}

// A Graph URL nothing listens on: validate must never try it.
const OFFLINE = { EDU_FLOW_GRAPH_URL: 'https://localhost:9/beta' };

describe('validate', () => {
  test('a valid example: exit 0, JSON report on a pipe', async () => {
    const result = await runCli(['validate', '-f', 'examples/user-flow.json'], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ valid: true, type: 'user', errors: [], warnings: [] });
  });

  test('the deprecated example: valid with a warning; --strict makes it exit 3', async () => {
    const lenient = await runMain(['validate', '-f', 'examples/user-flow-deprecated.json'], { env: OFFLINE });
    expect(lenient.code).toBe(0);
    const report = JSON.parse(lenient.stdout) as { warnings: { pointer: string; line: number; message: string }[] };
    expect(report.warnings).toEqual([
      { pointer: '/managementOptions/additionalOptions/markAllStudentsAsMinors', line: 8, column: 7, message: expect.stringContaining('2025-10-15') },
    ]);
    const strict = await runMain(['validate', '--strict', '-f', 'examples/user-flow-deprecated.json'], { env: OFFLINE });
    expect(strict.code).toBe(3);
    expect(JSON.parse(strict.stdout)).toMatchObject({ valid: false, errors: [{ pointer: '/managementOptions/additionalOptions/markAllStudentsAsMinors' }] });
    expect(strict.stderr).toBe('error: examples/user-flow-deprecated.json is not a valid user provisioning flow: 1 problem (listed in the report on stdout)\n');
  });

  test('an invalid body: exit 3, every problem with pointer, line and column; stderr says why in one JSON error', async () => {
    const text =
      '{\n  "@odata.type": "#microsoft.graph.industryData.securityGroupProvisioningFlow",\n  "creationOptions": {\n    "createBasedOnroleGroup": true,\n    "createBasedOnOrgPlusRoleGroup": "no"\n  }\n}';
    const result = await runMain(['validate', '-f', file(text), '--output', 'json'], { env: OFFLINE });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr)).toEqual({
      error: { exitCode: 3, message: expect.stringMatching(/is not a valid security group provisioning flow: 2 problems \(listed in the report on stdout\)$/), details: [] },
    });
    const report = JSON.parse(result.stdout) as { valid: boolean; type: string; errors: unknown[] };
    expect(report.valid).toBe(false);
    expect(report.type).toBe('securityGroup');
    expect(report.errors).toEqual([
      { pointer: '/creationOptions/createBasedOnOrgPlusRoleGroup', line: 5, column: 5, message: expect.stringContaining('true or false') },
      { pointer: '/creationOptions/createBasedOnroleGroup', line: 4, column: 5, message: expect.stringContaining('did you mean "createBasedOnRoleGroup"') },
    ]);
  });

  test('text report names file:line:column', async () => {
    const target = file('{\n  "createUnmatchedUsers": 1\n}');
    const result = await runMain(['validate', '-f', target, '--output', 'text'], { env: OFFLINE });
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`error    ${target}:2:3  /createUnmatchedUsers:`);
    expect(result.stdout).toContain('not valid');
  });

  test('a syntax error is an invalid body too (exit 3, report on stdout)', async () => {
    const result = await runMain(['validate', '-f', file('{"a": }')], { env: OFFLINE });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: false, errors: [{ pointer: '', line: 1, column: 7 }] });
  });

  test('piped stdin, --type selects the schema, a conflicting @odata.type is reported', async () => {
    const classGroup = {
      configuration: {
        additionalOptions: { createTeam: false, writeDisplayNameOnCreateOnly: true },
        enrollmentMappings: { ownerEnrollmentMappings: [{ code: 'teacher' }], memberEnrollmentMappings: [{ code: 'student' }] },
      },
    };
    const ok = await runMain(['validate', '--type', 'classGroup'], { env: OFFLINE, stdin: JSON.stringify(classGroup) });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ valid: true, type: 'classGroup' });
    const conflicting = await runMain(['validate', '--type', 'user', '-f', '-'], {
      env: OFFLINE,
      stdin: JSON.stringify({ '@odata.type': '#microsoft.graph.industryData.classGroupProvisioningFlow', ...classGroup }),
    });
    expect(conflicting.code).toBe(3);
    expect(JSON.parse(conflicting.stdout)).toMatchObject({ errors: [{ pointer: '/@odata.type' }] });
  });

  test('a flow set body', async () => {
    const set = { displayName: 'District flows', filter: { '@odata.type': '#microsoft.graph.industryData.basicFilter', attribute: 'orgExternalId', in: ['North'] } };
    const result = await runMain(['validate', '--type', 'flowSet', '-f', file(set)], { env: OFFLINE });
    expect(result.code).toBe(0);
  });

  test('a bad --type is a usage error (exit 2)', async () => {
    const result = await runMain(['validate', '--type', 'teacher', '-f', 'examples/user-flow.json'], { env: OFFLINE });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--type must be one of');
  });

  test('an empty stdin and no -f: no body given (exit 2)', async () => {
    const result = await runMain(['validate'], { env: OFFLINE, stdin: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no body given');
  });

  test('a password value never appears in the report', async () => {
    const body = {
      creationOptions: {
        configurations: [
          {
            'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff',
            defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: 'Sup3r-Secret-Value' },
            licenseSkus: 'not-an-array',
          },
        ],
      },
    };
    const result = await runMain(['validate', '-f', file(body), '--output', 'text', '--debug'], { env: OFFLINE });
    expect(result.code).toBe(3);
    expect(`${result.stdout}${result.stderr}`).not.toContain('Sup3r-Secret-Value');
  });
});

describe('fidelity to Graph: nulls a collection or a section role never takes', () => {
  const NS = '#microsoft.graph.industryData';
  const user = (creationOptions: unknown, managementOptions: unknown = { additionalOptions: { studentAgeGroup: 'minor' } }) => ({
    '@odata.type': `${NS}.userProvisioningFlow`,
    createUnmatchedUsers: true,
    managementOptions,
    creationOptions,
  });
  const STAFF = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff';
  const classFlow = (enrollmentMappings: unknown, additionalAttributes: unknown = ['courseTitle']) => ({
    '@odata.type': `${NS}.classGroupProvisioningFlow`,
    configuration: { additionalAttributes, additionalOptions: { createTeam: false, writeDisplayNameOnCreateOnly: true }, enrollmentMappings },
  });

  test.each([
    ['configurations', user({ configurations: null }), '/creationOptions/configurations'],
    ['licenseSkus', user({ configurations: [{ 'roleGroup@odata.bind': STAFF, licenseSkus: null }] }), '/creationOptions/configurations/0/licenseSkus'],
    [
      'user additionalAttributes',
      user({ configurations: [] }, { additionalAttributes: null, additionalOptions: { studentAgeGroup: 'minor' } }),
      '/managementOptions/additionalAttributes',
    ],
    ['class additionalAttributes', classFlow({ ownerEnrollmentMappings: [], memberEnrollmentMappings: [] }, null), '/configuration/additionalAttributes'],
    ['ownerEnrollmentMappings', classFlow({ ownerEnrollmentMappings: null, memberEnrollmentMappings: [] }), '/configuration/enrollmentMappings/ownerEnrollmentMappings'],
    ['memberEnrollmentMappings', classFlow({ ownerEnrollmentMappings: [], memberEnrollmentMappings: null }), '/configuration/enrollmentMappings/memberEnrollmentMappings'],
  ])('%s: null is refused (exit 3), with [] as the way to empty it', async (_name, body, pointer) => {
    const result = await runMain(['validate', '--output', 'json'], { env: OFFLINE, stdin: JSON.stringify(body) });
    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout) as { errors: { pointer: string; message: string }[] };
    expect(report.errors).toContainEqual(
      expect.objectContaining({ pointer, message: expect.stringContaining('must be a list, not null: a collection is never null in Graph; [] empties it') }),
    );
  });

  test('an enrollment mapping with a null code is refused: it names no section role', async () => {
    const result = await runMain(['validate', '--output', 'json'], {
      env: OFFLINE,
      stdin: JSON.stringify(classFlow({ ownerEnrollmentMappings: [{ code: null }], memberEnrollmentMappings: [{ code: 'student' }] })),
    });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout).errors).toEqual([
      expect.objectContaining({ pointer: '/configuration/enrollmentMappings/ownerEnrollmentMappings/0/code', message: expect.stringContaining('a section role needs its code') }),
    ]);
  });

  test('"value@odata.bind" is named as a bind this object has no link to (not as an annotation Graph adds)', async () => {
    const result = await runMain(['validate', '--output', 'json'], {
      env: OFFLINE,
      stdin: JSON.stringify(user({ configurations: [{ 'roleGroup@odata.bind': STAFF, 'value@odata.bind': STAFF }] })),
    });
    expect(result.code).toBe(3);
    const [error] = JSON.parse(result.stdout).errors as { message: string }[];
    expect(error.message).toBe('"value@odata.bind" binds "value", which this object has no link to: remove it; here only "roleGroup@odata.bind" can be sent');
  });
});
