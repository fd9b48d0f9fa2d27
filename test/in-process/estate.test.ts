// In process against the emulator: export → plan → apply of one tenant, as a folder in git would
// see them, with the write-only passwords the tenant holds.
import { describe, expect, test } from '@jest/globals';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { expectNoSecrets, fakeJwt, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';
import { editJson, type ReportJson } from '../helpers/estate-files.js';

const emu = useEmulator();
const SET_DIR = 'sets/contoso-district-flows';
const EMPTY_SET_DIR = 'sets/fabrikam-pilot-no-flows-yet';
const PASSWORD_ENV = { SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF: 'Staff-From-Env-1!', SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STUDENTS: 'Students-From-Env-2!' };

const cli = (args: string[], env: Record<string, string | undefined> = {}, stateDir?: string): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...(stateDir ? { EDU_FLOW_STATE_DIR: stateDir } : {}), ...env } });
const json = <T = Record<string, unknown>>(result: CliResult): T => JSON.parse(result.stdout) as T;

/** Every file under a folder, path → text. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full), readFileSync(full, 'utf8'));
    }
  };
  walk(root);
  return files;
}

async function exported(): Promise<string> {
  const out = path.join(makeTempDir(), 'sds');
  const result = await cli(['export', '--out', out, '-o', 'json']);
  expect(result.code).toBe(0);
  return out;
}

describe('export', () => {
  test('writes every set and flow, passwords as $env references: twice the same bytes, no secret, each file valid', async () => {
    const out = path.join(makeTempDir(), 'sds');
    const first = await cli(['export', '--out', out, '-o', 'json']);
    expect(first.code).toBe(0);
    const files = snapshot(out);
    expect([...files.keys()].sort()).toEqual(
      [
        'edu-flow.json',
        `${EMPTY_SET_DIR}/set.json`,
        `${SET_DIR}/administrativeUnit.json`,
        `${SET_DIR}/classGroup.json`,
        `${SET_DIR}/securityGroup.json`,
        `${SET_DIR}/set.json`,
        `${SET_DIR}/user.json`,
      ]
        .map((p) => p.split('/').join(path.sep))
        .sort(),
    );
    const all = [...files.values()].join('\n');
    for (const password of Object.values(SEED_PASSWORDS)) expect(all).not.toContain(password);
    expect(all).not.toMatch(/\*{3,}/);
    expect(all).not.toMatch(/"(id|createdDateTime|lastModifiedDateTime|readinessStatus)"/);
    expect(all).not.toContain(emu.origin);
    const user = JSON.parse(files.get(path.join(SET_DIR, 'user.json')) as string);
    expect(user.creationOptions.configurations.map((c: Record<string, any>) => c.defaultPasswordSettings.password)).toEqual([
      { $env: 'SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF' },
      { $env: 'SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STUDENTS' },
    ]);
    expect(user.creationOptions.configurations[0]['roleGroup@odata.bind']).toBe('https://graph.microsoft.com/beta/external/industryData/roleGroups/staff');
    expect(json<{ passwords: { env: string }[] }>(first).passwords.map((p) => p.env)).toEqual(Object.keys(PASSWORD_ENV));
    const manifest = JSON.parse(files.get('edu-flow.json') as string);
    expect(manifest.format).toBe('edu-flow-folder/1');
    expect(manifest.passwords.map((p: { env: string }) => p.env)).toEqual(Object.keys(PASSWORD_ENV));
    expectNoSecrets(first, [USER_TOKEN, ...Object.values(SEED_PASSWORDS)]);

    const second = await cli(['export', '--out', out, '-o', 'json']);
    expect(second.code).toBe(0);
    expect(json(second)).toMatchObject({ written: 0, unchanged: files.size, removed: [] });
    expect(snapshot(out)).toEqual(files);

    for (const [name] of files) {
      if (name === 'edu-flow.json') continue;
      const valid = await cli(['validate', '-f', path.join(out, name), '-o', 'json']);
      expect([name, valid.code]).toEqual([name, 0]);
    }
  });

  test('an export after the tenant changed removes what is gone and keeps files edu-flow did not write', async () => {
    const out = await exported();
    writeFileSync(path.join(out, 'README.md'), 'our notes\n');
    emu.flows.delete(`${SEED.setId}/${SEED.classGroupFlowId}`);
    emu.sets.delete(SEED.emptySetId);
    const result = await cli(['export', '--out', out, '-o', 'json']);
    expect(result.code).toBe(0);
    expect(json<{ removed: string[] }>(result).removed).toEqual([`${SET_DIR}/classGroup.json`, `${EMPTY_SET_DIR}/set.json`]);
    expect(existsSync(path.join(out, EMPTY_SET_DIR))).toBe(false);
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toBe('our notes\n');
  });

  test('writes files others may read (they hold no secret), also into a folder a team shares (group-writable)', async () => {
    const shared = makeTempDir();
    chmodSync(shared, 0o775);
    const out = path.join(shared, 'sds');
    expect((await cli(['export', '--out', out])).code).toBe(0);
    for (const name of ['edu-flow.json', path.join(SET_DIR, 'user.json')]) expect((statSync(path.join(out, name)).mode & 0o777).toString(8)).toBe('644');
    expect(readdirSync(path.join(out, SET_DIR)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test('refuses a folder that holds other files and no edu-flow.json (exit 2), writing nothing', async () => {
    const out = makeTempDir();
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const result = await cli(['export', '--out', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no edu-flow.json');
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });
});

describe('plan', () => {
  test('the export of an unchanged tenant: no change (also with --exit-code), the passwords counted as write-only', async () => {
    const out = await exported();
    emu.requests.length = 0;
    const result = await cli(['plan', out, '--exit-code', '-o', 'json']);
    expect(result.code).toBe(0);
    const report = json<ReportJson>(result);
    expect(report.tenants).toHaveLength(1);
    expect(report.tenants[0]).toMatchObject({ outcome: 'unchanged', plan: { steps: [], unmanaged: [], unchanged: 6, writeOnlyPasswords: 2 } });
    expect(emu.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  test('an edited file shows exactly that change, and --exit-code exits 8; text and Markdown say it too', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.managementOptions.additionalOptions.studentAgeGroup = 'adult';
    });
    const result = await cli(['plan', out, '--exit-code', '-o', 'json']);
    expect(result.code).toBe(8);
    const [tenant] = json<ReportJson>(result).tenants;
    expect(tenant.outcome).toBe('changes');
    expect(tenant.plan?.steps).toEqual([
      expect.objectContaining({
        key: 'flow:Contoso district flows/user',
        action: 'update',
        flowId: SEED.userFlowId,
        changes: [{ pointer: '/managementOptions/additionalOptions/studentAgeGroup', before: 'minor', after: 'adult' }],
      }),
    ]);
    const reportFile = path.join(makeTempDir(), 'plan.md');
    const text = await cli(['plan', out, '-o', 'text', '--report', reportFile]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('studentAgeGroup');
    expect(text.stdout).toMatch(/1 to change/);
    const markdown = readFileSync(reportFile, 'utf8');
    expect(markdown).toContain('## edu-flow plan');
    expect(markdown).toContain('studentAgeGroup');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('an invalid file stops everything before a request (exit 3), naming the file, line and problem', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'classGroup.json'), (b) => {
      b.configuration.additionalOptions.createTeam = 'yes';
    });
    writeFileSync(path.join(out, SET_DIR, 'usr.json'), '{}');
    emu.requests.length = 0;
    const result = await cli(['plan', out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('usr.json');
    expect(result.stderr).toMatch(/classGroup\.json:\d+:\d+/);
    expect(emu.requests).toHaveLength(0);
  });

  test('a folder without edu-flow.json is not a folder of files (exit 3)', async () => {
    const result = await cli(['plan', makeTempDir()]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('edu-flow.json');
  });

  test('a variable the folder uses and nobody defines is an error before anything is sent; --var defines it', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.creationOptions.configurations[0].licenseSkus = [{ $var: 'STAFF_SKU' }];
    });
    emu.requests.length = 0;
    const missing = await cli(['plan', out]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('STAFF_SKU');
    expect(emu.requests).toHaveLength(0);
    const defined = await cli(['plan', out, '--var', 'STAFF_SKU=Sku1', '-o', 'json']);
    expect(defined.code).toBe(0);
    expect(json<ReportJson>(defined).tenants[0].outcome).toBe('unchanged');
  });
});

describe('apply', () => {
  test('makes the edited change, verified, with a backup; the live passwords stay; plan then shows nothing', async () => {
    const out = await exported();
    const state = makeTempDir();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.managementOptions.additionalOptions.studentAgeGroup = 'adult';
    });
    const result = await cli(['apply', out, '--yes', '-o', 'json'], {}, state);
    expect(result.code).toBe(0);
    const [tenant] = json<ReportJson>(result).tenants;
    expect(tenant).toMatchObject({ outcome: 'applied', applied: ['flow:Contoso district flows/user'] });
    expect(tenant.backups).toHaveLength(1);
    expect(JSON.parse(readFileSync(tenant.backups[0], 'utf8'))).toMatchObject({ operation: 'update', flowId: SEED.userFlowId });
    const [patch] = emu.requestsTo('PATCH');
    expect(patch.json).toEqual({ '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', managementOptions: expect.any(Object) });
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('adult');
    // The GET after the PATCH is the verification.
    expect(emu.requests.at(-1)?.method).toBe('GET');
    expect(emu.flows.get(`${SEED.setId}/${SEED.userFlowId}`)).toMatchObject({
      creationOptions: { configurations: [{ defaultPasswordSettings: { password: SEED_PASSWORDS.staff } }, { defaultPasswordSettings: { password: SEED_PASSWORDS.students } }] },
    });
    const again = await cli(['plan', out, '--exit-code'], {}, state);
    expect(again.code).toBe(0);
    // An apply with nothing to do finishes too: the next one does not take it for an interrupted run.
    expect((await cli(['apply', out, '--yes'], {}, state)).code).toBe(0);
    const next = await cli(['apply', out, '--yes'], {}, state);
    expect(next.stderr).not.toContain('did not finish');
  });

  test('a change to the configurations sends the passwords again from the environment; without them nothing is sent (exit 3)', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.creationOptions.configurations[0].licenseSkus = ['Sku1', 'SkuNew'];
    });
    emu.requests.length = 0;
    const without = await cli(['apply', out, '--yes']);
    expect(without.code).toBe(3);
    expect(without.stderr).toContain('SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF');
    expect(emu.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);

    const state = makeTempDir();
    const report = path.join(makeTempDir(), 'apply.md');
    const result = await cli(['apply', out, '--yes', '-o', 'json', '--report', report], PASSWORD_ENV, state);
    expect(result.code).toBe(0);
    const stored = emu.flows.get(`${SEED.setId}/${SEED.userFlowId}`) as Record<string, any>;
    expect(stored.creationOptions.configurations.map((c: Record<string, any>) => c.defaultPasswordSettings.password)).toEqual(Object.values(PASSWORD_ENV));
    expect(stored.creationOptions.configurations[0].licenseSkus).toEqual(['Sku1', 'SkuNew']);
    const secrets = [USER_TOKEN, ...Object.values(PASSWORD_ENV), ...Object.values(SEED_PASSWORDS)];
    expectNoSecrets(result, secrets);
    // Nor in anything the run left on disk: the backup, the apply state, the Markdown report.
    const written = [...snapshot(state).values(), readFileSync(report, 'utf8')].join('\n');
    expect(snapshot(state).size).toBeGreaterThanOrEqual(2);
    for (const secret of secrets) expect(written).not.toContain(secret);
  });

  test('a file that leaves out a live password: plan shows its removal, apply refuses it (exit 3) unless --drop-default-passwords', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      delete b.creationOptions.configurations[1].defaultPasswordSettings;
    });
    const planned = await cli(['plan', out, '-o', 'json']);
    expect(json<ReportJson>(planned).tenants[0].plan?.steps[0].changes).toEqual([
      { pointer: '/creationOptions/configurations/1/defaultPasswordSettings', before: '********', element: 'role group students' },
    ]);
    const refused = await cli(['apply', out, '--yes'], PASSWORD_ENV);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('students');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
    const dropped = await cli(['apply', out, '--yes', '--drop-default-passwords'], PASSWORD_ENV);
    expect(dropped.code).toBe(0);
    const stored = emu.flows.get(`${SEED.setId}/${SEED.userFlowId}`) as Record<string, any>;
    expect(stored.creationOptions.configurations[1].defaultPasswordSettings).toBeUndefined();
    expect(stored.creationOptions.configurations[0].defaultPasswordSettings.password).toBe(PASSWORD_ENV.SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF);
  });

  test('a new set in the folder is created with its flows, sets first; a plan afterwards shows nothing', async () => {
    const out = await exported();
    cpSync(path.join(out, SET_DIR), path.join(out, 'sets/north'), { recursive: true });
    editJson(path.join(out, 'sets/north/set.json'), (b) => {
      b.displayName = 'North';
    });
    const result = await cli(['apply', out, '--yes', '-o', 'json'], PASSWORD_ENV);
    expect(result.code).toBe(0);
    const [tenant] = json<ReportJson>(result).tenants;
    expect(tenant.applied).toEqual(['set:North', 'flow:North/user', 'flow:North/classGroup', 'flow:North/securityGroup', 'flow:North/administrativeUnit']);
    const posts = emu.requestsTo('POST');
    expect(posts[0].path).toMatch(/outboundProvisioningFlowSets$/);
    const north = [...emu.sets.values()].find((s) => s.displayName === 'North') as Record<string, unknown>;
    expect(emu.flowsIn(String(north.id)).map((f) => f['@odata.type'])).toHaveLength(4);
    const user = emu.flowsIn(String(north.id)).find((f) => f['@odata.type'] === '#microsoft.graph.industryData.userProvisioningFlow') as Record<string, any>;
    expect(user.creationOptions.configurations.map((c: Record<string, any>) => c.defaultPasswordSettings.password)).toEqual(Object.values(PASSWORD_ENV));
    const again = await cli(['plan', out, '--exit-code']);
    expect(again.code).toBe(0);
  });

  test('deletes only with --prune: without it the flow is listed as kept; with it, backed up and deleted', async () => {
    const out = await exported();
    rmSync(path.join(out, SET_DIR, 'securityGroup.json'));
    const kept = await cli(['plan', out, '-o', 'json']);
    expect(json<ReportJson>(kept).tenants[0].plan).toMatchObject({ steps: [], unmanaged: [{ object: 'flow', kind: 'securityGroup', flowId: SEED.securityGroupFlowId }] });
    const plainApply = await cli(['apply', out, '--yes']);
    expect(plainApply.code).toBe(0);
    expect(emu.requestsTo('DELETE')).toHaveLength(0);

    const pruned = await cli(['apply', out, '--yes', '--prune', '-o', 'json']);
    expect(pruned.code).toBe(0);
    const [tenant] = json<ReportJson>(pruned).tenants;
    expect(tenant.applied).toEqual(['flow:Contoso district flows/securityGroup']);
    expect(JSON.parse(readFileSync(tenant.backups[0], 'utf8'))).toMatchObject({ operation: 'delete', flowId: SEED.securityGroupFlowId });
    expect(emu.flow(SEED.setId, SEED.securityGroupFlowId)).toBeUndefined();
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toBeDefined();
  });

  test('without a terminal and without --yes: exit 2 before any request', async () => {
    const out = await exported();
    emu.requests.length = 0;
    const result = await cli(['apply', out]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--yes');
    expect(emu.requests).toHaveLength(0);
  });

  test('a failure mid-apply leaves a state that --resume goes on from, without repeating a finished write', async () => {
    const out = await exported();
    const state = makeTempDir();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.managementOptions.additionalOptions.studentAgeGroup = 'adult';
    });
    editJson(path.join(out, SET_DIR, 'securityGroup.json'), (b) => {
      b.creationOptions.createBasedOnOrgPlusRoleGroup = true;
    });
    // The user flow's PATCH holds; the security group's is accepted but not kept, so its check fails.
    emu.ignoreOnPatch.add('/creationOptions/createBasedOnOrgPlusRoleGroup');
    const failed = await cli(['apply', out, '--yes'], {}, state);
    expect(failed.code).toBe(7);
    expect(failed.stderr).toContain('--resume');
    const stateFiles = readdirSync(path.join(state, 'apply'));
    expect(stateFiles).toHaveLength(1);
    const recorded = JSON.parse(readFileSync(path.join(state, 'apply', stateFiles[0]), 'utf8'));
    expect(Object.values(recorded.tenants)[0]).toMatchObject({ status: 'failed', done: ['flow:Contoso district flows/user'] });

    emu.ignoreOnPatch.clear();
    // A plan made now shows only what is left.
    const left = await cli(['plan', out, '-o', 'json'], {}, state);
    expect(json<ReportJson>(left).tenants[0].plan?.steps.map((s) => s.key)).toEqual(['flow:Contoso district flows/securityGroup']);
    emu.requests.length = 0;
    const resumed = await cli(['apply', out, '--yes', '--resume', '-o', 'json'], {}, state);
    expect(resumed.code).toBe(0);
    const patches = emu.requestsTo('PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0].path).toContain(SEED.securityGroupFlowId);
    expect(emu.flowValue(SEED.setId, SEED.securityGroupFlowId, '/creationOptions/createBasedOnOrgPlusRoleGroup')).toBe(true);
  });

  test('--resume refuses a folder that changed since, and needs a state to resume', async () => {
    const out = await exported();
    const state = makeTempDir();
    const none = await cli(['apply', out, '--yes', '--resume'], {}, state);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing to resume');
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.createUnmatchedUsers = false;
    });
    emu.queue('PATCH', { graphError: { status: 400, code: 'BadRequest', message: 'refused by the test' } });
    expect((await cli(['apply', out, '--yes'], {}, state)).code).toBe(5);
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.createUnmatchedUsers = true;
    });
    const changed = await cli(['apply', out, '--yes', '--resume'], {}, state);
    expect(changed.code).toBe(2);
    expect(changed.stderr).toContain('folder changed');
  });
});

describe('what a file says', () => {
  test('a set file without "filter" means no filter: plan shows its removal, apply removes it', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'set.json'), (b) => {
      delete b.filter;
    });
    const planned = await cli(['plan', out, '-o', 'json']);
    expect(json<ReportJson>(planned).tenants[0].plan?.steps).toEqual([expect.objectContaining({ key: 'set:Contoso district flows', action: 'update' })]);
    expect((await cli(['apply', out, '--yes'])).code).toBe(0);
    expect(emu.flowSet(SEED.setId)?.filter).toBeUndefined();
    expect((await cli(['plan', out, '--exit-code'])).code).toBe(0);
  });

  test('a flow member a file leaves out is left as it is', async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      delete b.createUnmatchedUsers;
    });
    const planned = await cli(['plan', out, '--exit-code', '-o', 'json']);
    expect(planned.code).toBe(0);
    expect(json<ReportJson>(planned).tenants[0].outcome).toBe('unchanged');
  });

  test("a variable's value may be an $env reference: each district's password named in its own variable", async () => {
    const out = await exported();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.creationOptions.configurations[0].licenseSkus = ['Sku1', 'SkuNew'];
      b.creationOptions.configurations[0].defaultPasswordSettings.password = { $var: 'STAFF_PASSWORD' };
    });
    const result = await cli(['apply', out, '--yes', '--var', 'STAFF_PASSWORD={"$env":"NORTH_STAFF_PW"}'], {
      NORTH_STAFF_PW: 'North-Staff-Pw-1!',
      SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STUDENTS: 'Students-Pw-2!',
    });
    expect(result.code).toBe(0);
    const stored = emu.flows.get(`${SEED.setId}/${SEED.userFlowId}`) as Record<string, any>;
    expect(stored.creationOptions.configurations[0].defaultPasswordSettings.password).toBe('North-Staff-Pw-1!');
    expectNoSecrets(result, ['North-Staff-Pw-1!', 'Students-Pw-2!']);
  });

  test('--prune deletes a set no file describes, after backing it up with its flows; plan lists it first as kept', async () => {
    const out = await exported();
    rmSync(path.join(out, SET_DIR), { recursive: true });
    const kept = await cli(['plan', out, '-o', 'json']);
    expect(json<ReportJson>(kept).tenants[0].plan?.unmanaged).toEqual([{ object: 'set', setName: 'Contoso district flows', setId: SEED.setId }]);
    const text = await cli(['plan', out, '--prune', '-o', 'text']);
    expect(text.stdout).toContain('- delete flow set "Contoso district flows"');
    const pruned = await cli(['apply', out, '--yes', '--prune', '-o', 'json']);
    expect(pruned.code).toBe(0);
    const [tenant] = json<ReportJson>(pruned).tenants;
    expect(tenant.applied).toEqual(['set:Contoso district flows']);
    const backup = JSON.parse(readFileSync(tenant.backups[0], 'utf8'));
    expect(backup).toMatchObject({ operation: 'delete', kind: 'flowSet', setId: SEED.setId });
    expect(backup.flows).toHaveLength(4);
    expect(emu.flowSet(SEED.setId)).toBeUndefined();
    expect(emu.flowSet(SEED.emptySetId)).toBeDefined();
  });
});

describe('apply --plan and --dry-run (send nothing)', () => {
  test('--plan: exactly the requests apply would send, passwords shown only as their $env names; no write, no backup, no state', async () => {
    const out = await exported();
    const state = makeTempDir();
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.creationOptions.configurations[0].licenseSkus = ['Sku1', 'SkuNew'];
    });
    cpSync(path.join(out, SET_DIR), path.join(out, 'sets/north'), { recursive: true });
    editJson(path.join(out, 'sets/north/set.json'), (b) => {
      b.displayName = 'North';
    });
    const result = await cli(['apply', out, '--plan', '-o', 'json'], {}, state);
    expect(result.code).toBe(0);
    const value = json<{ plan: boolean; tenants: { requests: { method: string; url: string; body?: Record<string, any> }[] }[] }>(result);
    const requests = value.tenants[0].requests;
    expect(requests.map((r) => `${r.method} ${r.url.slice(emu.graphUrl.length)}`)).toEqual([
      'POST /external/industryData/outboundProvisioningFlowSets',
      `PATCH /external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`,
      ...['user', 'classGroup', 'securityGroup', 'administrativeUnit'].map(() => 'POST /external/industryData/outboundProvisioningFlowSets/{new set "North"}/provisioningFlows'),
    ]);
    expect(requests[1].body?.creationOptions.configurations[0].defaultPasswordSettings.password).toEqual({ $env: 'SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF' });
    expect(emu.requests.filter((r) => r.method !== 'GET')).toHaveLength(0);
    expect(existsSync(path.join(state, 'backups'))).toBe(false);
    expect(existsSync(path.join(state, 'apply'))).toBe(false);
    const text = await cli(['apply', out, '--plan', '-o', 'text'], {}, state);
    expect(text.stdout).toContain('Would send to');
    expect(text.stderr).toContain('Plan: nothing was sent.');
  });

  test('--plan checks the write permission first: a read-only token is exit 4, nothing sent', async () => {
    const out = await exported();
    const readOnly = fakeJwt({ tid: '11111111-2222-3333-4444-555555555555', scp: 'IndustryData-OutboundFlow.Read.All', exp: 4102444800 });
    emu.requests.length = 0;
    const result = await cli(['apply', out, '--plan'], { EDU_FLOW_ACCESS_TOKEN: readOnly });
    expect(result.code).toBe(4);
    expect(emu.requests).toHaveLength(0);
  });

  test('--dry-run: offline, no token; the folder checked and summed up, an invalid one still exit 3', async () => {
    const out = await exported();
    emu.requests.length = 0;
    const result = await cli(['apply', out, '--dry-run', '-o', 'json'], { EDU_FLOW_ACCESS_TOKEN: undefined });
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ dryRun: true, tenants: [{ sets: expect.arrayContaining([expect.objectContaining({ name: 'Contoso district flows' })]) }] });
    expect(emu.requests).toHaveLength(0);
    editJson(path.join(out, SET_DIR, 'user.json'), (b) => {
      b.createUnmatchedUsers = 'yes';
    });
    expect((await cli(['apply', out, '--dry-run'], { EDU_FLOW_ACCESS_TOKEN: undefined })).code).toBe(3);
  });
});
