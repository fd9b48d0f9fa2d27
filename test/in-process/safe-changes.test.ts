// Plan before, backup during, verify after, against the emulator, through main() in this process.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { BODY_PASSWORD, expectNoSecrets, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
let backups: string;
beforeEach(async () => {
  dir = makeTempDir();
  backups = path.join(dir, 'backups');
});

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: dir, ...env } });
const file = (content: unknown, name = 'body.json'): string => {
  const target = path.join(dir, name);
  writeFileSync(target, JSON.stringify(content, null, 2));
  return target;
};
const USER = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const CLASS = ['--set-id', SEED.setId, '--flow-id', SEED.classGroupFlowId];
const TYPE = '#microsoft.graph.industryData.userProvisioningFlow';
interface DiffReport {
  changed: boolean;
  changes: { pointer: string; before?: unknown; after?: unknown }[];
  notReturned: string[];
}

/** The live user flow as a body equal to it: no change when sent. */
const SAME_AS_LIVE = {
  '@odata.type': TYPE,
  createUnmatchedUsers: true,
  managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'minor' } },
};
const backupFiles = (): string[] => readdirSync(backups).map((name) => path.join(backups, name));

describe('diff and update --plan', () => {
  test('no changes: exit 0 (also with --exit-code), changed false, nothing sent', async () => {
    const result = await cli(['diff', ...USER, '-f', file(SAME_AS_LIVE), '--exit-code']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ changed: false, changes: [], notReturned: [], passwordsRemoved: [] });
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('changes: listed with pointer, before and after; --exit-code makes it exit 8', async () => {
    const args = ['diff', ...USER, '--student-age-group', 'adult', '--create-unmatched-users', 'false'];
    const plain = await cli(args);
    expect(plain.code).toBe(0);
    const report = JSON.parse(plain.stdout) as DiffReport;
    expect(report.changed).toBe(true);
    expect(report.changes).toEqual([
      { pointer: '/createUnmatchedUsers', before: true, after: false },
      { pointer: '/managementOptions/additionalOptions/studentAgeGroup', before: 'minor', after: 'adult' },
    ]);
    expect((await cli([...args, '--exit-code'])).code).toBe(8);
    const text = await cli([...args, '-o', 'text']);
    expect(text.stdout).toContain('2 changes to the user provisioning flow');
    expect(text.stdout).toContain('~ /managementOptions/additionalOptions/studentAgeGroup: "minor" → "adult"');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('update --plan is the same preview and sends nothing', async () => {
    const result = await cli(['update', ...USER, '--student-age-group', 'adult', '--plan']);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as DiffReport).changes).toHaveLength(1);
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
    expect(readdirSafe(backups)).toEqual([]);
  });

  test('comparison rules: role groups by id, section-role codes case-insensitively, markAllStudentsAsMinors reported', async () => {
    const live = emu.flow(SEED.setId, SEED.classGroupFlowId) as Record<string, any>;
    const configuration = structuredClone(live.configuration);
    configuration.enrollmentMappings.ownerEnrollmentMappings = configuration.enrollmentMappings.ownerEnrollmentMappings.map((m: { code: string }) => ({
      code: m.code === 'paraprofessional' ? 'paraProfessional' : m.code,
    }));
    const classDiff = await cli(['diff', ...CLASS, '-f', file({ '@odata.type': live['@odata.type'], configuration }, 'class.json')]);
    expect(JSON.parse(classDiff.stdout)).toMatchObject({ changed: false });

    const users = {
      '@odata.type': TYPE,
      managementOptions: { additionalOptions: { markAllStudentsAsMinors: true } },
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff' },
          { 'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students' },
        ],
      },
    };
    const live2 = emu.flow(SEED.setId, SEED.userFlowId) as Record<string, any>;
    users.creationOptions.configurations.forEach((c: Record<string, unknown>, i: number) => {
      c.licenseSkus = live2.creationOptions.configurations[i].licenseSkus;
    });
    const userDiff = JSON.parse((await cli(['diff', ...USER, '-f', file(users, 'users.json')])).stdout) as DiffReport;
    expect(userDiff.notReturned).toEqual(['/managementOptions/additionalOptions/markAllStudentsAsMinors']);
    // The live configurations carry passwords the body leaves out: only those show as removed.
    expect(userDiff.changes.every((c) => c.pointer.endsWith('/defaultPasswordSettings') === false || c.after === undefined)).toBe(true);
    expect(userDiff.changes.some((c) => c.pointer.includes('roleGroup'))).toBe(false);
  });

  test('a body with a password is always a change, and the plan never shows it', async () => {
    const body = structuredClone(SAME_AS_LIVE) as Record<string, any>;
    const live = emu.flow(SEED.setId, SEED.userFlowId) as Record<string, any>;
    body.creationOptions = {
      configurations: live.creationOptions.configurations.map((c: Record<string, any>) => ({
        'roleGroup@odata.bind': `${emu.graphUrl}/external/industryData/roleGroups/${c.roleGroup.id}`,
        licenseSkus: c.licenseSkus,
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
      })),
    };
    const diff = await cli(['diff', ...USER, '-f', file(body)]);
    const report = JSON.parse(diff.stdout) as DiffReport;
    expect(report.changed).toBe(true);
    expect(report.changes.map((c) => c.pointer)).toEqual([
      '/creationOptions/configurations/0/defaultPasswordSettings/password',
      '/creationOptions/configurations/1/defaultPasswordSettings/password',
    ]);
    // Graph never returns the current password: the change says one is sent, never what it is.
    expect(report.changes[0]).toEqual({ pointer: '/creationOptions/configurations/0/defaultPasswordSettings/password', after: '********', element: 'role group staff' });
    const update = await cli(['update', ...USER, '-f', file(body)]);
    expect(update.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    expectNoSecrets(diff);
    expectNoSecrets(update);
    for (const backup of backupFiles()) expect(readFileSync(backup, 'utf8')).not.toContain(BODY_PASSWORD);
  });
});

function readdirSafe(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

describe('skip unchanged', () => {
  test('nothing would change: nothing sent, exit 0, changed false; --force sends it', async () => {
    const same = await cli(['update', ...USER, '-f', file(SAME_AS_LIVE)]);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toEqual({ status: null, changed: false, setId: SEED.setId, flowId: SEED.userFlowId });
    expect(same.stderr).toContain('Nothing to change');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
    expect(readdirSafe(backups)).toEqual([]);
    const forced = await cli(['update', ...USER, '-f', file(SAME_AS_LIVE), '--force']);
    expect(forced.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });
});

describe('backups and restore', () => {
  test('a backup before the PATCH (0600 in 0700, passwords masked), and restore puts the old state back', async () => {
    const update = await cli(['update', ...USER, '--student-age-group', 'adult', '-o', 'json']);
    expect(update.code).toBe(0);
    const backupPath = JSON.parse(update.stdout).backup as string;
    expect(update.stderr).toContain(`backup: ${backupPath}`);
    expect(path.basename(backupPath)).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d-\\d\\d-\\d\\d\\.\\d{3}Z_${SEED.setId}_${SEED.userFlowId}_update\\.json$`));
    expect(statSync(backupPath).mode & 0o777).toBe(0o600);
    expect(statSync(backups).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(readFileSync(backupPath, 'utf8'));
    expect(saved).toMatchObject({ format: 'edu-flow-backup/2', operation: 'update', kind: 'flow', setId: SEED.setId, flowId: SEED.userFlowId });
    expect(saved.object.managementOptions.additionalOptions.studentAgeGroup).toBe('minor');
    expect(JSON.stringify(saved)).not.toContain('@odata.context');
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('adult');

    const restore = await cli(['restore', backupPath, '--yes']);
    expect(restore.code).toBe(0);
    // Only what differs goes out: the configurations (and their live passwords) are not touched.
    const sent = emu.requestsTo('PATCH').at(-1)?.json as Record<string, any>;
    expect(Object.keys(sent).sort()).toEqual(['@odata.type', 'managementOptions']);
    expect(sent.managementOptions.additionalOptions.studentAgeGroup).toBe('minor');
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings/password')).toBe(SEED_PASSWORDS.staff);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('minor');
    // Restoring is a change too: the state it replaced was backed up first.
    expect(backupFiles().some((f) => f.endsWith('_restore.json'))).toBe(true);
  });

  test('delete backs up, and restore creates the flow again', async () => {
    const deleted = await cli(['delete', ...CLASS, '--yes', '--backup-dir', path.join(dir, 'elsewhere')]);
    expect(deleted.code).toBe(0);
    const [backup] = readdirSync(path.join(dir, 'elsewhere'));
    expect(backup).toMatch(/_delete\.json$/);
    expect(emu.flow(SEED.setId, SEED.classGroupFlowId)).toBeUndefined();
    const restore = await cli(['restore', path.join(dir, 'elsewhere', backup), '--yes']);
    expect(restore.code).toBe(0);
    expect(restore.stderr).toContain('created again');
    expect(emu.flowsIn(SEED.setId).some((f) => f['@odata.type'] === '#microsoft.graph.industryData.classGroupProvisioningFlow')).toBe(true);
  });

  test('reset backs up too; a file that is not a backup is exit 3', async () => {
    expect((await cli(['reset', ...USER, '--yes'])).code).toBe(0);
    expect(backupFiles().some((f) => f.endsWith('_reset.json'))).toBe(true);
    const notBackup = await cli(['restore', file({ hello: 'world' }, 'nope.json')]);
    expect(notBackup.code).toBe(3);
    expect(notBackup.stderr).toContain('is not a usable edu-flow backup');
    expect((await cli(['restore', path.join(dir, 'missing.json')])).code).toBe(3);
  });
});

describe('every backup: the tenant, sets update, and backups list', () => {
  const saved = (suffix: string): Record<string, any> => {
    const name = backupFiles().find((f) => f.endsWith(suffix));
    expect(name).toBeDefined();
    return JSON.parse(readFileSync(name as string, 'utf8'));
  };

  test('update, reset and delete record the tenant of the credential that took the backup', async () => {
    expect((await cli(['update', ...USER, '--student-age-group', 'adult'])).code).toBe(0);
    expect((await cli(['reset', ...USER, '--yes'])).code).toBe(0);
    expect((await cli(['delete', ...CLASS, '--yes'])).code).toBe(0);
    for (const operation of ['update', 'reset', 'delete']) {
      expect(saved(`_${operation}.json`)).toMatchObject({ format: 'edu-flow-backup/2', operation, kind: 'flow', tenant: TENANT_ID, graphUrl: emu.graphUrl });
    }
  });

  test('sets update backs up the set; restore sends only what differs, and nothing once the set holds the backup', async () => {
    const original = emu.flowSet(SEED.setId)?.displayName;
    const renamed = await cli(['sets', 'update', '--set-id', SEED.setId, '--display-name', 'Renamed by a test']);
    expect(renamed.code).toBe(0);
    const backup = saved(`_${SEED.setId}_set_update.json`);
    expect(backup).toMatchObject({ kind: 'flowSet', operation: 'update', tenant: TENANT_ID, setId: SEED.setId, object: { displayName: original } });
    expect(renamed.stderr).toContain('backup: ');

    const file = backupFiles().find((f) => f.endsWith('_set_update.json')) as string;
    const restored = await cli(['restore', file, '--yes']);
    expect(restored.code).toBe(0);
    const patch = emu.requestsTo('PATCH').at(-1)?.json as Record<string, unknown>;
    expect(Object.keys(patch).filter((k) => !k.startsWith('@odata'))).toEqual(['displayName']);
    expect(emu.flowSet(SEED.setId)?.displayName).toBe(original);

    const patches = emu.requestsTo('PATCH').length;
    const again = await cli(['restore', file, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already holds the backed-up state: nothing was sent');
    expect(emu.requestsTo('PATCH')).toHaveLength(patches);
  });

  test('backups list on a terminal: a table with when, before which operation, kind, set, flow, tenant and file', async () => {
    expect((await cli(['update', ...USER, '--student-age-group', 'adult'])).code).toBe(0);
    const listed = await runMain(['backups', 'list'], { env: { EDU_FLOW_STATE_DIR: dir, NO_COLOR: '1' }, tty: { stdout: true, stderr: true } });
    expect(listed.code).toBe(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header.split(/\s+/)).toEqual(['TAKEN', 'BEFORE', 'KIND', 'SET', 'FLOW', 'TENANT', 'FILE']);
    expect(row).toContain('update');
    expect(row).toContain(SEED.userFlowId);
    expect(row).toContain(TENANT_ID);
    expect(row).toContain(backupFiles()[0]);
  });
});

describe('verify', () => {
  test('a value Graph silently ignores: exit 7 naming the member', async () => {
    emu.ignoreOnPatch.add('/managementOptions/additionalOptions/studentAgeGroup');
    const result = await cli(['update', ...USER, '--student-age-group', 'adult', '--verify']);
    expect(result.code).toBe(7);
    expect(result.stderr).toContain('/managementOptions/additionalOptions/studentAgeGroup: sent "adult", Graph holds "minor"');
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    const unverified = await cli(['update', ...USER, '--student-age-group', 'adult', '--no-verify']);
    expect(unverified.code).toBe(0);
  });

  test('a value that holds: verified, exit 0', async () => {
    const result = await cli(['update', ...USER, '--student-age-group', 'notAdult', '--verify', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Verified');
    expect(JSON.parse(result.stdout).verified).toBe(true);
  });
});

describe('$env passwords', () => {
  const withReference = (name: string) => ({
    '@odata.type': TYPE,
    creationOptions: {
      configurations: [
        {
          'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students',
          defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: { $env: name } },
        },
        {
          'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff',
          defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: { $env: name } },
        },
      ],
    },
  });

  test('resolved from the environment, sent, and never shown or backed up', async () => {
    const result = await cli(['update', ...USER, '-f', file(withReference('SDS_STUDENT_PASSWORD')), '--debug'], { SDS_STUDENT_PASSWORD: BODY_PASSWORD });
    expect(result.code).toBe(0);
    const sent = emu.requestsTo('PATCH')[0].json as Record<string, any>;
    expect(sent.creationOptions.configurations[0].defaultPasswordSettings.password).toBe(BODY_PASSWORD);
    expectNoSecrets(result);
    for (const backup of backupFiles()) expect(readFileSync(backup, 'utf8')).not.toContain(BODY_PASSWORD);
  });

  test('a variable that is not set: exit 3 with the pointer, nothing sent', async () => {
    const result = await cli(['update', ...USER, '-f', file(withReference('NOT_SET_ANYWHERE'))]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('/creationOptions/configurations/0/defaultPasswordSettings/password');
    expect(result.stderr).toContain('NOT_SET_ANYWHERE is not set');
    expect(emu.requests).toHaveLength(0);
  });

  test('validate accepts it unresolved, with a warning when unset; a malformed reference is an error', async () => {
    const unset = await cli(['validate', '-f', file(withReference('NOT_SET_ANYWHERE'))]);
    expect(unset.code).toBe(0);
    expect(JSON.parse(unset.stdout).warnings[0].message).toContain('NOT_SET_ANYWHERE is not set');
    const set = await cli(['validate', '-f', file(withReference('SDS_PW'))], { SDS_PW: BODY_PASSWORD });
    expect(JSON.parse(set.stdout)).toMatchObject({ valid: true, warnings: [] });
    const bad = structuredClone(withReference('X')) as Record<string, any>;
    bad.creationOptions.configurations[0].defaultPasswordSettings.password = { $env: 'X', fallback: 'y' };
    expect((await cli(['validate', '-f', file(bad)])).code).toBe(3);
  });
});

describe('partial members are completed from the live flow, then checked', () => {
  test('--additional-attributes alone: additionalOptions (required) comes from the live flow', async () => {
    const result = await cli(['update', ...USER, '--additional-attributes', 'userGradeLevel,userNumber']);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('PATCH')[0].json).toEqual({
      '@odata.type': TYPE,
      managementOptions: { additionalAttributes: ['userGradeLevel', 'userNumber'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'minor' } },
    });
  });

  test('what the live flow cannot complete is still an error (exit 3), and nothing is sent', async () => {
    const body = { '@odata.type': TYPE, creationOptions: { configurations: [{ licenseSkus: ['Sku1'] }] } };
    const result = await cli(['update', ...USER, '-f', file(body)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('/creationOptions/configurations/0/roleGroup@odata.bind');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });
});
