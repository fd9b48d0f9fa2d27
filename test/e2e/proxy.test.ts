// End-to-end: behind a corporate proxy, sign-in AND Graph traffic go through it. The Graph and
// authority hosts are names only the test proxy can resolve (.test never resolves in DNS), so a
// request that bypassed the proxy could not connect at all.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SEED, TENANT_A } from '../emulator/emulator.js';
import { startProxy, type TestProxy } from '../emulator/proxy.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectNoIssuedTokens } from '../helpers/sign-in-env.js';
import { useEmulator } from '../helpers/use-emulator.js';

const GRAPH = 'https://graph.edu-flow.test/beta';
const LOGIN = 'https://login.edu-flow.test';
const UPDATE = ['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult'];

const emu = useEmulator();
let proxy: TestProxy;
let configDir: string;
beforeEach(async () => {
  const port = Number(new URL(emu.origin).port);
  const target = { host: '127.0.0.1', port };
  proxy = await startProxy({ hosts: { 'graph.edu-flow.test:443': target, 'login.edu-flow.test:443': target }, auth: { user: 'district', pass: 'Pr0xy-Pass' } });
  configDir = makeTempDir('edu-flow-config-');
});
afterEach(async () => {
  await proxy.close();
});

const proxyUrl = () => proxy.url.replace('http://', 'http://district:Pr0xy-Pass@');
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runCli(args, {
    env: { EDU_FLOW_GRAPH_URL: GRAPH, EDU_FLOW_AUTHORITY_HOST: LOGIN, EDU_FLOW_TENANT: TENANT_A, EDU_FLOW_CONFIG_DIR: configDir, HTTPS_PROXY: proxyUrl(), ...env },
  });

describe('HTTPS_PROXY', () => {
  test('device-code sign-in, silent refresh and the PATCH all go through the proxy', async () => {
    emu.entra.accessTokenTtl = 60; // the update refreshes through the proxy too
    const login = await cli(['login']);
    expect(login.code).toBe(0);
    const update = await cli([...UPDATE, '--verbose']);
    expect(update.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(1);
    const targets = new Set(proxy.connects.filter((c) => c.ok).map((c) => c.target));
    expect(targets).toEqual(new Set(['login.edu-flow.test:443', 'graph.edu-flow.test:443']));
    expect(proxy.connects.every((c) => c.ok)).toBe(true);
    // --verbose names the proxy for both kinds of traffic, never its password.
    expect(update.stderr).toMatch(/POST https:\/\/login\.edu-flow\.test\/.+\(sign-in\) via proxy http:\/\/district:\*{8}@127\.0\.0\.1/);
    expect(update.stderr).toMatch(/PATCH https:\/\/graph\.edu-flow\.test\/.+ via proxy http:\/\/district:\*{8}@127\.0\.0\.1/);
    for (const result of [login, update]) expect(`${result.stdout}${result.stderr}`).not.toContain('Pr0xy-Pass');
    expectNoIssuedTokens(emu, login, update);
  });

  test('app credentials through the proxy', async () => {
    const clientId = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    emu.entra.registerApp({ clientId, secret: 'ci-secret-value-1' });
    const result = await cli(UPDATE, { AZURE_TENANT_ID: TENANT_A, AZURE_CLIENT_ID: clientId, AZURE_CLIENT_SECRET: 'ci-secret-value-1' });
    expect(result.code).toBe(0);
    expect(emu.tokenRequests('client_credentials')).toHaveLength(1);
    expect(proxy.connects.map((c) => c.target)).toEqual(expect.arrayContaining(['login.edu-flow.test:443', 'graph.edu-flow.test:443']));
  });

  test('NO_PROXY sends the host direct: the .test name cannot be resolved, so exit 6 and nothing through the proxy', async () => {
    const result = await cli(['login'], { NO_PROXY: '.edu-flow.test' });
    expect(result.code).toBe(6);
    expect(proxy.connects).toHaveLength(0);
  });

  test.each([
    ['sign-in', ['login'], {}],
    ['Graph', UPDATE, { EDU_FLOW_ACCESS_TOKEN: 'opaque-test-token' }],
  ])('a proxy that refuses our credentials (%s): exit 6 saying so, the password never shown', async (_name, args, env) => {
    const result = await cli(args, { HTTPS_PROXY: proxy.url.replace('http://', 'http://district:wrong-pass@'), ...env });
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('407 Proxy Authentication Required');
    expect(`${result.stdout}${result.stderr}`).not.toContain('wrong-pass');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });
});

describe('nothing in clear text', () => {
  /** A plain-http server on `host` that records every connection and answers each request with `reply`. */
  async function plainServer(host: string, reply: (req: IncomingMessage) => { status: number; body: unknown }) {
    const seen: { method?: string; url?: string; authorization?: string }[] = [];
    let connections = 0;
    const server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization });
      const { status, body } = reply(req);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    server.on('connection', () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://${host}:${port}`,
      seen,
      connections: () => connections,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  const FLOW = { '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', id: SEED.userFlowId, createUnmatchedUsers: true };
  const EVERY_PROXY = () => ({ HTTP_PROXY: proxyUrl(), HTTPS_PROXY: proxyUrl(), ALL_PROXY: proxyUrl(), http_proxy: proxyUrl(), https_proxy: proxyUrl() });

  test('a loopback http Graph URL is reached directly: the plain-http proxy sees nothing, not even a connection', async () => {
    const graph = await plainServer('127.0.0.1', () => ({ status: 200, body: FLOW }));
    try {
      const result = await cli(['get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--output', 'json'], {
        EDU_FLOW_GRAPH_URL: `${graph.url}/beta`,
        EDU_FLOW_ACCESS_TOKEN: 'loopback-bearer-token',
        ...EVERY_PROXY(),
      });
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout).id).toBe(SEED.userFlowId);
      expect(graph.seen).toEqual([expect.objectContaining({ method: 'GET', authorization: 'Bearer loopback-bearer-token' })]);
      expect(proxy.connects).toEqual([]);
      expect(proxy.requests).toEqual([]);
    } finally {
      await graph.close();
    }
  });

  test('the loopback https emulator is reached directly as well', async () => {
    const result = await cli(['get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId], {
      EDU_FLOW_GRAPH_URL: emu.graphUrl,
      EDU_FLOW_ACCESS_TOKEN: 'loopback-bearer-token',
      ...EVERY_PROXY(),
    });
    expect(result.code).toBe(0);
    expect(emu.requestsTo('GET')).toHaveLength(1);
    expect(proxy.connects).toEqual([]);
    expect(proxy.requests).toEqual([]);
  });

  test('a plain-http GitHub OIDC request URL off this machine: exit 4, the request token never sent, nothing reaches the proxy', async () => {
    // 127.0.0.2 is not one of the loopback names edu-flow trusts with plain http.
    const oidc = await plainServer('127.0.0.2', () => ({ status: 200, body: { value: 'a.b.c' } }));
    try {
      const result = await cli(['get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId], {
        EDU_FLOW_GRAPH_URL: emu.graphUrl,
        EDU_FLOW_AUTHORITY_HOST: emu.origin,
        AZURE_TENANT_ID: TENANT_A,
        AZURE_CLIENT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        ACTIONS_ID_TOKEN_REQUEST_URL: `${oidc.url}/_actions/idtoken?api-version=2.0`,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'actions-request-token-value',
        ...EVERY_PROXY(),
      });
      expect(result.code).toBe(4);
      expect(result.stderr).toContain('ACTIONS_ID_TOKEN_REQUEST_URL is not an https:// URL');
      expect(result.stderr).toContain('the request token was not sent');
      expect(`${result.stdout}${result.stderr}`).not.toContain('actions-request-token-value');
      expect(oidc.connections()).toBe(0);
      expect(proxy.connects).toEqual([]);
      expect(proxy.requests).toEqual([]);
      // MSAL may read the authority's metadata first; no token request and nothing to Graph.
      expect(emu.tokenRequests()).toEqual([]);
      expect(emu.requests.filter((r) => r.path.startsWith('/beta'))).toEqual([]);
    } finally {
      await oidc.close();
    }
  });
});

test('a proxy password with an unencoded "@" never shows, not even in part, under --verbose and --debug', async () => {
  const port = Number(new URL(emu.origin).port);
  const target = { host: '127.0.0.1', port };
  const own = await startProxy({ hosts: { 'graph.edu-flow.test:443': target, 'login.edu-flow.test:443': target }, auth: { user: 'district', pass: 'Pr0xy@Pass' } });
  try {
    const result = await cli(['--debug', ...UPDATE], {
      HTTPS_PROXY: own.url.replace('http://', 'http://district:Pr0xy@Pass@'),
      EDU_FLOW_ACCESS_TOKEN: 'proxy-test-bearer-token',
    });
    expect(result.code).toBe(0);
    expect(own.connects.some((c) => c.ok)).toBe(true);
    const shown = `${result.stdout}${result.stderr}`;
    expect(shown).toMatch(/via proxy http:\/\/district:\*{8}@127\.0\.0\.1:\d+/);
    for (const part of ['Pr0xy@Pass', 'Pr0xy', 'Pass@', Buffer.from('district:Pr0xy@Pass').toString('base64')]) expect(shown).not.toContain(part);
  } finally {
    await own.close();
  }
});
