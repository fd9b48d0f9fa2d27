// The Graph client with a recording stand-in for the HTTP stack: which requests it lets out.
import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { abortableSleep, type Context } from '../../src/context.js';
import { AuthError } from '../../src/errors.js';
import { createGraphClient } from '../../src/graph/client.js';
import type { Http, HttpRequest } from '../../src/net/http.js';
import { createReporter } from '../../src/ui/reporter.js';
import { SecretScrubber } from '../../src/secrets.js';
import { fakeJwt } from '../helpers/secrets.js';

function harness(token: string) {
  const sent: { url: string; request: HttpRequest }[] = [];
  let stderr = '';
  const err = new PassThrough();
  err.on('data', (c: Buffer) => (stderr += c.toString()));
  const ctx: Context = {
    io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: err, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    env: {},
    version: '0.0.0-test',
    now: () => new Date(),
    sleep: abortableSleep,
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
  const http: Http = {
    proxyFor: () => undefined,
    async send(url, request) {
      sent.push({ url, request });
      return { statusCode: request.method === 'GET' ? 200 : 204, statusMessage: 'OK', headers: {}, body: request.method === 'GET' ? '{"value":[]}' : '' };
    },
  };
  const reporter = createReporter(ctx, { format: 'json', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
  const graph = createGraphClient(ctx, reporter, {
    baseUrl: 'https://graph.example.test/beta',
    http,
    tokens: { getCredential: async () => ({ token, source: 'app credentials (client secret)' }) },
    retries: 0,
    maxWaitMs: 0,
    timeoutMs: 1000,
  });
  return { graph, sent, stderr: () => stderr };
}

const READ_ONLY_APP = fakeJwt({ roles: ['IndustryData-OutboundFlow.Read.All'], idtyp: 'app', tid: 't' });
const READ_WRITE_APP = fakeJwt({ roles: ['IndustryData-OutboundFlow.ReadWrite.All'], idtyp: 'app', tid: 't' });

describe('the permission preflight in the Graph client', () => {
  test('a read goes out with a read-only token', async () => {
    const { graph, sent } = harness(READ_ONLY_APP);
    const response = await graph.request('GET', '/external/industryData/outboundProvisioningFlowSets');
    expect(response.status).toBe(200);
    expect(sent).toHaveLength(1);
  });

  test.each([['PATCH'], ['POST'], ['DELETE']] as const)('a %s with a read-only token never leaves the machine', async (method) => {
    const { graph, sent } = harness(READ_ONLY_APP);
    const error = await graph.request(method, '/external/industryData/outboundProvisioningFlowSets/s/provisioningFlows/f', {}).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).exitCode).toBe(4);
    expect(sent).toHaveLength(0);
  });

  test('an app-only flow-set update is warned about, then sent', async () => {
    const { graph, sent, stderr } = harness(READ_WRITE_APP);
    await graph.request('PATCH', '/external/industryData/outboundProvisioningFlowSets/set-1', { displayName: 'x' });
    expect(sent).toHaveLength(1);
    expect(stderr()).toContain('delegated-only');
  });
});
