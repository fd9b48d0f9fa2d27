// Fault injection: the CLI against the emulator (and, for faults the emulator cannot make, the
// fault gateway in front of it). Graph faults run main() in this process with a fake sleep; the
// token-endpoint faults spawn the built CLI, since they need real MSAL and its token cache.
// Every case checks: bounded retries (the requests are counted), a clear message, the documented
// exit code, and a total run time BELOW a generous bound derived from the flags
// (attempts × --timeout + the waits + 10 s) — an upper bound that proves the run is bounded,
// never a tight timing. Waits are kept short (Retry-After 0, a small --max-wait capping backoff).
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import path from 'node:path';
import { entraError, SEED, TENANT_A, type Reply } from '../emulator/emulator.js';
import { startFaultGateway, type FaultGateway } from '../emulator/fault-gateway.js';
import { makeTempDir, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { expectNoIssuedTokens, signInEnv } from '../helpers/sign-in-env.js';
import { expectNoSecrets, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const SECURITY_GROUPS = {
  '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
  creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
};
const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
/** A small per-attempt timeout for every run, so the time bounds below mean something. */
const TIMEOUT_S = 5;
/** A small --max-wait: it caps the backoff waits too, which keeps retries quick. */
const MAX_WAIT_S = 0.2;
const FAST = ['--timeout', String(TIMEOUT_S), '--max-wait', String(MAX_WAIT_S)];
/** login has no --timeout: each sign-in request has a fixed 30 s. */
const LOGIN_TIMEOUT_S = 30;
const GARBAGE = '{"not json';
const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1><p>The proxy server received an invalid response from an upstream server.</p></body></html>\n';

const emu = useEmulator();
let dir: string;
let gateway: FaultGateway | undefined;
beforeEach(async () => {
  dir = makeTempDir('edu-flow-faults-');
  gateway = undefined;
});
afterEach(async () => {
  await gateway?.close();
});

interface Timed extends CliResult {
  /** Wall time of the whole run, in seconds. */
  seconds: number;
}

async function timed(run: Promise<CliResult>): Promise<Timed> {
  const started = Date.now();
  const result = await run;
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

/**
 * Runs the CLI's main() in this process with the environment token against `graphUrl` (the
 * emulator by default). Its sleep is fake, so retry waits are announced and recorded but cost no
 * time; per-attempt timeouts are real.
 */
function cli(args: string[], options: { graphUrl?: string; env?: Record<string, string | undefined> } = {}): Promise<Timed> {
  return timed(runMain(args, { env: { EDU_FLOW_GRAPH_URL: options.graphUrl ?? emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...options.env } }));
}

function bodyFile(content: unknown, name = 'body.json'): string {
  const target = path.join(dir, name);
  writeFileSync(target, JSON.stringify(content));
  return target;
}

const update = (extra: string[] = [], graphUrl?: string) => cli(['update', ...FLOW, '--student-age-group', 'adult', ...FAST, ...extra], { graphUrl });
const get = (extra: string[] = [], graphUrl?: string) => cli(['get', ...FLOW, ...FAST, ...extra], { graphUrl });
const create = (extra: string[] = [], graphUrl?: string) => cli(['create', '--set-id', SEED.emptySetId, '-f', bodyFile(SECURITY_GROUPS), ...FAST, ...extra], { graphUrl });
const reset = (extra: string[] = [], graphUrl?: string) => cli(['reset', ...FLOW, '--yes', ...FAST, ...extra], { graphUrl });

/** Graph requests of that method the emulator received (the update's plan GET is not a PATCH). */
const count = (method: string): number => emu.requestsTo(method).filter((r) => r.path.startsWith('/beta/')).length;
/** The create POSTs (to the empty set's flows) and the reset POSTs the emulator received. */
const createPosts = (): number => emu.requestsTo('POST').filter((r) => r.path.endsWith(`/${SEED.emptySetId}/provisioningFlows`)).length;
const resetPosts = (): number => emu.requestsTo('POST').filter((r) => r.path.endsWith('/reset')).length;
/** "Graph answered … retrying in …" announcements on stderr. */
const announcements = (result: CliResult, method: string): string[] => result.stderr.split('\n').filter((l) => l.includes(`to ${method}; retrying in`));

/** The whole run took less than the bound derived from its flags (plus 10 s of slack for a busy machine). */
function expectBounded(result: Timed, attempts: number, timeoutS: number, waitsS: number): void {
  expect(result.seconds).toBeLessThan(attempts * timeoutS + waitsS + 10);
}

const graphErr = (status: number, code: string, message: string, headers?: Record<string, string>, delayMs?: number): Reply => ({
  graphError: { status, code, message, headers },
  delayMs,
});
const times = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

/** A loopback port that was free a moment ago and is closed now: nothing listens there. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('connection refused', () => {
  test('a read against a closed port: retried --retries times, then exit 6 naming the host', async () => {
    const port = await closedPort();
    const result = await get(['--retries', '2', '--verbose'], `https://localhost:${port}/beta`);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`localhost:${port} refused the connection`);
    expect(result.stderr).toContain('hint:');
    // 1 + 2 attempts, each one logged by --verbose; 2 waits announced.
    expect(result.stderr.split('\n').filter((l) => /^GET \S+ → ECONNREFUSED/.test(l))).toHaveLength(3);
    expect(announcements(result, 'GET')).toHaveLength(2);
    expect(result.stdout).toBe('');
    expectBounded(result, 3, TIMEOUT_S, 2 * MAX_WAIT_S);
  });

  test('a POST to a closed port (provably not processed) is retried: `sets create` makes 1 + --retries attempts', async () => {
    const port = await closedPort();
    const result = await cli(['sets', 'create', '--display-name', 'North', ...FAST, '--retries', '2', '--verbose'], { graphUrl: `https://localhost:${port}/beta` });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`localhost:${port} refused the connection`);
    expect(result.stderr.split('\n').filter((l) => /^POST \S+ → ECONNREFUSED/.test(l))).toHaveLength(3);
    expect(announcements(result, 'POST')).toHaveLength(2);
    expectBounded(result, 3, TIMEOUT_S, 2 * MAX_WAIT_S);
  });

  test('create: the POST is refused (the port closed after the GET), retried once it is open again, and sent exactly once', async () => {
    gateway = await startFaultGateway(emu.origin);
    // The set's flows are read through the gateway, which then stops listening: the POST is refused.
    gateway.queue('GET', { kind: 'refuse-after' });
    const env = { EDU_FLOW_GRAPH_URL: gateway.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN };
    const started = Date.now();
    // Spawned by hand: the gateway listens again as soon as the CLI announces the retry
    // (backoff is at least 0.5 s), so the retry finds it open. Default --max-wait: a full backoff.
    const child = spawn(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/edu-flow.js'), 'create', '--set-id', SEED.emptySetId, '-f', bodyFile(SECURITY_GROUPS), '--timeout', String(TIMEOUT_S), '--retries', '2'],
      {
        env: {
          PATH: process.env.PATH,
          NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'),
          NO_COLOR: '1',
          EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'),
          EDU_FLOW_STATE_DIR: path.join(dir, 'state'),
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      if (stderr.includes('Graph answered ECONNREFUSED to POST; retrying in')) void gateway?.accept();
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 30_000); // liveness guard
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(guard);
    const seconds = (Date.now() - started) / 1000;
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Graph answered ECONNREFUSED to POST; retrying in') });
    // The refused attempt never reached anything; the retry did, once.
    expect(gateway.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(createPosts()).toBe(1);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(1);
    expect(JSON.parse(stdout)).toMatchObject({ '@odata.type': SECURITY_GROUPS['@odata.type'] });
    // attempts × timeout + one backoff (at most 1 s at attempt 1) + slack.
    expect(seconds).toBeLessThan(2 * TIMEOUT_S + 1 + 10);
  });
});

describe('connection reset', () => {
  test('PATCH reset before any answer on every attempt: 1 + --retries PATCHes, then exit 6', async () => {
    emu.queue('PATCH', ...times(3, { drop: true } as Reply));
    const result = await update(['--retries', '2']);
    expect(result.code).toBe(6);
    expect(count('PATCH')).toBe(3);
    expect(result.stderr).toContain('closed the connection');
    expect(announcements(result, 'PATCH')).toHaveLength(2);
    expectBounded(result, 3, TIMEOUT_S, 2 * MAX_WAIT_S);
  });

  test('PATCH reset mid-response (headers and half a body, then the socket destroyed) is retried: exit 0', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('PATCH', { kind: 'cut' });
    const result = await update(['--retries', '2'], gateway.graphUrl);
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Updated the user provisioning flow') });
    expect(count('PATCH')).toBe(2);
    expect(announcements(result, 'PATCH')).toHaveLength(1);
    expectBounded(result, 2, TIMEOUT_S, MAX_WAIT_S);
  });

  test('a read reset mid-response on every attempt: bounded, then exit 6 with a clear message', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('GET', { kind: 'cut' }, { kind: 'cut' });
    const result = await get(['--retries', '1'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(2);
    expect(result.stderr).toMatch(/error: .*localhost:\d+/);
    expect(result.stdout).toBe('');
    expectBounded(result, 2, TIMEOUT_S, MAX_WAIT_S);
  });

  test('create reset before any answer: exit 6, the POST is not sent twice', async () => {
    emu.queue('POST', { drop: true });
    const result = await create(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(announcements(result, 'POST')).toHaveLength(0);
    expect(result.stderr).toContain('closed the connection');
    expectBounded(result, 1, TIMEOUT_S, 0);
  });

  test('create reset mid-response (the flow was created): exit 6, the POST is not sent twice, one flow exists', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('POST', { kind: 'cut' });
    const result = await create(['--retries', '3'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(1);
    expect(announcements(result, 'POST')).toHaveLength(0);
    expect(result.stdout).toBe('');
    expectBounded(result, 1, TIMEOUT_S, 0);
  });

  test('reset reset mid-response: exit 6, not sent twice', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('POST', { kind: 'cut' });
    const result = await reset(['--retries', '3'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(resetPosts()).toBe(1);
    expect(emu.resets).toHaveLength(1);
    expectBounded(result, 1, TIMEOUT_S, 0);
  });
});

describe('a response that never ends', () => {
  test('a read whose body never finishes: each attempt ends at --timeout, then exit 6 naming it', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('GET', { kind: 'hang' }, { kind: 'hang' });
    const result = await get(['--timeout', '0.5', '--retries', '1'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(2);
    expect(result.stderr).toContain('within 0.5 s (--timeout)');
    expectBounded(result, 2, 0.5, MAX_WAIT_S);
  });

  test('a PATCH whose answer never finishes: retried (idempotent), then exit 6', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('PATCH', { kind: 'hang' }, { kind: 'hang' });
    const result = await update(['--timeout', '0.5', '--retries', '1'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(count('PATCH')).toBe(2);
    expect(result.stderr).toContain('within 0.5 s (--timeout)');
    expectBounded(result, 2 + 1, 0.5, MAX_WAIT_S); // + the plan GET
  });

  test('a create whose answer never finishes (it was applied): exit 6, not sent twice', async () => {
    gateway = await startFaultGateway(emu.origin);
    gateway.queue('POST', { kind: 'hang' });
    const result = await create(['--timeout', '0.5', '--retries', '3'], gateway.graphUrl);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(1);
    expect(result.stderr).toContain('within 0.5 s (--timeout)');
    expectBounded(result, 2, 0.5, 0);
  });

  test('a reset that times out before any answer: exit 6, not sent twice', async () => {
    emu.queue('POST', { status: 202, delayMs: 8000 });
    const result = await reset(['--timeout', '0.5', '--retries', '3']);
    expect(result.code).toBe(6);
    expect(resetPosts()).toBe(1);
    expect(result.stderr).toContain('within 0.5 s (--timeout)');
    expectBounded(result, 2, 0.5, 0);
  });
});

describe('429 storms', () => {
  test('without Retry-After: backoff (capped by --max-wait), 1 + --retries PATCHes, then exit 6 with the Graph details', async () => {
    emu.queue('PATCH', ...times(4, graphErr(429, 'TooManyRequests', 'Too many requests')));
    const result = await update(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(count('PATCH')).toBe(4);
    const waits = announcements(result, 'PATCH');
    expect(waits).toHaveLength(3);
    for (const line of waits) expect(line).not.toContain('(Retry-After)');
    expect(result.stderr).toContain('429 TooManyRequests: Too many requests');
    expect(result.stderr).toContain('gave up after 4 attempts');
    expectBounded(result, 4, TIMEOUT_S, 3 * MAX_WAIT_S);
    expectNoSecrets(result);
  });

  test('with Retry-After: 0 each time: 1 + --retries PATCHes, each wait announced as Retry-After, then exit 6', async () => {
    emu.queue('PATCH', ...times(4, graphErr(429, 'TooManyRequests', 'Too many requests', { 'retry-after': '0' })));
    const result = await update(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(count('PATCH')).toBe(4);
    const waits = announcements(result, 'PATCH');
    expect(waits).toHaveLength(3);
    for (const line of waits) expect(line).toContain('(Retry-After)');
    expect(result.stderr).toContain('gave up after 4 attempts');
    expectBounded(result, 4, TIMEOUT_S, 0);
  });

  test('a read throttled twice, then answered: exit 0 after 3 GETs', async () => {
    emu.queue('GET', ...times(2, graphErr(429, 'TooManyRequests', 'slow down', { 'retry-after': '0' })));
    const result = await get(['--retries', '3']);
    expect(result.code).toBe(0);
    expect(count('GET')).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ id: SEED.userFlowId });
    expectBounded(result, 3, TIMEOUT_S, 0);
  });

  test('create throttled without Retry-After (it may have been applied): exit 6, one POST', async () => {
    emu.queue('POST', graphErr(429, 'TooManyRequests', 'Too many requests'));
    const result = await create(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(announcements(result, 'POST')).toHaveLength(0);
    expect(result.stderr).toContain('429 TooManyRequests');
    expectBounded(result, 1, TIMEOUT_S, 0);
  });

  test('create throttled with Retry-After on every attempt (provably not processed): retried, but only 1 + --retries times', async () => {
    emu.queue('POST', ...times(5, graphErr(429, 'TooManyRequests', 'Too many requests', { 'retry-after': '0' })));
    const result = await create(['--retries', '2']);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(3);
    expect(announcements(result, 'POST')).toHaveLength(2);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(0);
    expectBounded(result, 3, TIMEOUT_S, 0);
  });

  test('reset answered 503 with Retry-After (provably not processed): retried, reset once', async () => {
    emu.queue('POST', graphErr(503, 'serviceNotAvailable', 'busy', { 'retry-after': '0' }));
    const result = await reset(['--retries', '3']);
    expect(result.code).toBe(0);
    expect(resetPosts()).toBe(2);
    expect(emu.resets).toHaveLength(1);
    expectBounded(result, 2, TIMEOUT_S, 0);
  });
});

describe('a Retry-After of an hour', () => {
  test('PATCH, default --max-wait: exit 6 at once, nothing more sent, saying when to retry', async () => {
    emu.queue('PATCH', graphErr(429, 'TooManyRequests', 'slow down', { 'retry-after': '3600' }));
    const before = Date.now();
    const result = await cli(['update', ...FLOW, '--student-age-group', 'adult']);
    expect(result.code).toBe(6);
    expect(count('PATCH')).toBe(1);
    expect(result.stderr).toContain('wait 3600 s');
    expect(result.stderr).toContain('--max-wait 120 s');
    const at = /retry after (\d{4}-\d\d-\d\dT[\d:.]+Z)/.exec(result.stderr);
    expect(at).not.toBeNull();
    const when = Date.parse(at?.[1] ?? '');
    expect(when).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(when).toBeLessThan(Date.now() + 3600_000 + 1000);
    // Not waited for: nowhere near the hour, nor even --max-wait.
    expect(result.seconds).toBeLessThan(10);
  });

  test('a read with an HTTP-date Retry-After an hour ahead: exit 6 at once, one GET', async () => {
    const date = new Date(Date.now() + 3600_000).toUTCString();
    emu.queue('GET', graphErr(503, 'serviceNotAvailable', 'maintenance', { 'retry-after': date }));
    const result = await cli(['get', ...FLOW]);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(1);
    expect(result.stderr).toContain('--max-wait 120 s');
    expect(result.seconds).toBeLessThan(10);
  });

  test('create with Retry-After 3600: exit 6 at once, one POST', async () => {
    emu.queue('POST', graphErr(429, 'TooManyRequests', 'slow down', { 'retry-after': '3600' }));
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', bodyFile(SECURITY_GROUPS)]);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(result.stderr).toContain('wait 3600 s');
    expect(result.seconds).toBeLessThan(10);
  });
});

describe('5xx', () => {
  test.each([
    [500, 'InternalServerError'],
    [502, 'BadGateway'],
    [503, 'serviceNotAvailable'],
    [504, 'GatewayTimeout'],
  ])('a read answered %p every time: 1 + --retries GETs, then exit 6 with status and code', async (status, code) => {
    emu.queue('GET', ...times(3, graphErr(status, code, `the service failed (${status})`)));
    const result = await get(['--retries', '2']);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(3);
    expect(result.stderr).toContain(`${status} ${code}: the service failed (${status})`);
    expect(result.stderr).toContain('gave up after 3 attempts');
    expect(result.stderr).toMatch(/request-id: [0-9a-f-]{36}/);
    expect(result.stdout).toBe('');
    expectBounded(result, 3, TIMEOUT_S, 2 * MAX_WAIT_S);
  });

  test.each([[500], [502], [504], [503]])('create answered %p without Retry-After (it may have been applied): exit 6, one POST', async (status) => {
    emu.queue('POST', graphErr(status, 'serviceError', `failed (${status})`));
    const result = await create(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(createPosts()).toBe(1);
    expect(announcements(result, 'POST')).toHaveLength(0);
    expect(result.stderr).toContain(`${status} serviceError: failed (${status})`);
    expectBounded(result, 1, TIMEOUT_S, 0);
    expectNoSecrets(result);
  });

  test.each([[500], [504]])('reset answered %p: exit 6, one POST', async (status) => {
    emu.queue('POST', graphErr(status, 'serviceError', 'failed'));
    const result = await reset(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(resetPosts()).toBe(1);
    expectBounded(result, 1, TIMEOUT_S, 0);
  });
});

describe('HTML error pages', () => {
  test("a read answered by a proxy's HTML 502 page every time: retried, exit 6, the status and a short snippet", async () => {
    const page: Reply = { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
    emu.queue('GET', page, page);
    const result = await get(['--retries', '1']);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(2);
    expect(result.stderr).toContain('HTTP 502');
    expect(result.stderr).toContain('Bad Gateway');
    // A snippet on one line, not the page dumped.
    expect(result.stderr).not.toContain('<!DOCTYPE html>\n');
    expect(result.stderr.length).toBeLessThan(1500);
  });

  test('a PATCH answered by an HTML 503 page once: retried, exit 0', async () => {
    emu.queue('PATCH', { status: 503, headers: { 'content-type': 'text/html' }, body: HTML_PAGE.replace(/502 Bad Gateway|Bad Gateway/g, 'Service Unavailable') });
    const result = await update(['--retries', '2']);
    expect(result.code).toBe(0);
    expect(count('PATCH')).toBe(2);
    expect(announcements(result, 'PATCH')).toHaveLength(1);
  });

  test('an HTML 404 page (a --graph-url that is not Graph): exit 5, not retried', async () => {
    emu.queue('GET', { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>Not Found</h1></body></html>' });
    const result = await get(['--retries', '3']);
    expect(result.code).toBe(5);
    expect(count('GET')).toBe(1);
    expect(result.stderr).toContain('HTTP 404');
  });

  test("a captive portal's HTML page with 200 on a read: exit 6 (an unreadable 2xx body), not retried", async () => {
    emu.queue('GET', { status: 200, headers: { 'content-type': 'text/html' }, body: '<html><body>Please sign in to the guest Wi-Fi</body></html>' });
    const result = await get(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(1);
    expect(result.stderr).toContain('not JSON');
    expect(result.stdout).toBe('');
  });
});

describe('a 2xx with a broken body', () => {
  test('get answered 200 `{"not json`: exit 6 saying the body is not JSON, nothing on stdout', async () => {
    emu.queue('GET', { status: 200, headers: { 'content-type': 'application/json' }, body: GARBAGE });
    const result = await get(['--retries', '3']);
    expect(result.code).toBe(6);
    expect(count('GET')).toBe(1);
    expect(result.stderr).toContain('200 but a body that is not JSON');
    expect(result.stdout).toBe('');
    expectBounded(result, 1, TIMEOUT_S, 0);
  });

  test('list answered 200 `{"not json`: exit 6', async () => {
    emu.queue('GET', { status: 200, headers: { 'content-type': 'application/json' }, body: GARBAGE });
    const result = await cli(['list', '--set-id', SEED.setId, ...FAST]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('not JSON');
    expect(result.stdout).toBe('');
  });

  test.each([[200], [202]])('update: a PATCH answered %p with a broken body was still accepted: exit 0, sent once, JSON result intact', async (status) => {
    emu.queue('PATCH', { status, headers: { 'content-type': 'application/json' }, body: GARBAGE });
    const result = await update(['--retries', '3', '--output', 'json']);
    expect(result.code).toBe(0);
    expect(count('PATCH')).toBe(1);
    expect(result.stderr).toContain(`Updated the user provisioning flow ${SEED.userFlowId} (HTTP ${status}`);
    expect(JSON.parse(result.stdout)).toMatchObject({ status, changed: true, setId: SEED.setId, flowId: SEED.userFlowId });
  });

  test('create: a POST answered 201 with a broken body was still applied: exit 0, sent once, and the broken text is not passed off as the flow', async () => {
    emu.queue('POST', { status: 201, headers: { 'content-type': 'application/json' }, body: GARBAGE });
    const result = await create(['--retries', '3', '--output', 'json']);
    expect(createPosts()).toBe(1);
    expect(announcements(result, 'POST')).toHaveLength(0);
    // Accepted by Graph (only an unreadable 2xx on a READ is exit 6): success.
    expect(result.code).toBe(0);
    // stdout carries the created flow as an object, or nothing — never the broken
    // text re-encoded as a JSON string, which `| jq .id` chokes on.
    expect(result.stdout.trim() === '' || typeof JSON.parse(result.stdout) === 'object').toBe(true);
    expect(result.stdout).not.toContain('not json');
    // And stderr says the answer could not be read, rather than "Created … flow ? in set …".
    expect(result.stderr).not.toContain('flow ? in set');
    expect(result.stderr).toMatch(/not JSON|could not be read|unreadable/);
  });

  test('reset: a POST answered 202 with a broken body: exit 0, sent once', async () => {
    emu.queue('POST', { status: 202, headers: { 'content-type': 'application/json' }, body: GARBAGE });
    const result = await reset(['--retries', '3']);
    expect(result.code).toBe(0);
    expect(resetPosts()).toBe(1);
  });
});

describe('answers without bounds', () => {
  const DEEP = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;

  test('a body larger than EDU_FLOW_MAX_RESPONSE_MB (Content-Length says so): exit 6 naming the cap, read no further, not retried', async () => {
    emu.queue('GET', { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }) });
    const result = await cli(['get', ...FLOW, ...FAST], { env: { EDU_FLOW_MAX_RESPONSE_MB: '1' } });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('is larger than 1 MiB: edu-flow stopped reading it');
    expect(result.stderr).toContain('EDU_FLOW_MAX_RESPONSE_MB');
    expect(result.stdout).toBe('');
    expect(count('GET')).toBe(1);
  });

  test('a body that never stops (no Content-Length): stopped at the default 16 MiB, exit 6, within the bound', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const server = https.createServer(
      { cert: readFileSync(path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem')), key: readFileSync(path.join(REPO_ROOT, 'test/fixtures/emulator-key.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"pad":"');
        const pump = (): void => {
          while (res.write(chunk)) if (res.destroyed) return;
          res.once('drain', pump);
        };
        pump();
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const result = await cli(['get', ...FLOW, ...FAST], { graphUrl: `https://localhost:${port}/beta` });
      expect(result.code).toBe(6);
      expect(result.stderr).toContain('is larger than 16 MiB: edu-flow stopped reading it');
      expectBounded(result, 1, TIMEOUT_S, 0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('EDU_FLOW_MAX_RESPONSE_MB that is not a size: exit 2 before any request', async () => {
    const result = await cli(['get', ...FLOW], { env: { EDU_FLOW_MAX_RESPONSE_MB: 'lots' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('EDU_FLOW_MAX_RESPONSE_MB takes a number of MiB from 1 to 1024, not "lots"');
    expect(emu.requests).toEqual([]);
  });

  test.each([
    ['get', () => ['get', ...FLOW, ...FAST]],
    ['sets list', () => ['sets', 'list', ...FAST]],
  ])('%s answered 200 with a body 100 000 levels deep: exit 5 with a clear message, no crash', async (_name, args) => {
    emu.queue('GET', { status: 200, headers: { 'content-type': 'application/json' }, body: DEEP });
    const result = await cli(args());
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('nested more than 64 levels deep: not read');
    expect(result.stderr).not.toMatch(/internal error|this is a bug|call stack/i);
  });
});

describe('the token endpoint (signed in, the access token due for refresh)', () => {
  let configDir: string;
  const env = () => signInEnv(emu, configDir, TENANT_A);
  const signedIn = (args: string[]) => timed(runCli(args, { env: env(), timeoutMs: 50_000 }));
  const cachePath = () => path.join(configDir, 'token-cache', 'default.json');
  const refreshes = () => emu.tokenRequests('refresh_token').length;

  beforeEach(async () => {
    configDir = makeTempDir('edu-flow-config-');
    emu.entra.accessTokenTtl = 60; // inside MSAL's renewal window: every later command refreshes
    const login = await runCli(['login'], { env: env() });
    expect(login.code).toBe(0);
  });

  /** After the outage: the cache is whole, and the next command refreshes and works. */
  async function expectRecovers(): Promise<void> {
    JSON.parse(readFileSync(cachePath(), 'utf8'));
    const before = refreshes();
    const after = await signedIn(['get', ...FLOW]);
    expect({ code: after.code, stderr: after.stderr }).toEqual({ code: 0, stderr: '' });
    expect(refreshes()).toBe(before + 1);
    expect(JSON.parse(after.stdout)).toMatchObject({ id: SEED.userFlowId });
  }

  test.each([
    ['500 server_error', entraError(500, 'server_error', 50000, 'There was an error issuing a token.')],
    ['503 temporarily_unavailable', entraError(503, 'temporarily_unavailable', 90033, 'The service is busy.')],
    ['429 with Retry-After', entraError(429, 'temporarily_unavailable', 50196, 'The server is busy.', { headers: { 'retry-after': '1' } })],
    ['a reset connection', { drop: true } as Reply],
  ])('%s on the refresh: exit 6 (not 4), one token request, nothing sent to Graph; the next run works', async (_name, reply) => {
    emu.queueEntra('token', reply);
    const result = await signedIn(['update', ...FLOW, '--student-age-group', 'adult', '--timeout', String(TIMEOUT_S)]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sign-in service');
    expect(result.stderr).toContain('hint:');
    expect(refreshes()).toBe(1);
    expect(count('PATCH')).toBe(0);
    expect(count('GET')).toBe(0);
    expectBounded(result, 1, TIMEOUT_S, 0);
    expectNoIssuedTokens(emu, result);
    await expectRecovers();
  });

  test('a token answer nested 100 000 levels deep: exit 6 (not a crash), nothing sent to Graph; the next run works', async () => {
    emu.queueEntra('token', { status: 200, headers: { 'content-type': 'application/json' }, body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` });
    const result = await signedIn(['get', ...FLOW, '--timeout', String(TIMEOUT_S)]);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sign-in service');
    expect(result.stderr).not.toMatch(/internal error|this is a bug|call stack/i);
    expect(emu.requests.filter((r) => r.path.startsWith('/beta/'))).toEqual([]);
    await expectRecovers();
  });

  test("a proxy's HTML 502 page from the token endpoint: exit 6, and no request to Graph with an empty token", async () => {
    const page: Reply = { status: 502, headers: { 'content-type': 'text/html' }, body: HTML_PAGE };
    emu.queueEntra('token', page);
    const result = await signedIn(['get', ...FLOW, '--timeout', String(TIMEOUT_S)]);
    // A token-endpoint 5xx is exit 6 — not a refresh that "worked" without a token, then a 401 (exit 4).
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 6, stderr: expect.stringContaining('sign-in service') });
    expect(emu.requests.filter((r) => r.path.startsWith('/beta/'))).toEqual([]);
    expect(refreshes()).toBeLessThanOrEqual(2);
    expectBounded(result, 2, TIMEOUT_S, 0);
    await expectRecovers();
  });

  test('a token endpoint slower than --timeout: exit 6 within the bound, saying it timed out; nothing sent to Graph', async () => {
    emu.queueEntra('token', { ...entraError(500, 'server_error', 50000, 'too late'), delayMs: 20_000 });
    const result = await signedIn(['get', ...FLOW, '--timeout', '1']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sign-in service');
    expect(refreshes()).toBe(1);
    expect(count('GET')).toBe(0);
    expectBounded(result, 1, 1, 0);
    await expectRecovers();
    // What went wrong, and what to do next: a timeout, and --timeout, not an MSAL error page.
    expect(result.stderr).toMatch(/timed out|within 1 s|--timeout/);
  });

  test('login: the device-code endpoint answering 500: exit 6, not 4, bounded', async () => {
    emu.queueEntra('devicecode', entraError(500, 'server_error', 50000, 'There was an error.'));
    const devicecodes = () => emu.requests.filter((r) => r.path.endsWith('/devicecode')).length;
    const before = devicecodes();
    const result = await signedIn(['login']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sign-in service');
    expect(devicecodes() - before).toBe(1);
    expectBounded(result, 1, LOGIN_TIMEOUT_S, 0);
    JSON.parse(readFileSync(cachePath(), 'utf8')); // the earlier sign-in is untouched
  });

  test.each([
    ['500', entraError(500, 'server_error', 50000, 'There was an error issuing a token.')],
    ['429', entraError(429, 'temporarily_unavailable', 50196, 'The server is busy.', { headers: { 'retry-after': '1' } })],
  ])('login: the token endpoint answering %s while the code is polled: exit 6, not 4', async (_name, reply) => {
    const polls = () => emu.tokenRequests('device_code').length;
    const before = polls();
    emu.queueEntra('token', reply);
    const result = await signedIn(['login']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('sign-in service');
    expect(polls() - before).toBe(1);
    expectBounded(result, 1, LOGIN_TIMEOUT_S, 0);
    await expectRecovers();
  });
});
