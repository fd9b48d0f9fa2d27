// Writes that cannot lose data. The emulator holds real default passwords and, like
// Graph, replaces a complex member a PATCH carries whole; these tests check that update sends only
// the members that change, never drops a live password silently, previews exactly what it sends,
// checks the write permission before any request, and takes a missing flow type from the live flow.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { BODY_PASSWORD, expectNoSecrets, fakeJwt, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

const SECRETS = [USER_TOKEN, BODY_PASSWORD, SEED_PASSWORDS.staff, SEED_PASSWORDS.students];
const USER = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const CLASS = ['--set-id', SEED.setId, '--flow-id', SEED.classGroupFlowId];
const USER_TYPE = '#microsoft.graph.industryData.userProvisioningFlow';
const CLASS_TYPE = '#microsoft.graph.industryData.classGroupProvisioningFlow';
const SIMPLE = '#microsoft.graph.industryData.simplePasswordSettings';
const passwordOf = (index: number): unknown => emu.flowValue(SEED.setId, SEED.userFlowId, `/creationOptions/configurations/${index}/defaultPasswordSettings/password`);
const bind = (group: string): string => `https://graph.microsoft.com/beta/external/industryData/roleGroups/${group}`;
const writes = () => emu.requests.filter((r) => r.method !== 'GET');

/** main() in this process; the README round trip below runs the built CLI in a real shell pipe. */
const cli = (args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliResult> =>
  runMain(args, { stdin, env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: dir, ...env } });
const file = (content: unknown, name = 'body.json'): string => {
  const target = path.join(dir, name);
  writeFileSync(target, JSON.stringify(content, null, 2));
  return target;
};

/** A real shell pipeline of built CLIs, as the README shows it (stdin and stdout are pipes). */
function pipeline(command: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    NO_COLOR: '1',
    NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'),
    EDU_FLOW_GRAPH_URL: emu.graphUrl,
    EDU_FLOW_ACCESS_TOKEN: USER_TOKEN,
    EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'),
    EDU_FLOW_STATE_DIR: dir,
  };
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', `set -e; ${command}`], { env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000); // liveness guard
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The built CLI, as a pipeline names it. */
const EDU_FLOW = `'${process.execPath}' '${path.join(REPO_ROOT, 'bin/edu-flow.js')}'`;

/** A stand-in for jq in the pipe: node edits the JSON on stdin (jq is not on every machine). */
const edit = (js: string): string =>
  `"${process.execPath}" -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const b=JSON.parse(s);${js};process.stdout.write(JSON.stringify(b))})'`;

describe('the README round trip: get --body | edit | update -f -', () => {
  test('only the edited member is sent; both live default passwords stay', async () => {
    const result = await pipeline(`${EDU_FLOW} get ${USER.join(' ')} --body | ${edit('b.createUnmatchedUsers=false')} | ${EDU_FLOW} update ${USER.join(' ')} -f - -o json`);
    expect(result.code).toBe(0);
    const patches = emu.requestsTo('PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].json).toEqual({ '@odata.type': USER_TYPE, createUnmatchedUsers: false });
    expect(passwordOf(0)).toBe(SEED_PASSWORDS.staff);
    expect(passwordOf(1)).toBe(SEED_PASSWORDS.students);
    expect(JSON.parse(result.stdout)).toMatchObject({ changed: true, changes: 1, sent: ['createUnmatchedUsers'], passwordsRemoved: [] });
    // What get --body says about the passwords it leaves out is what happened.
    expect(result.stderr).toContain('The live password stays while creationOptions is unchanged');
    expectNoSecrets({ signal: null, ...result }, SECRETS);
  });

  test('an edit inside creationOptions without the passwords is refused: exit 3, nothing sent, both role groups named', async () => {
    const result = await pipeline(
      `${EDU_FLOW} get ${USER.join(' ')} --body | ${edit('b.creationOptions.configurations[0].licenseSkus=["Sku9"]')} | ${EDU_FLOW} update ${USER.join(' ')} -f -`,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('would remove the default password of role groups staff, students');
    expect(result.stderr).toContain('{"$env": "STAFF_PASSWORD"}');
    expect(result.stderr).toContain('--drop-default-passwords');
    expect(result.stderr).toContain('/creationOptions/configurations/0/defaultPasswordSettings');
    expect(writes()).toHaveLength(0);
    expect(passwordOf(0)).toBe(SEED_PASSWORDS.staff);
  });
});

describe('passwords are supplied again, or dropped on purpose', () => {
  const configurations = (passwords: (unknown | undefined)[]) => ({
    '@odata.type': USER_TYPE,
    creationOptions: {
      configurations: ['staff', 'students'].map((group, i) => ({
        'roleGroup@odata.bind': bind(group),
        licenseSkus: [`New${i}`],
        ...(passwords[i] === undefined ? {} : { defaultPasswordSettings: { '@odata.type': SIMPLE, password: passwords[i] } }),
      })),
    },
  });

  test('$env references supply them: sent, set, never shown', async () => {
    const result = await cli(['update', ...USER, '-f', file(configurations([{ $env: 'STAFF_PW' }, { $env: 'STUDENT_PW' }])), '--debug'], {
      STAFF_PW: BODY_PASSWORD,
      STUDENT_PW: 'Student-Pw-From-Env-7',
    });
    expect(result.code).toBe(0);
    expect(passwordOf(0)).toBe(BODY_PASSWORD);
    expect(passwordOf(1)).toBe('Student-Pw-From-Env-7');
    expectNoSecrets(result, [...SECRETS, 'Student-Pw-From-Env-7']);
  });

  test('one supplied, one not: refused naming only the one left out', async () => {
    const result = await cli(['update', ...USER, '-f', file(configurations([BODY_PASSWORD, undefined]))]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('would remove the default password of role group students');
    expect(result.stderr).toContain('role group students: the request has no defaultPasswordSettings for it');
    expect(writes()).toHaveLength(0);
  });

  test('--drop-default-passwords removes them, and says so', async () => {
    const result = await cli(['update', ...USER, '-f', file(configurations([undefined, undefined])), '--drop-default-passwords', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('the default password of role group staff is removed (--drop-default-passwords)');
    expect(JSON.parse(result.stdout).passwordsRemoved).toEqual(['staff', 'students']);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings')).toBeUndefined();
  });

  test('a body naming one role group: the other configuration is shown as removed, and its password protects it', async () => {
    const body = {
      '@odata.type': USER_TYPE,
      creationOptions: {
        configurations: [{ 'roleGroup@odata.bind': bind('staff'), licenseSkus: ['Sku1'], defaultPasswordSettings: { '@odata.type': SIMPLE, password: BODY_PASSWORD } }],
      },
    };
    const diff = await cli(['diff', ...USER, '-f', file(body)]);
    expect(diff.code).toBe(0);
    const report = JSON.parse(diff.stdout);
    expect(report.changes).toEqual([
      { pointer: '/creationOptions/configurations/0/defaultPasswordSettings/password', after: '********', element: 'role group staff' },
      {
        pointer: '/creationOptions/configurations/1',
        before: { 'roleGroup@odata.bind': `${emu.graphUrl}/external/industryData/roleGroups/students`, licenseSkus: ['Sku2'] },
        element: 'role group students',
      },
    ]);
    expect(report.passwordsRemoved).toEqual(['students']);
    const text = await cli(['diff', ...USER, '-f', file(body), '-o', 'text']);
    expect(text.stdout).toContain('2 changes to the user provisioning flow');
    expect(text.stdout).toContain('- /creationOptions/configurations/1 (role group students): removed, with every setting in it');
    expect(text.stdout).toContain('! the default password of role group students would be removed');
    const update = await cli(['update', ...USER, '-f', file(body)]);
    expect(update.code).toBe(3);
    expect(update.stderr).toContain('role group students: the configuration is left out of the request');
    expect(writes()).toHaveLength(0);
    expectNoSecrets(diff, SECRETS);
  });
});

describe('lists are compared element by element', () => {
  test('licence SKUs and attributes as values added and removed; order alone is no change', async () => {
    const live = emu.flow(SEED.setId, SEED.userFlowId) as Record<string, any>;
    const body = {
      '@odata.type': USER_TYPE,
      managementOptions: { additionalAttributes: ['userNumber', 'userGradeLevel'], additionalOptions: live.managementOptions.additionalOptions },
    };
    const report = JSON.parse((await cli(['diff', ...USER, '-f', file(body)])).stdout);
    expect(report.changes).toEqual([{ pointer: '/managementOptions/additionalAttributes', after: 'userNumber' }]);
    const reordered = { ...body, managementOptions: { ...body.managementOptions, additionalAttributes: ['userGradeLevel'] } };
    expect(JSON.parse((await cli(['diff', ...USER, '-f', file(reordered)])).stdout).changed).toBe(false);
  });

  test("update's summary on stderr lists each element before the write", async () => {
    const body = {
      '@odata.type': USER_TYPE,
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': bind('staff'), licenseSkus: ['Sku3'], defaultPasswordSettings: { '@odata.type': SIMPLE, password: BODY_PASSWORD } },
          { 'roleGroup@odata.bind': bind('students'), licenseSkus: ['Sku2'], defaultPasswordSettings: { '@odata.type': SIMPLE, password: BODY_PASSWORD } },
        ],
      },
    };
    const result = await cli(['update', ...USER, '-f', file(body), '-o', 'json']);
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    const sentAt = lines.findIndex((l) => l.startsWith('✓ Updated'));
    const added = lines.indexOf('+ /creationOptions/configurations/0/licenseSkus (role group staff): "Sku3"');
    expect(added).toBeGreaterThan(-1);
    expect(added).toBeLessThan(sentAt);
    expect(lines).toContain('- /creationOptions/configurations/0/licenseSkus (role group staff): "Sku1"');
    expect(result.stderr).toContain('(4 changes; sending creationOptions)');
    expect(JSON.parse(result.stdout)).toMatchObject({ changes: 4, sent: ['creationOptions'] });
    expectNoSecrets(result, SECRETS);
  });

  test('enrollment mappings by code: one added, one removed, case ignored', async () => {
    const live = emu.flow(SEED.setId, SEED.classGroupFlowId) as Record<string, any>;
    const configuration = structuredClone(live.configuration);
    const owners = configuration.enrollmentMappings.ownerEnrollmentMappings as { code: string }[];
    configuration.enrollmentMappings.ownerEnrollmentMappings = [...owners.filter((m) => m.code !== 'proctor').map((m) => ({ code: m.code.toUpperCase() })), { code: 'principal' }];
    const result = await cli(['diff', ...CLASS, '-f', file({ '@odata.type': CLASS_TYPE, configuration })]);
    const report = JSON.parse(result.stdout);
    expect(report.changes).toEqual([
      { pointer: `/configuration/enrollmentMappings/ownerEnrollmentMappings/${owners.length - 1}`, after: { code: 'principal' }, element: 'code principal' },
      { pointer: '/configuration/enrollmentMappings/ownerEnrollmentMappings/1', before: { code: 'proctor' }, element: 'code proctor' },
    ]);
  });
});

describe('--plan prints exactly what is sent; --dry-run says it is the offline body', () => {
  test('the body --plan prints is byte for byte the body then sent', async () => {
    const args = ['update', ...USER, '--student-age-group', 'adult', '--create-unmatched-users', 'false'];
    const plan = await cli([...args, '--plan']);
    expect(plan.code).toBe(0);
    expect(writes()).toHaveLength(0);
    const planned = JSON.parse(plan.stdout);
    expect(planned).toMatchObject({ plan: true, changed: true });
    expect(planned.requests).toHaveLength(1);
    expect(planned.requests[0].method).toBe('PATCH');
    expect(plan.stderr).toContain('Plan: nothing was sent.');
    expect((await cli(args)).code).toBe(0);
    const [patch] = emu.requestsTo('PATCH');
    expect(`${emu.origin}${patch.path}`).toBe(planned.requests[0].url);
    expect(JSON.stringify(planned.requests[0].body)).toBe(patch.rawBody);
  });

  test('in text, --plan shows the changes and the request; passwords in it are masked', async () => {
    const body = {
      '@odata.type': USER_TYPE,
      creationOptions: {
        configurations: ['staff', 'students'].map((group, i) => ({
          'roleGroup@odata.bind': bind(group),
          licenseSkus: [`Sku${i + 1}`],
          defaultPasswordSettings: { '@odata.type': SIMPLE, password: BODY_PASSWORD },
        })),
      },
    };
    const plan = await cli(['update', ...USER, '-f', file(body), '--plan', '-o', 'text']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ /creationOptions/configurations/0/defaultPasswordSettings/password (role group staff): ******** (write-only: always sent)');
    expect(plan.stdout).toContain(
      `Would send this request:\nPATCH ${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`,
    );
    expect(plan.stdout).toContain('"password": "********"');
    expect(writes()).toHaveLength(0);
    expectNoSecrets(plan, SECRETS);
  });

  test('nothing to change: --plan would send nothing', async () => {
    const plan = await cli(['update', ...USER, '--student-age-group', 'minor', '--plan']);
    expect(JSON.parse(plan.stdout)).toMatchObject({ plan: true, changed: false, requests: [] });
  });

  test('--plan refuses what update refuses (a password it would remove): exit 3', async () => {
    const body = { '@odata.type': USER_TYPE, creationOptions: { configurations: [{ 'roleGroup@odata.bind': bind('staff') }] } };
    const plan = await cli(['update', ...USER, '-f', file(body), '--plan']);
    expect(plan.code).toBe(3);
    expect(plan.stderr).toContain('--drop-default-passwords');
  });

  test('--dry-run needs no token, sends nothing and says the live flow completes the body online', async () => {
    const result = await cli(['update', ...USER, '--student-age-group', 'adult', '--dry-run'], { EDU_FLOW_ACCESS_TOKEN: undefined });
    expect(result.code).toBe(0);
    expect(emu.requests).toHaveLength(0);
    expect(JSON.parse(result.stdout).body).toEqual({ '@odata.type': USER_TYPE, managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } });
    expect(result.stderr).toContain('The body shown is the offline one');
    expect(result.stderr).toContain('completes each member the body touches from it, and sends only the members that change');
  });

  test('--plan with --dry-run is a usage error', async () => {
    const result = await cli(['update', ...USER, '--student-age-group', 'adult', '--dry-run', '--plan']);
    expect(result.code).toBe(2);
    expect(emu.requests).toHaveLength(0);
  });
});

describe('the write permission is checked before any request', () => {
  const READ_ONLY = fakeJwt({ tid: TENANT_ID, upn: 'reader@contoso.edu', scp: 'IndustryData-OutboundFlow.Read.All', exp: 4102444800 });

  test('update with a read-only token: exit 4, no request at all, no backup', async () => {
    const result = await cli(['update', ...USER, '--student-age-group', 'adult'], { EDU_FLOW_ACCESS_TOKEN: READ_ONLY });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('IndustryData-OutboundFlow.ReadWrite.All');
    expect(result.stderr).not.toContain('Updating');
    expect(emu.requests).toHaveLength(0);
    expect(existsSync(path.join(dir, 'backups'))).toBe(false);
    const plan = await cli(['update', ...USER, '--student-age-group', 'adult', '--plan'], { EDU_FLOW_ACCESS_TOKEN: READ_ONLY });
    expect(plan.code).toBe(4);
    expect(emu.requests).toHaveLength(0);
  });

  test('diff only reads: a read-only token is enough', async () => {
    const result = await cli(['diff', ...USER, '--student-age-group', 'adult'], { EDU_FLOW_ACCESS_TOKEN: READ_ONLY });
    expect(result.code).toBe(0);
  });
});

describe('the flow type comes from the live flow when nothing names it', () => {
  test('update --set on a class-group flow, with no @odata.type: the live type, the member completed', async () => {
    const result = await cli(['update', ...CLASS, '--set', '/configuration/additionalOptions/createTeam=false']);
    expect(result.code).toBe(0);
    const [patch] = emu.requestsTo('PATCH');
    const sent = patch.json as Record<string, any>;
    expect(sent['@odata.type']).toBe(CLASS_TYPE);
    expect(Object.keys(sent)).toEqual(['@odata.type', 'configuration']);
    expect(sent.configuration.additionalOptions).toEqual({ createTeam: false, writeDisplayNameOnCreateOnly: true });
    expect(sent.configuration.enrollmentMappings.ownerEnrollmentMappings.length).toBeGreaterThan(0);
    expect(emu.flowValue(SEED.setId, SEED.classGroupFlowId, '/configuration/additionalOptions/createTeam')).toBe(false);
  });

  test('diff does the same; --type names it explicitly; a --type the flow is not is refused before any write', async () => {
    const diff = await cli(['diff', ...CLASS, '--set', '/configuration/additionalOptions/createTeam=false']);
    expect(JSON.parse(diff.stdout).changes).toEqual([{ pointer: '/configuration/additionalOptions/createTeam', before: true, after: false }]);
    const typed = await cli(['diff', ...CLASS, '--type', 'classGroup', '--set', '/configuration/additionalOptions/createTeam=false']);
    expect(JSON.parse(typed.stdout).changed).toBe(true);
    const wrong = await cli(['update', ...CLASS, '--type', 'securityGroup', '--set', '/creationOptions/createBasedOnRoleGroup=false']);
    expect(wrong.code).toBe(3);
    expect(wrong.stderr).toContain('is a class group provisioning flow');
    const unknown = await cli(['update', ...CLASS, '--type', 'teams', '--set', '/x=1']);
    expect(unknown.code).toBe(2);
    expect(writes()).toHaveLength(0);
  });

  test('a member that fits no flow type is exit 3 offline; one that fits another type than the live one is exit 3 online', async () => {
    const offline = await cli(['update', ...CLASS, '--set', '/noSuchMember=1']);
    expect(offline.code).toBe(3);
    expect(emu.requests).toHaveLength(0);
    const online = await cli(['update', ...CLASS, '--set', '/creationOptions/createBasedOnRoleGroup=false']);
    expect(online.code).toBe(3);
    expect(online.stderr).toContain('the type of flow');
    expect(writes()).toHaveLength(0);
  });
});
