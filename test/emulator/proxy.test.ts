// The test proxy: CONNECT tunnels to names that exist only in its host map (graph.edu-flow.test
// → the emulator), plain-http forwarding, 502 for anything else, 407 without credentials. The
// client side is node:https with a small tunnelling agent written here (no fetch, no proxy
// library), so TLS really verifies the emulator certificate's *.edu-flow.test names.
import { afterEach, describe, expect, test } from '@jest/globals';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GRAPH_DEFAULT_SCOPE, SEED, TENANT_A } from './emulator.js';
import { jwtClaims } from './jwt.js';
import { startProxy, type TestProxy } from './proxy.js';
import { useEmulator } from '../helpers/use-emulator.js';

/** An https.Agent that opens each connection as a CONNECT tunnel through `proxyUrl`. */
class TunnelAgent extends https.Agent {
  readonly tunnels: string[] = [];

  constructor(
    private readonly proxyUrl: string,
    private readonly proxyAuthorization?: string,
  ) {
    super({ keepAlive: false });
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const proxy = new URL(this.proxyUrl);
    const target = `${options.host ?? options.hostname}:${options.port ?? 443}`;
    this.tunnels.push(target);
    const connect = http.request({
      host: proxy.hostname,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      agent: false,
      headers: { host: target, ...(this.proxyAuthorization ? { 'proxy-authorization': this.proxyAuthorization } : {}) },
    });
    connect.once('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        callback?.(Object.assign(new Error(`proxy refused CONNECT ${target}: ${res.statusCode}`), { proxyStatus: res.statusCode }), socket);
        return;
      }
      // Default trust store (+ NODE_EXTRA_CA_CERTS); SNI and the name check use the target host.
      const servername = String(options.servername || options.host);
      callback?.(null, tls.connect({ socket, servername }));
    });
    connect.once('error', (e) => callback?.(e, connect.socket ?? (undefined as unknown as Duplex)));
    connect.end();
    return undefined;
  }
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(url: string, options: https.RequestOptions & { agent: http.Agent }): Promise<Answer> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method: 'GET', ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A plain-http GET sent to the proxy in absolute-URI form (what HTTP_PROXY clients do). */
function plainViaProxy(proxy: TestProxy, absoluteUrl: string, headers: Record<string, string> = {}): Promise<Answer> {
  const { hostname, port } = new URL(proxy.url);
  return get(proxy.url, { agent: new http.Agent({ keepAlive: false }), hostname, port, path: absoluteUrl, headers: { host: new URL(absoluteUrl).host, ...headers } });
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { proxyStatus?: number; code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { proxyStatus?: number };
  }
  throw new Error('expected a failure');
}

const emu = useEmulator();
let proxy: TestProxy | undefined;
const emulatorPort = () => Number(new URL(emu.origin).port);
const flowPath = `/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`;

afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

describe('CONNECT tunnels', () => {
  test('graph.edu-flow.test:443 reaches the emulator; TLS verifies the name; URLs use the host asked for', async () => {
    proxy = await startProxy({
      hosts: { 'graph.edu-flow.test:443': { host: '127.0.0.1', port: emulatorPort() }, 'login.edu-flow.test': { host: '127.0.0.1', port: emulatorPort() } },
    });
    const agent = new TunnelAgent(proxy.url);

    const flow = await get(`https://graph.edu-flow.test${flowPath}`, { agent, headers: { authorization: 'Bearer t' } });
    expect(flow.status).toBe(200);
    expect(JSON.parse(flow.body)['@odata.context']).toMatch(/^https:\/\/graph\.edu-flow\.test\/beta\/\$metadata#/);

    // Entra through the same proxy: the metadata names the host the client used (MSAL checks that).
    const meta = await get(`https://login.edu-flow.test/organizations/v2.0/.well-known/openid-configuration`, { agent });
    expect(JSON.parse(meta.body)).toMatchObject({
      issuer: 'https://login.edu-flow.test/organizations/v2.0',
      token_endpoint: 'https://login.edu-flow.test/organizations/oauth2/v2.0/token',
    });

    expect(proxy.connects).toEqual([
      { target: 'graph.edu-flow.test:443', ok: true, status: 200 },
      { target: 'login.edu-flow.test:443', ok: true, status: 200 },
    ]);
    expect(agent.tunnels).toEqual(['graph.edu-flow.test:443', 'login.edu-flow.test:443']);
    expect(emu.requests.map((r) => [r.method, r.path, r.headers.host])).toEqual([
      ['GET', flowPath, 'graph.edu-flow.test'],
      ['GET', '/organizations/v2.0/.well-known/openid-configuration', 'login.edu-flow.test'],
    ]);
    expect(proxy.requests).toEqual([]);
    agent.destroy();
  });

  test('a name the certificate does not cover fails TLS verification even though the tunnel opens', async () => {
    proxy = await startProxy({ hosts: { 'graph.example.test': { host: '127.0.0.1', port: emulatorPort() } } });
    const agent = new TunnelAgent(proxy.url);
    const error = await failureOf(get(`https://graph.example.test${flowPath}`, { agent, headers: { authorization: 'Bearer t' } }));
    expect(error.code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(proxy.connects).toEqual([{ target: 'graph.example.test:443', ok: true, status: 200 }]);
    expect(emu.requests).toHaveLength(0);
    agent.destroy();
  });

  test('an unmapped host is 502 and recorded; it never reaches anything', async () => {
    proxy = await startProxy({ hosts: { 'graph.edu-flow.test:443': { host: '127.0.0.1', port: emulatorPort() } } });
    const agent = new TunnelAgent(proxy.url);
    // Not even the emulator's own address gets through unless it is mapped.
    for (const url of ['https://login.edu-flow.test/x', 'https://graph.edu-flow.test:8443/x', `https://localhost:${emulatorPort()}/x`]) {
      const error = await failureOf(get(url, { agent }));
      expect(error.proxyStatus).toBe(502);
    }
    expect(proxy.connects).toEqual([
      { target: 'login.edu-flow.test:443', ok: false, status: 502 },
      { target: 'graph.edu-flow.test:8443', ok: false, status: 502 },
      { target: `localhost:${emulatorPort()}`, ok: false, status: 502 },
    ]);
    expect(emu.requests).toHaveLength(0);

    // The raw answer is a complete response with a JSON message.
    const raw = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port: new URL(proxy!.url).port, method: 'CONNECT', path: 'nowhere.test:443' });
      req.once('connect', (res, socket, head) => {
        let body = head.toString();
        socket.on('data', (c: Buffer) => (body += c.toString()));
        socket.on('end', () => resolve({ status: res.statusCode, body }));
      });
      req.once('error', reject);
      req.end();
    });
    expect(raw.status).toBe(502);
    expect(JSON.parse(raw.body).message).toMatch(/does not know 'nowhere\.test:443'/);
    agent.destroy();
  });

  test('a mapped target that refuses connections is 502', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    proxy = await startProxy({ hosts: { 'graph.edu-flow.test': { host: '127.0.0.1', port: deadPort } } });
    const agent = new TunnelAgent(proxy.url);
    expect((await failureOf(get(`https://graph.edu-flow.test/x`, { agent }))).proxyStatus).toBe(502);
    expect(proxy.connects).toEqual([{ target: 'graph.edu-flow.test:443', ok: false, status: 502 }]);
    agent.destroy();
  });
});

describe('proxy authentication', () => {
  const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

  test('CONNECT without or with wrong credentials is 407; the right ones open the tunnel', async () => {
    proxy = await startProxy({ hosts: { 'graph.edu-flow.test': { host: '127.0.0.1', port: emulatorPort() } }, auth: { user: 'ci', pass: 's3cr3t' } });
    for (const authorization of [undefined, basic('ci', 'wrong')]) {
      const agent = new TunnelAgent(proxy.url, authorization);
      expect((await failureOf(get(`https://graph.edu-flow.test${flowPath}`, { agent }))).proxyStatus).toBe(407);
      agent.destroy();
    }
    const agent = new TunnelAgent(proxy.url, basic('ci', 's3cr3t'));
    expect((await get(`https://graph.edu-flow.test${flowPath}`, { agent, headers: { authorization: 'Bearer t' } })).status).toBe(200);
    agent.destroy();
    expect(proxy.connects.map((c) => c.status)).toEqual([407, 407, 200]);
    expect(emu.requests).toHaveLength(1);
    // The proxy credentials are for the proxy: they never reach the target.
    expect(emu.requests[0].headers['proxy-authorization']).toBeUndefined();
  });

  test('plain http requests need them too (407 with Proxy-Authenticate)', async () => {
    proxy = await startProxy({ hosts: {}, auth: { user: 'ci', pass: 's3cr3t' } });
    const res = await plainViaProxy(proxy, 'http://graph.edu-flow.test/x');
    expect(res.status).toBe(407);
    expect(res.headers['proxy-authenticate']).toMatch(/^Basic realm=/);
    expect(proxy.requests).toEqual([{ method: 'GET', url: 'http://graph.edu-flow.test/x', ok: false, status: 407 }]);
  });
});

describe('plain http forwarding', () => {
  test('absolute-URI requests to a mapped name are forwarded (method, path, body, Host); others are 502', async () => {
    const seen: { method?: string; url?: string; host?: string; body: string; proxyAuth?: string }[] = [];
    const target = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, host: req.headers.host, body, proxyAuth: req.headers['proxy-authorization'] });
        res.writeHead(201, { 'content-type': 'text/plain', 'x-target': 'yes' });
        res.end(`got ${body}`);
      });
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    try {
      const targetPort = (target.address() as AddressInfo).port;
      proxy = await startProxy({ hosts: { 'api.edu-flow.test:80': { host: '127.0.0.1', port: targetPort } }, auth: { user: 'ci', pass: 'pw' } });
      const port = new URL(proxy.url).port;
      const agent = new http.Agent({ keepAlive: false });
      const post = await new Promise<Answer>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: 'http://api.edu-flow.test/v1/things?x=1',
            agent,
            headers: { 'proxy-authorization': `Basic ${Buffer.from('ci:pw').toString('base64')}`, 'content-type': 'text/plain' },
          },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
          },
        );
        req.on('error', reject);
        req.end('hello');
      });
      expect(post).toMatchObject({ status: 201, body: 'got hello' });
      expect(post.headers['x-target']).toBe('yes');
      expect(seen).toEqual([{ method: 'POST', url: '/v1/things?x=1', host: 'api.edu-flow.test', body: 'hello', proxyAuth: undefined }]);

      const unmapped = await plainViaProxy(proxy, 'http://other.edu-flow.test/', { 'proxy-authorization': `Basic ${Buffer.from('ci:pw').toString('base64')}` });
      expect(unmapped.status).toBe(502);
      expect(proxy.requests).toEqual([
        { method: 'POST', url: 'http://api.edu-flow.test/v1/things?x=1', ok: true, status: 201 },
        { method: 'GET', url: 'http://other.edu-flow.test/', ok: false, status: 502 },
      ]);
      expect(seen).toHaveLength(1);
      agent.destroy();
    } finally {
      await new Promise<void>((resolve) => {
        target.closeAllConnections();
        target.close(() => resolve());
      });
    }
  });
});

describe('MSAL through the proxy', () => {
  /** MSAL's INetworkModule over node:https and a TunnelAgent (msal-node has no proxy option of its own). */
  function tunnelledNetworkClient(agent: TunnelAgent): INetworkModule {
    const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
      const answer = await new Promise<Answer>((resolve, reject) => {
        const req = https.request(url, { method, agent, headers: options?.headers }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end(options?.body);
      });
      return { status: answer.status, headers: answer.headers as Record<string, string>, body: JSON.parse(answer.body) as T };
    };
    return {
      sendGetRequestAsync: (url, options) => send('GET', url, options),
      sendPostRequestAsync: (url, options) => send('POST', url, options),
    };
  }

  test('a certificate client-credentials sign-in at https://login.edu-flow.test works only through the tunnel', async () => {
    proxy = await startProxy({ hosts: { 'login.edu-flow.test:443': { host: '127.0.0.1', port: emulatorPort() } } });
    const agent = new TunnelAgent(proxy.url);
    const pem = readFileSync(new URL('../fixtures/app-cert.pem', import.meta.url), 'utf8');
    const clientId = '0b5c2f3e-7a41-4d6b-9c8e-1f2a3b4c5d6e';
    emu.entra.registerApp({ clientId, certificatePem: pem });
    const app = new ConfidentialClientApplication({
      auth: {
        clientId,
        authority: `https://login.edu-flow.test/${TENANT_A}`,
        knownAuthorities: ['login.edu-flow.test'],
        clientCertificate: {
          thumbprintSha256: createHash('sha256').update(new X509Certificate(pem).raw).digest('hex'),
          privateKey: /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----/.exec(pem)![0],
        },
      },
      system: { networkClient: tunnelledNetworkClient(agent) },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
    expect(jwtClaims(result!.accessToken)).toMatchObject({ iss: `https://login.edu-flow.test/${TENANT_A}/v2.0`, appid: clientId, idtyp: 'app' });
    // The assertion named the endpoint as MSAL reached it, and the emulator checked it against that.
    expect(emu.entra.assertions[0]).toMatchObject({ accepted: true, claims: expect.objectContaining({ aud: `https://login.edu-flow.test/${TENANT_A}/oauth2/v2.0/token` }) });
    expect(proxy.connects.every((c) => c.target === 'login.edu-flow.test:443' && c.ok)).toBe(true);
    expect(emu.requests.map((r) => `${r.method} ${r.path} ${r.headers.host}`)).toEqual([
      `GET /${TENANT_A}/v2.0/.well-known/openid-configuration login.edu-flow.test`,
      `POST /${TENANT_A}/oauth2/v2.0/token login.edu-flow.test`,
    ]);
    agent.destroy();
  });
});

describe('close()', () => {
  test('destroys open tunnels promptly, also one the client keeps open', async () => {
    proxy = await startProxy({ hosts: { 'graph.edu-flow.test': { host: '127.0.0.1', port: emulatorPort() } } });
    const agent = new TunnelAgent(proxy.url);
    // A raw tunnel held open with a TLS session on top.
    const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
      agent.createConnection({ host: 'graph.edu-flow.test', port: 443, servername: 'graph.edu-flow.test' }, (err, stream) => {
        if (err) return reject(err);
        const s = stream as tls.TLSSocket;
        s.once('secureConnect', () => resolve(s));
        s.once('error', reject);
      });
    });
    expect(socket.authorized).toBe(true);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => undefined);
    const started = Date.now();
    await proxy.close();
    proxy = undefined;
    await closed;
    expect(Date.now() - started).toBeLessThan(1000);
    agent.destroy();
  });
});
