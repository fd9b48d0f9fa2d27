// In process: backups that make every deletion restorable (sets delete backs up the set with all
// its flows), and restores that are checked like any body before any request: main(argv, ctx)
// against the emulator over real HTTPS; the prompts on a real terminal still spawn the built CLI.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { onTerminal as runOnTerminal } from '../helpers/on-terminal.js';
import { ADMIN_UPN, expectNoSecrets, fakeJwt, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

const OTHER_TOKEN = fakeJwt({ tid: 'other-tenant-id', upn: 'admin@fabrikam.edu', scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: 4102444800 });
const READ_ONLY_TOKEN = fakeJwt({ tid: TENANT_ID, upn: ADMIN_UPN, scp: 'IndustryData-OutboundFlow.Read.All', exp: 4102444800 });
const STAFF_PW = 'Restored-Staff-Secret-2027!';
const SECRETS = [USER_TOKEN, OTHER_TOKEN, READ_ONLY_TOKEN, SEED_PASSWORDS.staff, SEED_PASSWORDS.students, STAFF_PW];
/** How edu-flow masks a password in its own output. */
const MASK = '********';
/** How Graph (and so a backup) shows a password. */
const GRAPH_MASK = '*'.repeat(15);
const NS = '#microsoft.graph.industryData';

const folder = (): string => path.join(dir, 'state', 'backups');
const backupFiles = (): string[] => (existsSync(folder()) ? readdirSync(folder()).sort() : []);
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: path.join(dir, 'state'), ...env } });
const json = <T = Record<string, any>>(result: CliResult): T => JSON.parse(result.stdout) as T;
const writes = () => emu.requests.filter((r) => r.method !== 'GET');
const checked = (result: CliResult): CliResult => {
  expectNoSecrets(result, SECRETS);
  return result;
};
const STAFF_SET = `/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"${NS}.simplePasswordSettings","password":{"$env":"STAFF_PW"}}`;

interface Planned {
  method: string;
  url: string;
  body?: Record<string, unknown>;
}

/** The printed request is the one the real run sent: method, URL, body bytes (the password masked). */
function expectSameRequest(printed: Planned, sent: { method: string; path: string; rawBody: string }, url = printed.url): void {
  expect(printed.method).toBe(sent.method);
  expect(url).toBe(`${emu.origin}${sent.path}`);
  expect(JSON.stringify(printed.body)).toBe(sent.rawBody.split(STAFF_PW).join(MASK));
}

/** A backup file as edu-flow writes it, for the tests that start from one. */
function writeBackupFile(name: string, record: Record<string, unknown>): string {
  mkdirSync(folder(), { recursive: true, mode: 0o700 });
  const file = path.join(folder(), name);
  writeFileSync(file, JSON.stringify(record, null, 2));
  return file;
}

/** The seeded user flow as a backup holds it: annotations gone, passwords masked. */
function userFlowBackup(object: (flow: Record<string, any>) => void = () => {}, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const flow = emu.flow(SEED.setId, SEED.userFlowId) as unknown as Record<string, any>;
  for (const configuration of flow.creationOptions.configurations) {
    delete configuration['roleGroup@odata.context'];
    configuration.defaultPasswordSettings.password = GRAPH_MASK;
  }
  object(flow);
  return {
    format: 'edu-flow-backup/2',
    takenAt: '2026-12-01T10:00:00.000Z',
    operation: 'update',
    kind: 'flow',
    graphUrl: emu.graphUrl,
    tenant: TENANT_ID,
    setId: SEED.setId,
    flowId: SEED.userFlowId,
    object: flow,
    ...extra,
  };
}

/** A set backup of the seeded set and its flows but the user flow (whose passwords a backup cannot hold). */
function seededSetBackup(set: (object: Record<string, unknown>) => Record<string, unknown> = (object) => object) {
  const object = emu.flowSet(SEED.setId) as unknown as Record<string, unknown>;
  const flows = emu.flowsIn(SEED.setId).filter((f) => f['@odata.type'] !== `${NS}.userProvisioningFlow`);
  const backup = set({ ...object });
  const file = writeBackupFile('set.json', {
    format: 'edu-flow-backup/2',
    takenAt: '2026-12-01T10:00:00.000Z',
    operation: 'delete',
    kind: 'flowSet',
    graphUrl: emu.graphUrl,
    tenant: TENANT_ID,
    setId: String(backup.id),
    object: backup,
    flows,
  });
  return { file, flows };
}

describe('sets delete, then restore', () => {
  test('a set with all four flow types: one backup (all pages), recreated with new ids and settings; passwords named, one supplied through $env; --plan is the exact requests; a second restore stops on the name', async () => {
    emu.pageSize = 2; // the four flows come in two pages
    const seeded = emu.flowsIn(SEED.setId);
    expect(seeded).toHaveLength(4);

    const deleted = checked(await cli(['sets', 'delete', '--set-id', SEED.setId, '--yes', '--output', 'json']));
    expect(deleted.code).toBe(0);
    expect(emu.flowSet(SEED.setId)).toBeUndefined();
    expect(backupFiles()).toHaveLength(1);
    const raw = readFileSync(path.join(folder(), backupFiles()[0]), 'utf8');
    for (const secret of SECRETS) expect(raw).not.toContain(secret);
    const backup = JSON.parse(raw);
    expect(backup).toMatchObject({ format: 'edu-flow-backup/2', kind: 'flowSet', operation: 'delete', tenant: TENANT_ID, graphUrl: emu.graphUrl, setId: SEED.setId });
    expect(backup.object.displayName).toBe(SEED.setDisplayName);
    expect(backup.flows.map((f: { id: string }) => f.id).sort()).toEqual(seeded.map((f) => f.id).sort());
    expect(json(deleted).flows).toHaveLength(4);

    const env = { STAFF_PW };
    const writesAfterDelete = writes().length;
    const plan = checked(await cli(['restore', '--latest', '--set-id', SEED.setId, '--set', STAFF_SET, '--plan', '--output', 'json'], env));
    expect(plan.code).toBe(0);
    expect(writes()).toHaveLength(writesAfterDelete);
    const planned = json<{ requests: Planned[] }>(plan).requests;
    expect(planned).toHaveLength(5);
    // Named before anything is asked or sent: the password the backup cannot bring back and was not supplied.
    expect(json(plan).passwordsNotRestored).toEqual([
      { type: 'user', flowId: SEED.userFlowId, roleGroup: 'students', pointer: '/creationOptions/configurations/1/defaultPasswordSettings' },
    ]);

    const restored = checked(await cli(['restore', '--latest', '--set-id', SEED.setId, '--set', STAFF_SET, '--yes', '--output', 'json'], env));
    expect(restored.code).toBe(0);
    expect(restored.stderr).toMatch(/default password of role group students .*cannot be restored/);
    expect(restored.stderr).not.toMatch(/role group staff .*cannot be restored/);
    const out = json(restored);
    expect(out).toMatchObject({ restored: true, created: true, set: { oldId: SEED.setId } });
    const newSetId = out.set.newId as string;
    expect(newSetId).not.toBe(SEED.setId);
    expect(restored.stderr).toContain(`${SEED.setId} → ${newSetId}`);
    expect(out.flows.map((f: { oldId: string }) => f.oldId).sort()).toEqual(seeded.map((f) => f.id).sort());

    // The printed requests are the ones sent, in order, byte for byte.
    const posts = emu.requestsTo('POST');
    expect(posts).toHaveLength(5);
    planned.forEach((printed, i) => {
      expectSameRequest(printed, posts[i], printed.url.replace('{new-set-id}', newSetId));
    });

    // The set and every flow hold their backed-up settings; the supplied password is stored.
    expect(emu.flowSet(newSetId)).toMatchObject({ displayName: SEED.setDisplayName, filter: seededFilter() });
    for (const flow of out.flows as { oldId: string; newId: string }[]) {
      expect(restored.stderr).toContain(`${flow.oldId} → ${flow.newId}`);
      const now = emu.flow(newSetId, flow.newId) as unknown as Record<string, any>;
      const before = seeded.find((f) => f.id === flow.oldId) as unknown as Record<string, any>;
      expect(now['@odata.type']).toBe(before['@odata.type']);
      for (const key of ['configuration', 'managementOptions', 'createUnmatchedUsers']) expect(now[key]).toEqual(before[key]);
      if (before.creationOptions?.configurations) {
        const [staff, students] = now.creationOptions.configurations;
        expect(staff.defaultPasswordSettings.password).toBe(STAFF_PW);
        expect(students.defaultPasswordSettings).toBeUndefined();
        expect(now.creationOptions.configurations.map((c: any) => c.licenseSkus)).toEqual([['Sku1'], ['Sku2']]);
      } else {
        expect(now.creationOptions).toEqual(before.creationOptions);
      }
    }

    // Twice: the set with that name exists now, so nothing more is created.
    const again = checked(await cli(['restore', path.join(folder(), backupFiles().find((f) => f.endsWith('_delete.json')) as string), '--yes'], env));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`a flow set named "${SEED.setDisplayName}" already exists (${newSetId})`);
    expect(again.stderr).toContain('--allow-duplicate-name');
    expect(emu.requestsTo('POST')).toHaveLength(5);
  });

  test('sets delete without --yes and without a terminal: exit 2 before any request; --plan reads and sends nothing, no backup; a read-only token: exit 4 before any request', async () => {
    const noYes = checked(await cli(['sets', 'delete', '--set-id', SEED.setId]));
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    expect(emu.requests).toHaveLength(0);

    const readOnly = checked(await cli(['sets', 'delete', '--set-id', SEED.setId, '--yes'], { EDU_FLOW_ACCESS_TOKEN: READ_ONLY_TOKEN }));
    expect(readOnly.code).toBe(4);
    expect(emu.requests).toHaveLength(0);

    const plan = checked(await cli(['sets', 'delete', '--set-id', SEED.setId, '--plan', '--output', 'json']));
    expect(plan.code).toBe(0);
    expect(json(plan).requests).toEqual([{ method: 'DELETE', url: `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}` }]);
    expect(json(plan).flows).toHaveLength(4);
    // Who would delete it, in the names `status` and `login` use.
    expect(json(plan)).toMatchObject({ tenant: TENANT_ID, account: ADMIN_UPN });
    expect(json(plan)).not.toHaveProperty('principal');
    expect(writes()).toHaveLength(0);
    expect(backupFiles()).toHaveLength(0);
    expect(emu.flowSet(SEED.setId)).toBeDefined();
  });
});

function seededFilter() {
  return { '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: ['contoso-north', 'contoso-south'] };
}

describe('restore refuses before any request', () => {
  test.each([
    [
      'a plaintext password',
      () =>
        userFlowBackup((f) => {
          f.creationOptions.configurations[0].defaultPasswordSettings.password = 'Edited-In-Plain-Text-1!';
        }),
      3,
      /password in plain text/,
    ],
    [
      'an unknown member',
      () =>
        userFlowBackup((f) => {
          f.createUnmatchedUser = true;
        }),
      3,
      /createUnmatchedUser/,
    ],
    ['a flowId of ".."', () => userFlowBackup(undefined, { flowId: '..' }), 3, /"flowId" "\.\." is not a valid id/],
    ['not a backup', () => ({ format: 'something-else', kind: 'flow' }), 3, /not a usable edu-flow backup/],
  ])('%s: refused (exit 3), nothing sent', async (_name, record, code, message) => {
    const file = writeBackupFile('tampered.json', record());
    const result = checked(await cli(['restore', file, '--yes']));
    expect(result.stderr).toMatch(message);
    expect(result.code).toBe(code);
    expect(result.stderr).not.toContain('Edited-In-Plain-Text-1!');
    expect(emu.requests).toHaveLength(0);
  });

  test("another tenant's token: exit 2, nothing sent; a read-only token: exit 4 before any request", async () => {
    const file = writeBackupFile(
      'flow.json',
      userFlowBackup((f) => {
        f.createUnmatchedUsers = false;
      }),
    );
    const other = checked(await cli(['restore', file, '--yes'], { EDU_FLOW_ACCESS_TOKEN: OTHER_TOKEN }));
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`taken in tenant ${TENANT_ID}, but this credential is for tenant other-tenant-id`);
    expect(other.stderr).toContain('--allow-other-tenant');
    expect(emu.requests).toHaveLength(0);

    const readOnly = checked(await cli(['restore', file, '--yes'], { EDU_FLOW_ACCESS_TOKEN: READ_ONLY_TOKEN }));
    expect(readOnly.code).toBe(4);
    expect(emu.requests).toHaveLength(0);
  });
});

describe('restore of a flow that exists', () => {
  test('--plan prints exactly the PATCH then sent (only changed members; live passwords kept); a restore that would drop live passwords is refused', async () => {
    const file = writeBackupFile(
      'flow.json',
      userFlowBackup((f) => {
        f.createUnmatchedUsers = false;
        f.managementOptions.additionalOptions.studentAgeGroup = 'adult';
      }),
    );
    const plan = checked(await cli(['restore', file, '--plan', '--output', 'json']));
    expect(plan.code).toBe(0);
    expect(writes()).toHaveLength(0);
    const [printed] = json<{ requests: Planned[] }>(plan).requests;
    expect(Object.keys(printed.body ?? {})).toEqual(['@odata.type', 'createUnmatchedUsers', 'managementOptions']);

    const real = checked(await cli(['restore', file, '--yes', '--output', 'json']));
    expect(real.code).toBe(0);
    const [patch] = emu.requestsTo('PATCH');
    expectSameRequest(printed, patch);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/createUnmatchedUsers')).toBe(false);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings/password')).toBe(SEED_PASSWORDS.staff);
    // The state before the restore was backed up first.
    expect(json(real).backup).toContain(folder());

    const skus = writeBackupFile(
      'skus.json',
      userFlowBackup((f) => {
        f.creationOptions.configurations[0].licenseSkus = ['Sku9'];
      }),
    );
    const refused = checked(await cli(['restore', skus, '--yes']));
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('role groups staff, students');
    expect(refused.stderr).toContain('--drop-default-passwords');
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });
});

describe('backups list and restore --latest', () => {
  test('newest first, filtered by set and flow; a format 1 file is read (tenant unknown); --latest with none is exit 2 naming the folder', async () => {
    const flow = (takenAt: string, flowId: string, extra: Record<string, unknown> = {}) => userFlowBackup(undefined, { takenAt, flowId, ...extra });
    writeBackupFile('a.json', flow('2026-12-01T08:00:00.000Z', SEED.userFlowId));
    writeBackupFile('b.json', flow('2026-12-01T10:00:00.000Z', SEED.userFlowId, { format: 'edu-flow-backup/1', tenant: undefined }));
    writeBackupFile('c.json', flow('2026-12-01T09:00:00.000Z', SEED.classGroupFlowId));
    writeBackupFile('d.json', { ...flow('2026-12-01T11:00:00.000Z', SEED.userFlowId), setId: SEED.emptySetId });
    writeBackupFile('junk.json', { hello: 'world' });

    const all = checked(await cli(['backups', 'list']));
    expect(all.code).toBe(0);
    expect(json<{ path: string }[]>(all).map((e) => path.basename(e.path))).toEqual(['d.json', 'b.json', 'c.json', 'a.json']);

    const filtered = checked(await cli(['backups', 'list', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId]));
    const entries = json<{ path: string; tenant: string | null }[]>(filtered);
    expect(entries.map((e) => path.basename(e.path))).toEqual(['b.json', 'a.json']);
    expect(entries.map((e) => e.tenant)).toEqual([null, TENANT_ID]);

    // --latest takes b.json (format 1): the flow already holds it, so nothing is sent.
    const latest = checked(await cli(['restore', '--latest', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--yes']));
    expect(latest.code).toBe(0);
    expect(latest.stderr).toContain('b.json');
    expect(latest.stderr).toContain('does not record its tenant');
    expect(writes()).toHaveLength(0);

    const requestsBefore = emu.requests.length;
    const none = checked(await cli(['restore', '--latest', '--set-id', SEED.emptySetId, '--yes']));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no backup of the flow set ${SEED.emptySetId} in ${folder()}`);
    expect(emu.requests).toHaveLength(requestsBefore);
  });
});

const onTerminal = (args: string[], keys: string) => runOnTerminal({ graphUrl: emu.graphUrl, token: USER_TOKEN, dir }, args, keys);

describe('on a terminal, answering "n"', () => {
  test('sets delete names the tenant, account, set and each flow by type and id; restore names the target and the changes; nothing is sent', async () => {
    const del = await onTerminal(['sets', 'delete', '--set-id', SEED.setId], 'n\r');
    expect(del.code).toBe(2);
    for (const text of [
      TENANT_ID,
      ADMIN_UPN,
      SEED.setDisplayName,
      SEED.setId,
      `class group provisioning flow ${SEED.classGroupFlowId}`,
      `user provisioning flow ${SEED.userFlowId}`,
      `security group provisioning flow ${SEED.securityGroupFlowId}`,
      `administrative unit provisioning flow ${SEED.adminUnitFlowId}`,
    ]) {
      expect(del.prompted).toContain(text);
    }
    expect(del.output).toContain('cancelled: nothing was sent');
    expect(backupFiles()).toHaveLength(0);

    const file = writeBackupFile(
      'flow.json',
      userFlowBackup((f) => {
        f.createUnmatchedUsers = false;
      }),
    );
    const restore = await onTerminal(['restore', file], 'n\r');
    expect(restore.code).toBe(2);
    for (const text of [TENANT_ID, ADMIN_UPN, SEED.setDisplayName, `user provisioning flow ${SEED.userFlowId}`, 'createUnmatchedUsers']) expect(restore.prompted).toContain(text);
    expect(writes()).toHaveLength(0);
    expectNoSecrets({ code: restore.code, signal: null, stdout: `${del.output}\n${restore.output}`, stderr: '' }, SECRETS);
  });
});

describe('restore on a terminal: Ctrl-C, Ctrl-D and "y"', () => {
  test('Ctrl-C is exit 130 and Ctrl-D exit 2, nothing sent and no backup either way; "y" restores', async () => {
    const file = writeBackupFile(
      'flow.json',
      userFlowBackup((f) => {
        f.createUnmatchedUsers = false;
      }),
    );
    const interrupted = await onTerminal(['restore', file], '\x03');
    expect(interrupted.code).toBe(130);
    expect(interrupted.output).toContain('interrupted by SIGINT');
    const ended = await onTerminal(['restore', file], '\x04');
    expect(ended.code).toBe(2);
    expect(ended.output).toContain('cancelled: nothing was sent');
    for (const result of [interrupted, ended]) {
      expect(result.prompted).toContain('[y/N]');
      expect(result.output).not.toContain('internal error');
    }
    expect(writes()).toHaveLength(0);
    expect(backupFiles().filter((f) => f.endsWith('_restore.json'))).toHaveLength(0);

    const confirmed = await onTerminal(['restore', file], 'y\r');
    expect(confirmed.code).toBe(0);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/createUnmatchedUsers')).toBe(false);
    expect(backupFiles().filter((f) => f.endsWith('_restore.json'))).toHaveLength(1);
  });
});

describe('--dry-run is offline', () => {
  test('sets delete and restore of a set backup print their requests without a token and send nothing', async () => {
    const offline = { EDU_FLOW_ACCESS_TOKEN: undefined };
    const del = checked(await cli(['sets', 'delete', '--set-id', SEED.setId, '--dry-run', '--output', 'json'], offline));
    expect(del.code).toBe(0);
    expect(json(del)).toMatchObject({ method: 'DELETE', url: `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}` });

    const { file, flows } = seededSetBackup();
    const restore = checked(await cli(['restore', file, '--dry-run', '--output', 'json'], offline));
    expect(restore.code).toBe(0);
    const requests = json<{ requests: Planned[] }>(restore).requests;
    expect(requests.map((r) => `${r.method} ${r.url.replace(emu.graphUrl, '')}`)).toEqual([
      'POST /external/industryData/outboundProvisioningFlowSets',
      ...flows.map(() => 'POST /external/industryData/outboundProvisioningFlowSets/{new-set-id}/provisioningFlows'),
    ]);
    expect(requests[0].body).toEqual({ '@odata.type': `${NS}.outboundProvisioningFlowSet`, displayName: SEED.setDisplayName, filter: seededFilter() });
    expect(emu.requests).toHaveLength(0);
  });
});

describe('a set restore that fails part-way', () => {
  test('Graph refuses a flow after the set was created: exit 5, and stderr says which set exists now and which flows were not created', async () => {
    const { file, flows } = seededSetBackup((set) => ({ ...set, id: 'gone-set', displayName: 'Gone district' }));
    emu.queue('POST', { status: 201, body: { id: 'new-set-id', displayName: 'Gone district' } }, { graphError: { status: 400, code: 'BadRequest', message: 'refused' } });
    const result = checked(await cli(['restore', file, '--yes']));
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('gone-set → new-set-id');
    expect(result.stderr).toContain(`the set was created again as new-set-id with 0 of its ${flows.length} flows`);
    expect(result.stderr).toContain(file);
    expect(emu.requestsTo('POST')).toHaveLength(2);
  });
});
