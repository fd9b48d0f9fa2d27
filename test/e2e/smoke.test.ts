// One spawned run of every command of the built CLI (`node bin/edu-flow.js …`) against the
// emulator, in a sequence a person might type: the bundle, its lazy imports and the process's
// exit code are exercised for each command. Behaviour in detail is tested in process.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, SEED, type Emulator } from '../emulator/emulator.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectNoSecrets, fakeJwt, USER_TOKEN } from '../helpers/secrets.js';

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = makeTempDir('edu-flow-smoke-');
});
afterAll(async () => {
  await emu.close();
});

const run = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
  runCli(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: dir, EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'), ...env } });
/** A signed-in admin who may also read and start runs. */
const RUNS_TOKEN = fakeJwt({
  tid: '11111111-2222-3333-4444-555555555555',
  upn: 'sds-admin@contoso.edu',
  scp: 'IndustryData-OutboundFlow.ReadWrite.All IndustryData-Run.Read.All IndustryData-Run.Start',
  exp: 4102444800,
});
const USER = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const SECURITY = {
  '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
  creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
};

/** Exit 0 and, on the pipe, one JSON document (or the text a command always prints). */
async function ok(args: string[], stdout: 'json' | 'text' | 'empty' = 'json', env: Record<string, string> = {}): Promise<CliResult> {
  const result = await run(args, env);
  expect({ args: args.join(' '), code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({ args: args.join(' '), code: 0, stderr: '' });
  if (stdout === 'json') JSON.parse(result.stdout);
  if (stdout === 'empty') expect(result.stdout).toBe('');
  expectNoSecrets(result);
  return result;
}

describe('every command, spawned once', () => {
  test('offline: validate, migrate, schema, completion, config', async () => {
    await ok(['validate', '-f', 'examples/user-flow.json']);
    await ok(['migrate', '-f', 'examples/user-flow-deprecated.json']);
    await ok(['schema', 'classGroup']);
    expect((await ok(['completion', 'bash'], 'text')).stdout).toContain('complete');
    await ok(['config', 'set', 'tenant', 'contoso.edu'], 'empty');
    expect((await ok(['config', 'get', 'tenant'], 'text')).stdout).toBe('contoso.edu\n');
    await ok(['config', 'list']);
    await ok(['config', 'unset', 'tenant'], 'empty');
    await ok(['update', ...USER, '--student-age-group', 'adult', '--dry-run']);
  });

  test('online: status, reads, diff, update, create, reset, delete, sets, role groups, restore, logout', async () => {
    await ok(['status']);
    await ok(['sets', 'list']);
    await ok(['sets', 'get', '--set-id', SEED.setId]);
    await ok(['list', '--set-id', SEED.setId]);
    await ok(['get', ...USER]);
    await ok(['get', ...USER, '--body']);
    await ok(['role-groups', 'list']);
    await ok(['role-groups', 'get', 'staff']);
    await ok(['diff', ...USER, '--student-age-group', 'adult']);
    await ok(['update', ...USER, '--student-age-group', 'adult', '--plan']);
    const updated = JSON.parse((await ok(['update', ...USER, '--student-age-group', 'adult'])).stdout) as { backup: string };
    await ok(['restore', updated.backup, '--yes']);
    const set = JSON.parse((await ok(['sets', 'create', '--display-name', 'Smoke test set'])).stdout) as { id: string };
    await ok(['sets', 'update', '--set-id', set.id, '--display-name', 'Smoke test set, renamed']);
    const file = path.join(dir, 'security.json');
    writeFileSync(file, JSON.stringify(SECURITY));
    const flow = JSON.parse((await ok(['create', '--set-id', set.id, '-f', file])).stdout) as { id: string };
    await ok(['reset', '--set-id', set.id, '--flow-id', flow.id, '--yes']);
    await ok(['delete', '--set-id', set.id, '--flow-id', flow.id, '--yes']);
    await ok(['sets', 'delete', '--set-id', set.id, '--yes']);
    await ok(['logout']);
  });

  test('as code, runs and doctor: export, plan, apply, runs list/get/stats/start/wait, doctor', async () => {
    const folder = path.join(dir, 'sds');
    await ok(['export', '--out', folder]);
    await ok(['plan', folder]);
    await ok(['apply', folder, '--yes']);
    const admin = { EDU_FLOW_ACCESS_TOKEN: RUNS_TOKEN };
    emu.runs().defaultDurationMs = 300;
    await ok(['update', ...USER, '--student-age-group', 'notAdult'], 'json', admin);
    await ok(['runs', 'start', '--yes'], 'json', admin);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [latest] = JSON.parse((await ok(['runs', 'list'], 'json', admin)).stdout) as { id: string }[];
    await ok(['runs', 'get', latest.id], 'json', admin);
    await ok(['runs', 'stats', latest.id], 'json', admin);
    await ok(['runs', 'wait', ...USER], 'json', admin);
    const doctor = await run(['doctor', '-o', 'json']);
    expect([0, 14]).toContain(doctor.code);
    JSON.parse(doctor.stdout);
  });
});
