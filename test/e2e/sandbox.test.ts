// The README's "Try it without a tenant" walkthrough, step by step: `npm run sandbox` (the local
// Graph + Entra ID), then login, sets list, list (by id and by name), config set defaultSet, get,
// diff and update by flow type, backups list and restore with the environment it prints, then Ctrl-C. The built CLI, spawned, as a newcomer would run it.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';

let sandbox: ChildProcess;
let output = '';
let envFile: string;
let env: Record<string, string> = {};

beforeAll(async () => {
  envFile = path.join(makeTempDir('edu-flow-sandbox-test-'), 'sandbox.env');
  sandbox = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts/sandbox.mjs'), '--write-env', envFile], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  sandbox.stdout?.setEncoding('utf8').on('data', (s: string) => (output += s));
  sandbox.stderr?.setEncoding('utf8').on('data', (s: string) => (output += s));
  // Liveness guard: the sandbox builds its emulator and starts in a few seconds. Ready when both
  // its environment file and the whole of its message (which ends with the Ctrl-C line) are there.
  const ready = (): boolean => existsSync(envFile) && output.includes('Ctrl-C stops the sandbox');
  for (let i = 0; i < 600 && !ready(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(ready()).toBe(true);
  env = Object.fromEntries(
    readFileSync(envFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => /^export ([A-Z_]+)='(.*)'$/.exec(line))
      .map((m) => [m?.[1] ?? '', m?.[2] ?? '']),
  );
}, 60_000);

afterAll(() => {
  if (sandbox.exitCode === null) sandbox.kill('SIGKILL');
});

/** One step, with nothing but the printed environment (and PATH) — no other settings of the test's. */
const step = (args: string[]): Promise<CliResult> => runCli(args, { env: env });
const FLOW = () => ['--set-id', env.SANDBOX_SET_ID, '--flow-id', env.SANDBOX_USER_FLOW_ID];

test('the sandbox says what it is and prints the environment to use', () => {
  expect(output).toContain('edu-flow sandbox: a local Graph and Entra ID on https://localhost:');
  for (const name of [
    'EDU_FLOW_GRAPH_URL',
    'EDU_FLOW_AUTHORITY_HOST',
    'EDU_FLOW_TENANT',
    'NODE_EXTRA_CA_CERTS',
    'EDU_FLOW_CONFIG_DIR',
    'EDU_FLOW_STATE_DIR',
    'SANDBOX_SET_ID',
    'SANDBOX_USER_FLOW_ID',
  ]) {
    expect(env[name]).toBeTruthy();
    expect(output).toContain(`export ${name}='${env[name]}'`);
  }
  expect(output).toContain('Ctrl-C stops the sandbox');
});

test('the walkthrough: login, look around, change a flow, see the backup, restore it', async () => {
  const login = await step(['login']);
  expect(login.code).toBe(0);
  expect(login.stderr).toContain('enter the code');

  const sets = await step(['sets', 'list', '--output', 'json']);
  expect(sets.code).toBe(0);
  expect((JSON.parse(sets.stdout) as { id: string }[]).map((s) => s.id).sort()).toEqual([env.SANDBOX_EMPTY_SET_ID, env.SANDBOX_SET_ID].sort());

  const flows = await step(['list', '--set-id', env.SANDBOX_SET_ID, '--output', 'json']);
  expect(flows.code).toBe(0);
  expect(JSON.parse(flows.stdout)).toHaveLength(4);
  const byName = await step(['list', '--set-name', 'contoso district flows', '--output', 'json']);
  expect(byName.code).toBe(0);
  expect(byName.stdout).toBe(flows.stdout);

  // From here on the set goes unsaid: the profile's default set, and the flow by its type.
  expect((await step(['config', 'set', 'defaultSet', 'Contoso district flows'])).code).toBe(0);
  const body = await step(['get', '--flow-type', 'user', '--body']);
  expect(body.code).toBe(0);
  expect(JSON.parse(body.stdout)).toMatchObject({ '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow' });

  const diff = await step(['diff', '--flow-type', 'user', '--student-age-group', 'adult', '--exit-code', '--output', 'text']);
  expect(diff.code).toBe(8);
  expect(diff.stdout).toContain('/managementOptions/additionalOptions/studentAgeGroup');

  const update = await step(['update', '--flow-type', 'user', '--student-age-group', 'adult']);
  expect(update.code).toBe(0);
  expect(update.stderr).toContain(`Updated the user provisioning flow ${env.SANDBOX_USER_FLOW_ID}`);
  expect(update.stderr).toMatch(/^backup: .+\.json$/m);

  const backups = await step(['backups', 'list', '--output', 'json']);
  expect(backups.code).toBe(0);
  expect(JSON.parse(backups.stdout)).toHaveLength(1);

  const restore = await step(['restore', '--latest', ...FLOW(), '--yes']);
  expect(restore.code).toBe(0);
  const after = await step(['get', ...FLOW(), '--output', 'json']);
  expect(JSON.parse(after.stdout).managementOptions.additionalOptions.studentAgeGroup).toBe('minor');
}, 60_000);

test('Ctrl-C stops the sandbox: exit 0, its environment file removed', async () => {
  // 'close', not 'exit': by then its output has been read to the end.
  const exited = new Promise<number | null>((resolve) => sandbox.on('close', (code) => resolve(code)));
  sandbox.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(output).toContain('edu-flow sandbox stopped');
  expect(existsSync(envFile)).toBe(false);
  expect(existsSync(env.EDU_FLOW_CONFIG_DIR)).toBe(false);
});
