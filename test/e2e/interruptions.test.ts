// End-to-end interruption (exit 130 on SIGINT, 143 on SIGTERM): SIGINT and SIGTERM sent to the real
// CLI during a sign-in, during a wait between retries, and during a request (to Graph and to the
// token endpoint). Each run must end promptly with 130 / 143 — well before the wait or the delay
// would have ended — and leave the token cache and the backups whole: the cache still parses and
// a following silent command works; a backup written before the signal parses; no temporary
// files and no cache lock are left behind.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, TENANT_A, type Reply } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectNoIssuedTokens, signInEnv } from '../helpers/sign-in-env.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const UPDATE = ['update', ...FLOW, '--student-age-group', 'adult'];
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;
/** How long after the signal the CLI may take to exit: far below every wait and delay used here (≥ 20 s). */
const PROMPT_S = 5;

const emu = useEmulator();
let configDir: string;
let stateDir: string;
let children: ChildProcess[];
beforeEach(async () => {
  const scratch = makeTempDir('edu-flow-interrupt-');
  configDir = path.join(scratch, 'config');
  stateDir = path.join(scratch, 'state');
  mkdirSync(configDir, { mode: 0o700 });
  mkdirSync(stateDir, { mode: 0o700 });
  children = [];
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const env = (): Record<string, string | undefined> => ({ ...signInEnv(emu, configDir, TENANT_A), EDU_FLOW_STATE_DIR: stateDir });
const cli = (args: string[]): Promise<CliResult> => runCli(args, { env: env() });
const cachePath = (): string => path.join(configDir, 'token-cache', 'default.json');
const backupsDir = (): string => path.join(stateDir, 'backups');
/** POSTs to Graph (not the sign-in service's token and device-code POSTs). */
const graphPosts = () => emu.requestsTo('POST').filter((r) => r.path.startsWith('/beta/'));

/** Same clean environment as runCli (nothing from the runner's EDU_FLOW_*, proxies or NODE_OPTIONS). */
const DROPPED = /^(EDU_FLOW_|AZURE_|ACTIONS_ID_TOKEN_)|^(NODE_OPTIONS|FORCE_COLOR|(HTTPS?|ALL|NO)_PROXY)$/i;

interface Running {
  child: ChildProcess;
  stderr(): string;
  stdout(): string;
  /** Resolves on exit with the code, the signal and the time of exit (ms since the epoch). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Spawns the CLI by hand, so the test can signal it. A 40 s liveness guard kills it if it hangs. */
function start(args: string[], extraEnv: Record<string, string> = {}): Running {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !DROPPED.test(key)) base[key] = value;
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/edu-flow.js'), ...args], {
    env: { ...base, NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'), NO_COLOR: '1', ...env(), ...extraEnv } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  let stdout = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdin?.on('error', () => {});
  child.stdin?.end();
  const guard = setTimeout(() => child.kill('SIGKILL'), 40_000);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, at: Date.now() });
    }),
  );
  return { child, stderr: () => stderr, stdout: () => stdout, exited };
}

/** Polls until `ready()` holds (the CLI reached the point to interrupt), failing after 15 s. */
async function until(what: string, ready: () => boolean, running: Running): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (ready()) return;
    if (running.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the CLI never got to: ${what}\n--- stderr ---\n${running.stderr()}`);
}

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/**
 * Sends the signal and waits for the exit, which must come promptly (PROMPT_S, far below the
 * wait or delay in progress). The exit code is checked by expectInterrupted(), after the files.
 */
async function interrupt(running: Running, signal: NodeJS.Signals): Promise<Exit> {
  const sentAt = Date.now();
  running.child.kill(signal);
  const exit = await running.exited;
  expect((exit.at - sentAt) / 1000).toBeLessThan(PROMPT_S);
  expect(running.stdout()).toBe('');
  return { code: exit.code, signal: exit.signal, stderr: running.stderr() };
}

/** Exit code 130 / 143 (the process exits; it is not killed by the signal), saying so on stderr. */
function expectInterrupted(exit: Exit, signal: NodeJS.Signals, code: number): void {
  expect(exit).toEqual({ code, signal: null, stderr: expect.stringContaining(`interrupted by ${signal}`) });
}

/** No half-written files: no temporary file beside the cache or the backups, no cache lock left. */
function expectNothingHalfWritten(): void {
  const leftovers = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.tmp') || n.endsWith('.lock') || n.endsWith('.lock-owner')) : []);
  expect(leftovers(path.dirname(cachePath()))).toEqual([]);
  expect(leftovers(backupsDir())).toEqual([]);
  expect(existsSync(`${cachePath()}.lock`)).toBe(false);
}

/** The cache parses and still holds the account; a following command signs in silently and works. */
async function expectCacheWorks(): Promise<void> {
  const cache = JSON.parse(readFileSync(cachePath(), 'utf8')) as { Account?: object; RefreshToken?: object };
  expect(Object.keys(cache.Account ?? {})).toHaveLength(1);
  expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1);
  const devicecodes = emu.requests.filter((r) => r.path.endsWith('/devicecode')).length;
  const started = Date.now();
  const after = await cli(['get', ...FLOW]);
  expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
  expect(JSON.parse(after.stdout)).toMatchObject({ id: SEED.userFlowId });
  expect(emu.requests.filter((r) => r.path.endsWith('/devicecode')).length).toBe(devicecodes);
  // Not held up by a lock the interrupted run left behind (a stale lock is only taken over after 20 s).
  expect((Date.now() - started) / 1000).toBeLessThan(10);
  expectNoIssuedTokens(emu, after);
}

/** The backup the run announced before the signal: a whole, valid backup of the live flow. */
function expectBackupParses(stderr: string, operation: string): void {
  const file = /^backup: (.+)$/m.exec(stderr)?.[1];
  expect(file).toBeDefined();
  expect(path.dirname(file as string)).toBe(backupsDir());
  const backup = JSON.parse(readFileSync(file as string, 'utf8')) as Record<string, unknown>;
  expect(backup).toMatchObject({ format: 'edu-flow-backup/2', operation, kind: 'flow', setId: SEED.setId, flowId: SEED.userFlowId, object: { id: SEED.userFlowId } });
}

async function login(): Promise<void> {
  const result = await cli(['login']);
  expect(result.code).toBe(0);
}

describe('during sign-in (a device code nobody enters)', () => {
  test.each(SIGNALS)('%s: exit %p at once; the earlier sign-in in the cache is untouched and still works', async (signal, code) => {
    await login(); // a signed-in account the interrupted login must not damage
    emu.entra.deviceCodeOutcome = 'never';
    const polls = emu.tokenRequests('device_code').length;
    const running = start(['login']);
    await until('polling the device code', () => running.stderr().includes('enter the code') && emu.tokenRequests('device_code').length >= polls + 2, running);
    const exit = await interrupt(running, signal);
    expectNothingHalfWritten();
    emu.entra.deviceCodeOutcome = 'approve';
    await expectCacheWorks();
    expectInterrupted(exit, signal, code);
  });

  test('SIGTERM during the very first sign-in: exit 143, no cache with a token, nothing left behind', async () => {
    emu.entra.deviceCodeOutcome = 'never';
    const running = start(['login']);
    await until('polling the device code', () => emu.tokenRequests('device_code').length >= 1, running);
    const exit = await interrupt(running, 'SIGTERM');
    expectNothingHalfWritten();
    expect(existsSync(cachePath()) && readFileSync(cachePath(), 'utf8').includes('RefreshToken":{"')).toBe(false);
    const status = await cli(['status']);
    expect(status.code).toBe(4);
    expectInterrupted(exit, 'SIGTERM', 143);
  });
});

describe('during a wait between retries (503 with Retry-After: 30)', () => {
  test.each(SIGNALS)('%s: exit %p long before the 30 s are up; the PATCH is not sent again; backup and cache whole', async (signal, code) => {
    await login();
    emu.queue('PATCH', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'busy', headers: { 'retry-after': '30' } } } as Reply);
    const running = start([...UPDATE, '--retries', '3']);
    await until('waiting 30 s before the retry', () => running.stderr().includes('retrying in 30 s (Retry-After)'), running);
    const exit = await interrupt(running, signal);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    expectBackupParses(running.stderr(), 'update');
    expectNothingHalfWritten();
    await expectCacheWorks();
    expectInterrupted(exit, signal, code);
  });

  test('SIGTERM with an environment token (no sign-in, no cache lock): exit 143 long before the 30 s are up; backup whole', async () => {
    emu.queue('PATCH', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'busy', headers: { 'retry-after': '30' } } } as Reply);
    const running = start([...UPDATE, '--retries', '3'], { EDU_FLOW_ACCESS_TOKEN: USER_TOKEN });
    await until('waiting 30 s before the retry', () => running.stderr().includes('retrying in 30 s (Retry-After)'), running);
    const exit = await interrupt(running, 'SIGTERM');
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    expectBackupParses(running.stderr(), 'update');
    expectNothingHalfWritten();
    expectInterrupted(exit, 'SIGTERM', 143);
  });

  test('SIGINT while a create waits on a 429 with Retry-After: exit 130, one POST, nothing created', async () => {
    await login();
    const body = path.join(stateDir, 'security-groups.json');
    writeFileSync(
      body,
      JSON.stringify({
        '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
        creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
      }),
    );
    emu.queue('POST', { graphError: { status: 429, code: 'TooManyRequests', message: 'slow down', headers: { 'retry-after': '30' } } } as Reply);
    const running = start(['create', '--set-id', SEED.emptySetId, '-f', body]);
    await until('waiting 30 s before the retry', () => running.stderr().includes('retrying in 30 s (Retry-After)'), running);
    const exit = await interrupt(running, 'SIGINT');
    expect(graphPosts()).toHaveLength(1);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(0);
    expectNothingHalfWritten();
    expectInterrupted(exit, 'SIGINT', 130);
  });
});

describe('during a request', () => {
  test.each(SIGNALS)('%s while the PATCH waits for an answer (20 s away): exit %p at once; backup and cache whole', async (signal, code) => {
    await login();
    emu.queue('PATCH', { status: 204, delayMs: 20_000 });
    const running = start(UPDATE);
    await until('the PATCH reaching Graph', () => emu.requestsTo('PATCH').length === 1, running);
    const exit = await interrupt(running, signal);
    expect(emu.requestsTo('PATCH')).toHaveLength(1); // aborted, not retried
    expectBackupParses(running.stderr(), 'update');
    expectNothingHalfWritten();
    await expectCacheWorks();
    expectInterrupted(exit, signal, code);
  });

  test.each(SIGNALS)('%s while the token refresh waits for an answer (20 s away, the cache lock held): exit %p at once; cache whole, lock released', async (signal, code) => {
    emu.entra.accessTokenTtl = 60; // the next command must refresh
    await login();
    emu.queueEntra('token', { status: 200, body: {}, delayMs: 20_000 });
    const refreshes = emu.tokenRequests('refresh_token').length;
    const running = start(UPDATE);
    await until('the refresh reaching the token endpoint', () => emu.tokenRequests('refresh_token').length === refreshes + 1, running);
    const exit = await interrupt(running, signal);
    expect(emu.requests.filter((r) => r.path.startsWith('/beta/'))).toHaveLength(0);
    expectNothingHalfWritten();
    await expectCacheWorks();
    expectInterrupted(exit, signal, code);
  });

  test('SIGKILL while the cache lock is held: the lock stays behind, and the next run takes it over at once (its holder is gone)', async () => {
    emu.entra.accessTokenTtl = 60; // the next command must refresh, under the lock
    await login();
    emu.queueEntra('token', { status: 200, body: {}, delayMs: 20_000 });
    const refreshes = emu.tokenRequests('refresh_token').length;
    const running = start(UPDATE);
    await until('the refresh reaching the token endpoint', () => emu.tokenRequests('refresh_token').length === refreshes + 1, running);
    running.child.kill('SIGKILL');
    await running.exited;
    // A killed process cleans nothing up: the lock and its owner file are still there.
    expect(existsSync(`${cachePath()}.lock`)).toBe(true);
    expect(readFileSync(`${cachePath()}.lock-owner`, 'utf8')).toMatch(new RegExp(`^${running.child.pid} `));
    await expectCacheWorks(); // and it did not wait for the 20 s staleness rule
    expect(existsSync(`${cachePath()}.lock`)).toBe(false);
    expect(existsSync(`${cachePath()}.lock-owner`)).toBe(false);
  });

  test('SIGTERM while a reset waits for an answer: exit 143, the POST not sent again, the reset backup whole', async () => {
    await login();
    emu.queue('POST', { status: 202, delayMs: 20_000 });
    const running = start(['reset', ...FLOW, '--yes']);
    await until('the reset reaching Graph', () => graphPosts().length === 1, running);
    const exit = await interrupt(running, 'SIGTERM');
    expect(graphPosts()).toHaveLength(1);
    expect(emu.resets).toHaveLength(0);
    expectBackupParses(running.stderr(), 'reset');
    expectNothingHalfWritten();
    await expectCacheWorks();
    expectInterrupted(exit, 'SIGTERM', 143);
  });
});
