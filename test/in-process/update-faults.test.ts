// How update behaves when Graph or the network misbehaves: retries, Retry-After, timeouts and the
// errors and exit codes. It runs main() in this process against the emulator, with a fake sleep
// that records each wait instead of waiting; the TLS trust test spawns the built CLI. Nothing
// asserts a duration.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { runMain, type MainResult } from '../helpers/run-main.js';
import { BODY_PASSWORD, expectNoSecrets, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const BODY = {
  '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
  managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } },
  creationOptions: {
    configurations: [
      {
        'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students',
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
      },
      {
        'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff',
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
      },
    ],
  },
};

const emu = useEmulator();
let file: string;
beforeEach(async () => {
  file = path.join(makeTempDir(), 'body.json');
  writeFileSync(file, JSON.stringify(BODY));
});

/** In this process, with a fake sleep: the waits are announced and recorded, never waited out. */
function update(args: string[] = [], env: Record<string, string | undefined> = {}): Promise<MainResult> {
  return runMain(['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '-f', file, ...args], {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...env },
  });
}

/** A real process, for what depends on the process's start (the CAs it trusts). */
function spawnedUpdate(args: string[] = [], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  return runCli(['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '-f', file, ...args], {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...env },
  });
}

const patches = (): number => emu.requestsTo('PATCH').length;

describe('retries', () => {
  test('429 with Retry-After, then 204: the wait is announced and the same PATCH is sent again', async () => {
    emu.queue('PATCH', { graphError: { status: 429, code: 'TooManyRequests', message: 'Too many requests', headers: { 'retry-after': '1' } } });
    const result = await update();
    expect(result.code).toBe(0);
    expect(patches()).toBe(2);
    const [first, second] = emu.requestsTo('PATCH');
    expect(second.json).toEqual(first.json);
    expect(second.json).toMatchObject(BODY);
    // One operation, one correlation id across its attempts.
    expect(second.headers['client-request-id']).toBe(first.headers['client-request-id']);
    expect(result.stderr).toMatch(/Graph answered 429 to PATCH; retrying in 1 s \(Retry-After\), attempt 2 of 4/);
    expect(result.sleeps).toEqual([1000]);
    expectNoSecrets(result);
  });

  test.each([[500], [502], [503], [504], [408]])('%p without Retry-After is retried with backoff', async (status) => {
    emu.queue('PATCH', { graphError: { status, code: 'serviceNotAvailable', message: 'try later' } });
    const result = await update();
    expect(result.code).toBe(0);
    expect(patches()).toBe(2);
    expect(result.stderr).toContain(`Graph answered ${status} to PATCH; retrying in`);
  });

  test('a dropped connection is retried (PATCH is idempotent)', async () => {
    emu.queue('PATCH', { drop: true });
    const result = await update();
    expect(result.code).toBe(0);
    expect(patches()).toBe(2);
    expect(result.stderr).toMatch(/Graph answered ECONNRESET to PATCH/);
  });

  test('retries exhausted: exit 6 after 1 + --retries attempts, with the Graph details', async () => {
    const busy = { graphError: { status: 503, code: 'serviceNotAvailable', message: 'The service is busy', headers: { 'retry-after': '0' } } };
    emu.queue('PATCH', busy, busy, busy);
    const result = await update(['--retries', '2']);
    expect(result.code).toBe(6);
    expect(patches()).toBe(3);
    expect(result.stderr).toContain('503 serviceNotAvailable: The service is busy');
    expect(result.stderr).toContain('gave up after 3 attempts');
  });

  test('--retries 0 sends once', async () => {
    emu.queue('PATCH', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'busy' } });
    const result = await update(['--retries', '0']);
    expect(result.code).toBe(6);
    expect(patches()).toBe(1);
  });

  test('a Retry-After beyond --max-wait is not waited for: exit 6 at once, saying when to retry', async () => {
    emu.queue('PATCH', { graphError: { status: 429, code: 'TooManyRequests', message: 'slow down', headers: { 'retry-after': '600' } } });
    const result = await update(['--max-wait', '5']);
    expect(result.code).toBe(6);
    expect(patches()).toBe(1);
    expect(result.stderr).toContain('wait 600 s');
    expect(result.stderr).toContain('--max-wait 5 s');
    expect(result.stderr).toMatch(/retry after \d{4}-\d\d-\d\dT/);
  });

  test('a slow answer beyond --timeout: retried, then exit 6 naming the timeout', async () => {
    emu.queue('PATCH', { status: 204, delayMs: 5000 }, { status: 204, delayMs: 5000 });
    const result = await update(['--timeout', '0.3', '--retries', '1']);
    expect(result.code).toBe(6);
    expect(patches()).toBe(2);
    expect(result.stderr).toContain('within 0.3 s (--timeout)');
  });
});

describe('Graph refuses', () => {
  test('400: exit 5 with status, code, message, request-id, client-request-id and date; not retried', async () => {
    emu.queue('PATCH', { graphError: { status: 400, code: 'BadRequest', message: "Invalid value for property 'licenseSkus'." } });
    const result = await update();
    expect(result.code).toBe(5);
    expect(patches()).toBe(1);
    const sent = emu.requestsTo('PATCH')[0];
    expect(result.stderr).toContain("400 BadRequest: Invalid value for property 'licenseSkus'.");
    expect(result.stderr).toMatch(/request-id: [0-9a-f-]{36}/);
    expect(result.stderr).toContain(`client-request-id: ${sent.headers['client-request-id']}`);
    expect(result.stderr).toMatch(/date: \d{4}-/);
    expectNoSecrets(result);
  });

  test('404: exit 5 with a hint about the ids', async () => {
    const result = await runMain(['update', '--set-id', SEED.setId, '--flow-id', 'no-such-flow', '-f', file], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN },
    });
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('404');
    expect(result.stderr).toContain('--flow-id');
  });

  test('401: exit 4, not retried with the same token', async () => {
    emu.queue('PATCH', { graphError: { status: 401, code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } });
    const result = await update();
    expect(result.code).toBe(4);
    expect(patches()).toBe(1);
    expect(result.stderr).toContain('InvalidAuthenticationToken');
    expectNoSecrets(result);
  });

  test('403: exit 4 naming the permission to grant', async () => {
    emu.queue('PATCH', { graphError: { status: 403, code: 'accessDenied', message: 'Insufficient privileges.' } });
    const result = await update();
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('IndustryData-OutboundFlow.ReadWrite.All');
  });

  test('--output json: the error is one JSON object on stderr, stdout stays empty', async () => {
    emu.queue('PATCH', { graphError: { status: 409, code: 'conflict', message: 'Conflicting change.' } });
    const result = await update(['--output', 'json']);
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    const sent = emu.requestsTo('PATCH')[0];
    const { error } = JSON.parse(result.stderr.trim().split('\n').pop() as string) as { error: Record<string, unknown> };
    expect(error).toMatchObject({
      exitCode: 5,
      status: 409,
      code: 'conflict',
      message: 'Conflicting change.',
      requestId: expect.any(String),
      clientRequestId: sent.headers['client-request-id'],
      date: expect.any(String),
      details: [],
    });
  });

  test('a non-JSON error page (a proxy, say) still gives the status', async () => {
    emu.queue('PATCH', { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body>Bad gateway</body></html>' });
    const result = await update(['--retries', '0']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('HTTP 502');
  });
});

describe('the network', () => {
  let closed: Server;
  test('a refused connection: exit 6 with the host', async () => {
    // A port that was free a moment ago and is closed now: nothing listens there.
    closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await update(['--retries', '1', '--max-wait', '0'], { EDU_FLOW_GRAPH_URL: `https://localhost:${port}/beta` });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain(`localhost:${port} refused the connection`);
  });

  test('an untrusted TLS certificate: exit 6 with the NODE_EXTRA_CA_CERTS hint, token not sent', async () => {
    const result = await spawnedUpdate(['--retries', '0'], { NODE_EXTRA_CA_CERTS: undefined });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('NODE_EXTRA_CA_CERTS');
    expect(patches()).toBe(0);
  });
});

describe('--verbose and --debug', () => {
  test('--verbose: one line per exchange with status and request-id, no secrets', async () => {
    emu.queue('PATCH', { graphError: { status: 429, code: 'TooManyRequests', message: 'wait', headers: { 'retry-after': '0' } } });
    const result = await update(['--verbose']);
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n').filter((l) => l.startsWith('PATCH '));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/→ 429 in \d+ ms \(request-id [0-9a-f-]{36}, attempt 1\)/);
    expect(lines[1]).toMatch(/→ 204 in \d+ ms \(request-id [0-9a-f-]{36}, attempt 2\)/);
    expectNoSecrets(result);
  });

  test('--debug: headers and body with the Authorization header and password masked', async () => {
    const result = await update(['--debug']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('"authorization":"Bearer ********"');
    expect(result.stderr).toContain('"password":"********"');
    expect(result.stderr).toContain('request body:');
    expectNoSecrets(result);
  });
});
