// Unit, over real TLS on loopback: the connection to Graph opened in advance is the one the first
// request uses; a dead one is replaced silently; no preconnection through a proxy or without TLS.
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { preconnect, preconnectedAgent } from '../../src/net/preconnect.js';
import { REPO_ROOT } from '../helpers/run-cli.js';

let server: Server;
let origin: string;
let connections = 0;

beforeAll(async () => {
  const fixtures = path.join(REPO_ROOT, 'test', 'fixtures');
  server = createServer({ cert: readFileSync(path.join(fixtures, 'emulator-cert.pem')), key: readFileSync(path.join(fixtures, 'emulator-key.pem')) }, (_req, res) => {
    res.end('ok');
  });
  server.on('secureConnection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const get = (agent: ReturnType<typeof preconnectedAgent>): Promise<string> =>
  new Promise((resolve, reject) => {
    const req = request(`${origin}/x`, { agent }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s));
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });

const handshake = async (expected: number): Promise<void> => {
  for (let i = 0; i < 200 && connections < expected; i++) await new Promise((r) => setTimeout(r, 10));
  expect(connections).toBe(expected);
};

test('the first request goes over the connection opened in advance: no second handshake', async () => {
  connections = 0;
  const pre = preconnect(`${origin}/beta`, {});
  expect(pre?.origin).toBe(origin);
  // The handshake is done before any request is made.
  await handshake(1);
  const agent = preconnectedAgent(pre as NonNullable<typeof pre>);
  expect(await get(agent)).toBe('ok');
  expect(connections).toBe(1);
  agent.destroy();
});

test('a preconnection that died before it was used is replaced by a fresh connection, silently', async () => {
  connections = 0;
  const pre = preconnect(`${origin}/beta`, {});
  await handshake(1);
  pre?.socket.destroy();
  const agent = preconnectedAgent(pre as NonNullable<typeof pre>);
  expect(await get(agent)).toBe('ok');
  expect(connections).toBe(2);
  agent.destroy();
});

test('a preconnection that fails (nothing listens) raises nothing', async () => {
  const pre = preconnect('https://127.0.0.1:9/beta', {});
  expect(pre).toBeDefined();
  await new Promise((resolve) => pre?.socket.once('close', resolve));
  expect(pre?.socket.destroyed).toBe(true);
});

test('none through a proxy (the proxy makes the connection), none without TLS, none for a URL that is not one', () => {
  // Loopback is never proxied, so a name the proxy would carry: nothing is opened for it.
  expect(preconnect('https://graph.example.edu/beta', { HTTPS_PROXY: 'http://proxy.example:3128' })).toBeUndefined();
  expect(preconnect('http://127.0.0.1:8080/beta', {})).toBeUndefined();
  expect(preconnect('not a url', {})).toBeUndefined();
});
