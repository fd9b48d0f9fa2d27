// update against the local HTTPS emulator, with real got and real TLS: the first test spawns the
// built CLI (`node bin/edu-flow.js update …`), the rest run main() in this process. Tests look at
// "the PATCH" (requestsTo('PATCH')), never at the total number of requests, so a GET before the
// PATCH keeps them meaningful.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, type RecordedRequest } from '../emulator/emulator.js';
import { makeTempDir, runCli, REPO_ROOT, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { ADMIN_UPN, BODY_PASSWORD, expectNoSecrets, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const FLOW_PATH = `/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`;
const IDS = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];

/**
 * A body every top-level member of which differs from the seeded live flow, so the PATCH carries it
 * whole; each role group's default password is supplied again, as a change to creationOptions must.
 */
const USER_BODY = {
  '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
  createUnmatchedUsers: false,
  managementOptions: {
    additionalAttributes: ['userGradeLevel'],
    additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: true },
  },
  creationOptions: {
    configurations: [
      {
        'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff',
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
        licenseSkus: ['SkuUpdated'],
      },
      {
        'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students',
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
        licenseSkus: ['SkuUpdated2'],
      },
    ],
  },
};

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

function bodyFile(content: unknown, name = 'body.json'): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));
  return file;
}

type Run = (args: string[], options?: { stdin?: string | Buffer; env?: Record<string, string | undefined> }) => Promise<CliResult>;

/** main() in this process: the body handling, merging and errors don't need a process of their own. */
const update: Run = async (args, options = {}) => {
  const result = await runMain(['update', ...IDS, ...args], {
    stdin: options.stdin,
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...options.env },
    version: VERSION,
  });
  return result;
};

/** The built CLI in its own process: the smoke test of the whole path, headers and all. */
const spawnedUpdate: Run = (args, options = {}) =>
  runCli(['update', ...IDS, ...args], { stdin: options.stdin, env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...options.env } });

function thePatch(): RecordedRequest {
  const patches = emu.requestsTo('PATCH');
  expect(patches).toHaveLength(1);
  return patches[0];
}

describe('update sends exactly one PATCH with the body', () => {
  test('from a file: path, headers, body, exit 0, confirmation and JSON result', async () => {
    const result = await spawnedUpdate(['-f', bodyFile({ $schema: '../schemas/user-provisioning-flow.json', ...USER_BODY })]);
    expect(result.code).toBe(0);
    const patch = thePatch();
    expect(patch.path).toBe(FLOW_PATH);
    expect(patch.headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(patch.headers['content-type']).toBe('application/json');
    expect(patch.headers['user-agent']).toBe(`edu-flow/${VERSION}`);
    expect(patch.headers['client-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(patch.json).toEqual(USER_BODY); // $schema dropped, nothing else touched
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toEqual({
      status: 204,
      changed: true,
      setId: SEED.setId,
      flowId: SEED.userFlowId,
      requestId: expect.any(String),
      clientRequestId: patch.headers['client-request-id'],
      backup: expect.stringContaining('/backups/'),
      verified: false, // no terminal: verify is off unless asked for
      // Counted per element: createUnmatchedUsers, allowStudentContactAssociation, and per role
      // group one SKU added, one removed and the password sent.
      changes: 8,
      sent: ['createUnmatchedUsers', 'managementOptions', 'creationOptions'],
      passwordsRemoved: [],
    });
    // The live flow was read first (to compare and back up), with the same token.
    expect(emu.requestsTo('GET')[0].headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
    expect(result.stderr).toContain(`Updated the user provisioning flow ${SEED.userFlowId}`);
    // The write names tenant, account and credential source.
    expect(result.stderr).toContain(`tenant ${TENANT_ID}`);
    expect(result.stderr).toContain(ADMIN_UPN);
    expect(result.stderr).toContain('EDU_FLOW_ACCESS_TOKEN');
    expectNoSecrets(result);
  });

  test('-f - reads stdin', async () => {
    const result = await update(['-f', '-'], { stdin: JSON.stringify(USER_BODY) });
    expect(result.code).toBe(0);
    expect(thePatch().json).toEqual(USER_BODY);
  });

  test('a piped stdin is read when there is no -f and no property flag', async () => {
    const result = await update([], { stdin: JSON.stringify(USER_BODY) });
    expect(result.code).toBe(0);
    expect(thePatch().json).toEqual(USER_BODY);
  });

  test('a UTF-16 LE body with BOM (Windows PowerShell 5.1) is read correctly', async () => {
    // Non-ASCII text, to prove the decoding: a licence SKU named in German.
    const body = {
      '@odata.type': USER_BODY['@odata.type'],
      createUnmatchedUsers: false,
      creationOptions: {
        configurations: [{ 'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students', licenseSkus: ['Schüler-Lizenz'] }],
      },
    };
    const text = JSON.stringify(body);
    // The students-only list removes staff's live password: allowed on purpose here.
    const result = await update(['-f', bodyFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), '--drop-default-passwords']);
    expect(result.code).toBe(0);
    expect(thePatch().json).toEqual(JSON.parse(text));
  });

  test('@odata.type is added when absent (a user flow)', async () => {
    const result = await update(['-f', bodyFile({ createUnmatchedUsers: false })]);
    expect(result.code).toBe(0);
    expect(thePatch().json).toEqual({ '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', createUnmatchedUsers: false });
  });

  test('property flags and --set/--set-string are merged over the body, flags win', async () => {
    const result = await update([
      '-f',
      bodyFile(USER_BODY),
      '--student-age-group',
      'adult',
      '--create-unmatched-users',
      'false',
      '--allow-student-contact-association',
      'false',
      '--additional-attributes',
      'userGradeLevel,userNumber',
      '--set',
      '/creationOptions/configurations/0/licenseSkus=["A","B"]',
      '--set-string',
      '/creationOptions/configurations/0/licenseSkus/1=true',
    ]);
    expect(result.code).toBe(0);
    expect(thePatch().json).toEqual({
      ...USER_BODY,
      createUnmatchedUsers: false,
      managementOptions: {
        additionalAttributes: ['userGradeLevel', 'userNumber'],
        additionalOptions: { studentAgeGroup: 'adult', allowStudentContactAssociation: false },
      },
      creationOptions: { configurations: [{ ...USER_BODY.creationOptions.configurations[0], licenseSkus: ['A', 'true'] }, USER_BODY.creationOptions.configurations[1]] },
    });
  });

  test('flags alone make the body; the rest of the complex member is kept from the live flow; none sends null; stdin is not read', async () => {
    const result = await update(['--student-age-group', 'none'], { stdin: '{"this": "must not be read"}' });
    expect(result.code).toBe(0);
    // Graph replaces managementOptions whole: the siblings the live flow has go along unchanged.
    expect(thePatch().json).toEqual({
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: null } },
    });
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalAttributes')).toEqual(['userGradeLevel']);
  });

  test('any 2xx is success: a 200 with the object back', async () => {
    emu.queue('PATCH', { status: 200, body: { id: SEED.userFlowId } });
    const result = await update(['-f', bodyFile(USER_BODY)]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, changed: true });
  });

  test('ids with every allowed character go into the path as they are', async () => {
    const result = await runMain(['update', '--set-id', 'Set.One_2~x', '--flow-id', 'flow-A.b_c~d', '-f', bodyFile(USER_BODY)], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN },
    });
    expect(result.code).toBe(5); // the emulator has no such flow: 404 on the GET before the PATCH
    expect(emu.requestsTo('GET')[0].path).toBe('/beta/external/industryData/outboundProvisioningFlowSets/Set.One_2~x/provisioningFlows/flow-A.b_c~d');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('a body with --output text prints nothing on stdout', async () => {
    const result = await update(['-f', bodyFile(USER_BODY), '--output', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Updated');
  });
});

describe('the deprecated markAllStudentsAsMinors', () => {
  const deprecated = {
    '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
    managementOptions: { additionalOptions: { markAllStudentsAsMinors: true, studentAgeGroup: 'adult' } },
  };

  test('warns with the path, the date and the replacement, and still sends', async () => {
    const result = await update(['-f', bodyFile(JSON.stringify(deprecated, null, 2))]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning:.*body\.json:5:7\s+\/managementOptions\/additionalOptions\/markAllStudentsAsMinors/);
    expect(result.stderr).toContain('2025-10-15');
    expect(result.stderr).toContain('studentAgeGroup');
    expect(result.stderr).toContain('markAllStudentsAsMinors is not returned by the service');
    expect(thePatch().json).toEqual({
      '@odata.type': deprecated['@odata.type'],
      managementOptions: {
        additionalAttributes: ['userGradeLevel'],
        additionalOptions: { allowStudentContactAssociation: false, markAllStudentsAsMinors: true, studentAgeGroup: 'adult' },
      },
    });
  });

  test.each([
    ['--strict', ['--strict'], {}],
    ['EDU_FLOW_STRICT=1', [], { EDU_FLOW_STRICT: '1' }],
  ])('is an error under %s: exit 3, nothing sent', async (_name, flags, env) => {
    const result = await update(['-f', bodyFile(deprecated), ...flags], { env });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('/managementOptions/additionalOptions/markAllStudentsAsMinors');
    expect(emu.requests).toHaveLength(0);
  });
});

describe('invalid bodies: exit 3, nothing sent, the problem located', () => {
  const cases: [string, string, RegExp][] = [
    ['an unknown member, with a hint', '{\n  "createUnmatchedUser": true\n}', /body\.json:2:3\s+\/createUnmatchedUser: .*did you mean "createUnmatchedUsers"/],
    ['a wrong type', '{\n  "createUnmatchedUsers": "yes"\n}', /body\.json:2:3\s+\/createUnmatchedUsers: .*true, false or null/],
    [
      'a bad enum value',
      '{"managementOptions": {"additionalOptions": {"studentAgeGroup": "minors"}}}',
      /\/managementOptions\/additionalOptions\/studentAgeGroup: .*did you mean "minor"/,
    ],
    ['unknownFutureValue', '{"managementOptions": {"additionalOptions": {"studentAgeGroup": "unknownFutureValue"}}}', /studentAgeGroup: .*unknownFutureValue/],
    [
      'a missing required member (in an array item: the live flow cannot supply it)',
      '{"creationOptions": {"configurations": [{"licenseSkus": ["A"]}]}}',
      /\/creationOptions\/configurations\/0\/roleGroup@odata\.bind: /,
    ],
    ['a server-managed member', '{"id": "x", "createUnmatchedUsers": true}', /\/id: .*server-managed/],
    ['readinessStatus', '{"readinessStatus": "ready"}', /\/readinessStatus: .*server-managed/],
    ['a JSON syntax error', '{\n  "createUnmatchedUsers": true,\n}', /body\.json:3:1/],
    ['a duplicate key', '{\n  "createUnmatchedUsers": true,\n  "createUnmatchedUsers": false\n}', /body\.json:3:3\s+\/createUnmatchedUsers: duplicate key/],
    ['an empty body', '   \n', /is empty/],
    ['a top-level array', '[1, 2]', /must hold a JSON object/],
    ['nesting deeper than 32 levels', `{"a":${'['.repeat(40)}${']'.repeat(40)}}`, /nested more than 32 levels/],
    [
      'a role-group bind outside the role-group collection',
      JSON.stringify({ creationOptions: { configurations: [{ 'roleGroup@odata.bind': 'https://evil.example.com/beta/external/industryData/roleGroups/staff' }] } }),
      /roleGroup@odata\.bind/,
    ],
    ['an unknown @odata.type', '{"@odata.type": "#microsoft.graph.industryData.userProvisioningFlows"}', /\/@odata\.type: /],
  ];
  test.each(cases)('%s', async (_name, text, expected) => {
    const result = await update(['-f', bodyFile(text)]);
    expect(result.stderr).toMatch(expected);
    expect(result.code).toBe(3);
    expect(emu.requests).toHaveLength(0);
  });

  test.each([['********'], ['***************'], ['']])('a masked or empty password %p is "a mask, not a password"', async (mask) => {
    const body = structuredClone(USER_BODY);
    body.creationOptions.configurations[0].defaultPasswordSettings.password = mask;
    const result = await update(['-f', bodyFile(body)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('/creationOptions/configurations/0/defaultPasswordSettings/password');
    expect(result.stderr).toContain('mask');
    expect(emu.requests).toHaveLength(0);
  });

  test('a body over 4 MiB is refused before parsing', async () => {
    const result = await update(['-f', bodyFile(`{"a":"${'x'.repeat(4 * 1024 * 1024)}"}`)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('4 MiB');
    expect(emu.requests).toHaveLength(0);
  });

  test('a missing file', async () => {
    const result = await update(['-f', path.join(dir, 'nope.json')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('does not exist');
  });

  test('bytes that are not UTF-8', async () => {
    const result = await update(['-f', bodyFile(Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]))]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('UTF-8');
  });

  test('--output json puts the problems in one JSON error object on stderr', async () => {
    const result = await update(['-f', bodyFile('{\n  "createUnmatchedUsers": "yes"\n}'), '--output', 'json']);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const { error } = JSON.parse(result.stderr) as { error: { exitCode: number; details: unknown[] } };
    expect(error.exitCode).toBe(3);
    expect(error.details).toEqual([{ pointer: '/createUnmatchedUsers', line: 2, column: 3, message: expect.stringContaining('true, false or null') }]);
  });
});

describe('usage errors: exit 2, nothing sent', () => {
  test.each([['../x'], ['a/b'], ['.'], ['..'], ['x'.repeat(129)], ['%2e%2e'], ['a b'], ['']])('a malformed --flow-id %p', async (bad) => {
    const result = await runMain(['update', '--set-id', SEED.setId, '--flow-id', bad, '-f', bodyFile(USER_BODY)], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--flow-id');
    expect(emu.requests).toHaveLength(0);
  });

  test('a malformed --set-id', async () => {
    const result = await runMain(['update', '--set-id', 'a?b', '--flow-id', SEED.userFlowId, '-f', bodyFile(USER_BODY)], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set-id');
  });

  test('a missing --set-id', async () => {
    const result = await runMain(['update', '--flow-id', SEED.userFlowId, '-f', bodyFile(USER_BODY)], { env: { EDU_FLOW_ACCESS_TOKEN: USER_TOKEN } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set-id or --set-name is required');
    expect(result.stderr).toContain('config set defaultSet');
    expect(emu.requests).toHaveLength(0);
  });

  test('http:// to a host that is not loopback', async () => {
    const result = await update(['-f', bodyFile(USER_BODY)], { env: { EDU_FLOW_GRAPH_URL: 'http://graph.example.com/beta' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('https://');
    expect(emu.requests).toHaveLength(0);
  });

  test('--graph-url beats EDU_FLOW_GRAPH_URL and is checked the same way', async () => {
    const result = await update(['-f', bodyFile(USER_BODY), '--graph-url', 'http://10.0.0.1/beta']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--graph-url');
  });

  test('no body at all (an empty stdin, no -f, no flags)', async () => {
    const result = await update([], { stdin: '' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no body given');
  });

  test('a user-flow property flag on another flow type', async () => {
    const body = {
      '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
      creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
    };
    const result = await update(['-f', bodyFile(body), '--student-age-group', 'adult']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--student-age-group');
    expect(emu.requests).toHaveLength(0);
  });

  test.each([
    [['--student-age-group', 'teen']],
    [['--create-unmatched-users', 'maybe']],
    [['--set', 'createUnmatchedUsers=true']],
    [['--retries', '-1']],
    [['--timeout', 'soon']],
    [['--output', 'yaml']],
    [['--no-such-option']],
  ])('a bad option %p', async (args) => {
    const result = await update(['-f', bodyFile(USER_BODY), ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
    expect(emu.requests).toHaveLength(0);
  });
});

describe('--dry-run', () => {
  test('prints the PATCH as JSON, masks password and token, sends nothing, needs no token', async () => {
    const result = await update(['-f', bodyFile(USER_BODY), '--dry-run', '--output', 'json'], { env: { EDU_FLOW_ACCESS_TOKEN: undefined } });
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { method: string; url: string; headers: Record<string, string>; body: typeof USER_BODY };
    expect(plan.method).toBe('PATCH');
    expect(plan.url).toBe(`${emu.graphUrl}${FLOW_PATH.slice('/beta'.length)}`);
    expect(plan.headers.Authorization).toBe('Bearer ********');
    expect(plan.body.creationOptions.configurations[0].defaultPasswordSettings.password).toBe('********');
    expect(plan.body.managementOptions).toEqual(USER_BODY.managementOptions);
    expect(emu.requests).toHaveLength(0);
    expectNoSecrets(result);
  });

  test('text form, with a token set: still nothing sent and no secret shown', async () => {
    const result = await update(['-f', bodyFile(USER_BODY), '--dry-run', '--output', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PATCH ${emu.graphUrl}`);
    expect(result.stdout).toContain('"password": "********"');
    expect(result.stderr).toContain('nothing was sent');
    expect(emu.requests).toHaveLength(0);
    expectNoSecrets(result);
  });
});

describe('sign-in', () => {
  test('no token: exit 4 naming edu-flow login and the variables, nothing sent', async () => {
    const result = await update(['-f', bodyFile(USER_BODY)], { env: { EDU_FLOW_ACCESS_TOKEN: undefined } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('edu-flow login');
    expect(result.stderr).toContain('EDU_FLOW_ACCESS_TOKEN');
    expect(emu.requests).toHaveLength(0);
  });

  test('an opaque (non-JWT) token is sent as is, and the write says the tenant is unknown', async () => {
    const result = await update(['-f', bodyFile(USER_BODY)], { env: { EDU_FLOW_ACCESS_TOKEN: 'opaque-token-value-123' } });
    expect(result.code).toBe(0);
    expect(thePatch().headers.authorization).toBe('Bearer opaque-token-value-123');
    expect(result.stderr).toContain('tenant unknown');
    expectNoSecrets(result, ['opaque-token-value-123']);
  });
});
