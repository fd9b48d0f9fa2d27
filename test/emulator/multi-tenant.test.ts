// The emulator as many tenants: each Graph request is served from the store of the tenant its
// bearer token names (tid), tokens minted by the emulator's own Entra ID (client credentials over
// real HTTPS, or MSAL for a domain authority), requests sent with node:https.
import { describe, expect, test } from '@jest/globals';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { FLOW_TYPES, fillTenant, GRAPH_DEFAULT_SCOPE, SEED, SEED_PASSWORDS, seedIdsFor, seedPasswordsFor, startEmulator, TENANT_A, TENANT_B, tenantIdOf } from './emulator.js';
import { fakeJwt, jwtClaims } from './jwt.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

const CLIENT_ID = '3d1f6a0b-2c4e-4f58-9a7b-8c9d0e1f2a3b';
const SECRET = 'fleet-secret~0123456789abcdef';
const TENANT_C = 'c0ffee00-1234-4abc-8def-0123456789ab';
const DOMAIN = 'Fabrikam-Schools.onmicrosoft.com';
const MASK = '*'.repeat(15);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SETS_PATH = '/external/industryData/outboundProvisioningFlowSets';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: unknown;
}
type Entity = Record<string, unknown>;
interface List {
  value: Entity[];
  '@odata.nextLink'?: string;
}

/** One request with node:https (no pooled socket, so reset() and close() leave nothing behind). */
function call(method: string, url: string, options: { token?: string; json?: unknown; form?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  let payload: string | undefined;
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  } else if (options.form !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    payload = new URLSearchParams(options.form).toString();
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === '' ? undefined : JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const graph = (method: string, path: string, token: string, json?: unknown) => call(method, `${emu.graphUrl}${path}`, { token, json });
const setPath = (setId: string) => `${SETS_PATH}/${setId}`;
const flowPath = (setId: string, flowId: string) => `${SETS_PATH}/${setId}/provisioningFlows/${flowId}`;

/** An app-only token for `tenant` (id or domain) from the emulator's token endpoint, over HTTPS. */
async function appToken(tenant: string): Promise<string> {
  if (!emu.entra.apps.has(CLIENT_ID)) emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
  const res = await call('POST', `${emu.origin}/${tenant}/oauth2/v2.0/token`, {
    form: { grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_DEFAULT_SCOPE },
  });
  expect(res.status).toBe(200);
  return (res.body as { access_token: string }).access_token;
}

async function listSets(token: string): Promise<Entity[]> {
  const res = await graph('GET', SETS_PATH, token);
  expect(res.status).toBe(200);
  return (res.body as List).value;
}

/** Every `password` member anywhere in `value`. */
function passwordsIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(passwordsIn);
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, member]) => (key === 'password' ? [member] : passwordsIn(member)));
}

/** `value` with every password shown as the service shows it. */
function masked(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(masked);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, key === 'password' ? MASK : masked(member)]));
}

const STAFF_PASSWORD = '/creationOptions/configurations/0/defaultPasswordSettings/password';
const AGE_GROUP = '/managementOptions/additionalOptions/studentAgeGroup';

describe('a store per tenant', () => {
  test('each tenant sees only its own data: the same names, its own ids and passwords', async () => {
    emu.createTenantsOnRequest = true;
    const tenants = [TENANT_A, TENANT_B, TENANT_C];
    const tokens = await Promise.all(tenants.map(appToken));
    for (const [i, tenant] of tenants.entries()) {
      const ids = seedIdsFor(tenant);
      const sets = await listSets(tokens[i]);
      expect(sets.map((s) => s.displayName)).toEqual([SEED.setDisplayName, SEED.emptySetDisplayName]);
      expect(sets.map((s) => s.id)).toEqual([ids.setId, ids.emptySetId]);
      const flows = await graph('GET', `${setPath(ids.setId)}/provisioningFlows`, tokens[i]);
      expect((flows.body as List).value.map((f) => [f.id, f['@odata.type']])).toEqual([
        [ids.userFlowId, FLOW_TYPES[0]],
        [ids.classGroupFlowId, FLOW_TYPES[1]],
        [ids.securityGroupFlowId, FLOW_TYPES[2]],
        [ids.adminUnitFlowId, FLOW_TYPES[3]],
      ]);
      expect(passwordsIn(flows.body)).toEqual([MASK, MASK]);
      expect(emu.tenant(tenant).flowValue(ids.setId, ids.userFlowId, STAFF_PASSWORD)).toBe(seedPasswordsFor(tenant).staff);
    }
    // The default tenant keeps SEED; the others' ids and passwords are their own.
    expect(seedIdsFor(TENANT_A)).toBe(SEED);
    expect(seedPasswordsFor(TENANT_A)).toBe(SEED_PASSWORDS);
    const allIds = tenants.flatMap((t) => Object.entries(seedIdsFor(t)).filter(([key]) => key.endsWith('Id') && !key.endsWith('RoleGroupId')));
    expect(new Set(allIds.map(([, id]) => id)).size).toBe(allIds.length);
    const allPasswords = tenants.flatMap((t) => Object.values(seedPasswordsFor(t)));
    expect(new Set(allPasswords).size).toBe(allPasswords.length);
    expect(seedIdsFor(TENANT_B)).toEqual(seedIdsFor(TENANT_B.toUpperCase())); // stable, case-blind

    // Another tenant's ids are not found: a client that mixes tenants up gets a 404.
    expect((await graph('GET', flowPath(SEED.setId, SEED.userFlowId), tokens[1])).status).toBe(404);
    expect((await graph('GET', flowPath(seedIdsFor(TENANT_B).setId, seedIdsFor(TENANT_B).userFlowId), tokens[0])).status).toBe(404);
    expect(emu.tenantIds()).toEqual(tenants);
  });

  test('a write to one tenant is invisible in the others, and one flow of a type per set holds per tenant', async () => {
    emu.createTenantsOnRequest = true;
    const [a, b, c] = await Promise.all([TENANT_A, TENANT_B, TENANT_C].map(appToken));
    const idsB = seedIdsFor(TENANT_B);
    const patched = await graph('PATCH', flowPath(idsB.setId, idsB.userFlowId), b, {
      '@odata.type': FLOW_TYPES[0],
      managementOptions: { additionalAttributes: [], additionalOptions: { allowStudentContactAssociation: true, studentAgeGroup: 'adult' } },
    });
    expect(patched.status).toBe(204);
    expect(emu.tenant(TENANT_B).flowValue(idsB.setId, idsB.userFlowId, AGE_GROUP)).toBe('adult');
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, AGE_GROUP)).toBe('minor');
    expect(emu.tenant(TENANT_C).flowValue(seedIdsFor(TENANT_C).setId, seedIdsFor(TENANT_C).userFlowId, AGE_GROUP)).toBe('minor');

    const created = await graph('POST', SETS_PATH, b, { displayName: 'Only in B' });
    expect(created.status).toBe(201);
    expect((await listSets(b)).map((s) => s.displayName)).toContain('Only in B');
    expect((await listSets(a)).map((s) => s.displayName)).not.toContain('Only in B');
    expect((await listSets(c)).map((s) => s.displayName)).not.toContain('Only in B');

    expect((await graph('DELETE', setPath(idsB.emptySetId), b)).status).toBe(204);
    expect(emu.tenant(TENANT_B).flowSet(idsB.emptySetId)).toBeUndefined();
    expect(emu.flowSet(SEED.emptySetId)?.displayName).toBe(SEED.emptySetDisplayName);

    // A user flow in B's new set, then a second one there (409), while A's empty set still takes one.
    const newSet = String((created.body as Entity).id);
    const userFlow = { '@odata.type': FLOW_TYPES[0], createUnmatchedUsers: false, creationOptions: { configurations: [] } };
    expect((await graph('POST', `${setPath(newSet)}/provisioningFlows`, b, userFlow)).status).toBe(201);
    const second = await graph('POST', `${setPath(newSet)}/provisioningFlows`, b, userFlow);
    expect(second.status).toBe(409);
    expect((await graph('POST', `${setPath(idsB.setId)}/provisioningFlows`, b, userFlow)).status).toBe(409);
    expect((await graph('POST', `${setPath(SEED.emptySetId)}/provisioningFlows`, a, userFlow)).status).toBe(201);
    expect(emu.tenant(TENANT_C).flowsIn(seedIdsFor(TENANT_C).emptySetId)).toEqual([]);
  });

  test("a tenant's switches are its own", async () => {
    emu.createTenantsOnRequest = true;
    const [a, b] = await Promise.all([TENANT_A, TENANT_B].map(appToken));
    emu.tenant(TENANT_B).pageSize = 1;
    emu.tenant(TENANT_B).roleGroupsForbidden = true;
    const pageB = (await graph('GET', SETS_PATH, b)).body as List;
    expect(pageB.value).toHaveLength(1);
    expect(pageB['@odata.nextLink']).toEqual(expect.stringContaining('$skiptoken='));
    const pageA = (await graph('GET', SETS_PATH, a)).body as List;
    expect(pageA.value).toHaveLength(2);
    expect(pageA['@odata.nextLink']).toBeUndefined();
    expect((await graph('GET', '/external/industryData/roleGroups', b)).status).toBe(403);
    expect((await graph('GET', '/external/industryData/roleGroups', a)).status).toBe(200);
    expect(emu.pageSize).toBe(100);
  });

  test('every Graph request records the tenant whose store served it; login requests record none', async () => {
    emu.createTenantsOnRequest = true;
    const [a, b] = await Promise.all([TENANT_A, TENANT_B].map(appToken));
    await listSets(b);
    await listSets(b);
    await listSets(a);
    await graph('GET', '/external/industryData/nowhere', b); // a 404 is still B's request
    const graphRequests = emu.requests.filter((r) => r.path.startsWith('/beta/'));
    expect(graphRequests.map((r) => r.tenant)).toEqual([TENANT_B, TENANT_B, TENANT_A, TENANT_B]);
    expect(emu.tokenRequests().every((r) => r.tenant === undefined)).toBe(true);
  });
});

describe('which tenant a request is for', () => {
  test('a token that is not a JWT, has no tid, or an unreadable one is the default tenant', async () => {
    emu.createTenantsOnRequest = true;
    const tokens = [
      'opaque-access-token',
      fakeJwt({ upn: 'someone@contoso.edu' }),
      fakeJwt({ tid: 42 }),
      fakeJwt({ tid: '   ' }),
      `${fakeJwt({ tid: TENANT_B }).split('.')[0]}.%%%not-base64%%%.sig`,
      'a.b', // two segments
    ];
    for (const token of tokens) {
      expect((await listSets(token)).map((s) => s.id)).toEqual([SEED.setId, SEED.emptySetId]);
    }
    expect(emu.requests.map((r) => r.tenant)).toEqual(tokens.map(() => TENANT_A));
    expect(emu.tenantIds()).toEqual([TENANT_A]);
    // Without a token Graph still answers 401, and the request counts as the default tenant's.
    expect((await call('GET', `${emu.graphUrl}${SETS_PATH}`)).status).toBe(401);
    expect(emu.requests.at(-1)?.tenant).toBe(TENANT_A);
  });

  test('by default a tenant without a store is served from the default store, until tenant() gives it one', async () => {
    // The suite's made-up tokens carry tids of their own and expect the SEED data.
    const madeUp = fakeJwt({ tid: '11111111-2222-3333-4444-555555555555', upn: 'admin@contoso.edu' });
    const b = await appToken(TENANT_B);
    expect(emu.createTenantsOnRequest).toBe(false);
    expect((await listSets(madeUp)).map((s) => s.id)).toEqual([SEED.setId, SEED.emptySetId]);
    expect((await listSets(b)).map((s) => s.id)).toEqual([SEED.setId, SEED.emptySetId]);
    expect(emu.requests.filter((r) => r.tenant !== undefined).map((r) => r.tenant)).toEqual([TENANT_A, TENANT_A]);
    expect(emu.tenantIds()).toEqual([TENANT_A]);

    emu.tenant(TENANT_B);
    expect(emu.tenantIds()).toEqual([TENANT_A, TENANT_B]);
    expect((await listSets(b)).map((s) => s.id)).toEqual([seedIdsFor(TENANT_B).setId, seedIdsFor(TENANT_B).emptySetId]);
    expect(emu.requests.at(-1)?.tenant).toBe(TENANT_B);
    expect((await listSets(madeUp)).map((s) => s.id)).toEqual([SEED.setId, SEED.emptySetId]);
  });

  test('tenant() takes an id in any case, a domain or an alias; the default tenant is the emulator itself', () => {
    expect(emu.tenant(TENANT_A)).toBe(emu.tenant('organizations'));
    expect(emu.tenant('COMMON')).toBe(emu.tenant(TENANT_A.toUpperCase()));
    expect(emu.tenant(TENANT_A).flows).toBe(emu.flows);
    const b = emu.tenant(TENANT_B.toUpperCase());
    expect(b).toBe(emu.tenant(TENANT_B));
    expect(b.tenantId).toBe(TENANT_B);
    expect(b.flows).not.toBe(emu.flows);
    expect(emu.tenant(DOMAIN).tenantId).toBe(tenantIdOf(DOMAIN));
    expect(() => emu.tenant('')).toThrow(RangeError);
    expect(() => emu.tenant('  ')).toThrow(RangeError);
    expect(emu.tenantIds()).toEqual([TENANT_A, TENANT_B, tenantIdOf(DOMAIN)]);
  });
});

describe('tenant domains', () => {
  test('a domain maps to a stable GUID of its own; ids and aliases keep their meaning', () => {
    const id = tenantIdOf(DOMAIN);
    expect(id).toMatch(GUID);
    expect(tenantIdOf(DOMAIN.toLowerCase())).toBe(id);
    expect(tenantIdOf(` ${DOMAIN.toUpperCase()} `)).toBe(id);
    expect(tenantIdOf('contoso.onmicrosoft.com')).not.toBe(id);
    expect([TENANT_A, TENANT_B]).not.toContain(id);
    expect(tenantIdOf(TENANT_B.toUpperCase())).toBe(TENANT_B);
    expect(tenantIdOf('organizations')).toBe(TENANT_A);
    expect(tenantIdOf('Common')).toBe(TENANT_A);
    expect(seedIdsFor(DOMAIN)).toEqual(seedIdsFor(id));
  });

  test("the OpenID metadata of a domain authority names the tenant's GUID, as Entra's does", async () => {
    const id = tenantIdOf(DOMAIN);
    const res = await call('GET', `${emu.origin}/${DOMAIN}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      issuer: `${emu.origin}/${id}/v2.0`,
      token_endpoint: `${emu.origin}/${id}/oauth2/v2.0/token`,
      authorization_endpoint: `${emu.origin}/${id}/oauth2/v2.0/authorize`,
    });
    // A GUID authority and the aliases are answered as they were sent.
    const byId = await call('GET', `${emu.origin}/${TENANT_B}/v2.0/.well-known/openid-configuration`);
    expect((byId.body as Entity).issuer).toBe(`${emu.origin}/${TENANT_B}/v2.0`);
    const alias = await call('GET', `${emu.origin}/organizations/v2.0/.well-known/openid-configuration`);
    expect((alias.body as Entity).token_endpoint).toBe(`${emu.origin}/organizations/oauth2/v2.0/token`);
  });

  test("MSAL's client credentials against a domain authority (secret and certificate): the token lands in that tenant's store", async () => {
    emu.createTenantsOnRequest = true;
    const pem = readFileSync(new URL('../fixtures/app-cert.pem', import.meta.url), 'utf8');
    const privateKey = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem)?.[0] ?? '';
    const thumbprintSha256 = createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET, certificatePem: pem });
    const id = tenantIdOf(DOMAIN);
    const credentials = [{ clientSecret: SECRET }, { clientCertificate: { thumbprintSha256, privateKey } }];
    for (const credential of credentials) {
      const app = new ConfidentialClientApplication({
        auth: { clientId: CLIENT_ID, authority: `${emu.origin}/${DOMAIN}`, knownAuthorities: [new URL(emu.origin).host], ...credential },
      });
      const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE] });
      expect(jwtClaims(result?.accessToken ?? '')).toMatchObject({ tid: id, iss: `${emu.origin}/${id}/v2.0` });
      const sets = await listSets(result?.accessToken ?? '');
      expect(sets.map((s) => s.id)).toEqual([seedIdsFor(DOMAIN).setId, seedIdsFor(DOMAIN).emptySetId]);
      expect(emu.requests.at(-1)?.tenant).toBe(id);
    }
    expect(emu.entra.assertions.map((a) => [a.kind, a.accepted, a.tenantId])).toEqual([['certificate', true, id]]);
    expect(emu.tenantIds()).toEqual([TENANT_A, id]);
  });
});

describe('latency', () => {
  test('delays every Graph answer by latencyMs, on top of a reply of its own delay', async () => {
    const token = await appToken(TENANT_A);
    emu.latencyMs = 200;
    let start = performance.now();
    expect((await graph('GET', setPath(SEED.setId), token)).status).toBe(200);
    // libuv's timers count whole milliseconds, so 200 ms can come out as 199.x measured finely.
    expect(performance.now() - start).toBeGreaterThanOrEqual(199);

    emu.queue('GET', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'busy' }, delayMs: 100 });
    start = performance.now();
    expect((await graph('GET', setPath(SEED.setId), token)).status).toBe(503);
    expect(performance.now() - start).toBeGreaterThanOrEqual(299);
  });

  test("does not hold back Entra's answers", async () => {
    emu.latencyMs = 60_000;
    // Within the test's time limit only because login answers are not delayed.
    expect((await appToken(TENANT_B)).split('.')).toHaveLength(3);
    expect((await call('GET', `${emu.origin}/${TENANT_B}/v2.0/.well-known/openid-configuration`)).status).toBe(200);
  });

  test('startEmulator({ latencyMs }) is the starting value, and reset() puts it back', async () => {
    const own = await startEmulator({ latencyMs: 150 });
    try {
      expect(own.latencyMs).toBe(150);
      const start = performance.now();
      const res = await call('GET', `${own.graphUrl}${SETS_PATH}`, { token: 'opaque' });
      expect(res.status).toBe(200);
      expect(performance.now() - start).toBeGreaterThanOrEqual(149);
      own.latencyMs = 5;
      own.reset();
      expect(own.latencyMs).toBe(150);
    } finally {
      await own.close();
    }
    expect(emu.latencyMs).toBe(0);
  });

  test('close() cancels an answer still waiting out its latency: the client sees the connection end', async () => {
    const own = await startEmulator({ latencyMs: 60_000 });
    const pending = call('GET', `${own.graphUrl}${SETS_PATH}`, { token: 'opaque' });
    while (own.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await own.close();
    await expect(pending).rejects.toThrow(/socket hang up|ECONNRESET/);
  });
});

describe('faults for one tenant', () => {
  test('queueFor() answers only that tenant, before the replies of queue()', async () => {
    emu.createTenantsOnRequest = true;
    const [a, b, c] = await Promise.all([TENANT_A, TENANT_B, TENANT_C].map(appToken));
    emu.queueFor(TENANT_B, 'get', { graphError: { status: 503, code: 'serviceNotAvailable', message: 'B is busy' } });
    emu.queue('GET', { status: 500, body: { error: { code: 'generalException', message: 'anyone' } } });
    expect((await graph('GET', SETS_PATH, b)).status).toBe(503);
    expect((await graph('GET', SETS_PATH, b)).status).toBe(500); // then the tenant-agnostic queue
    expect((await graph('GET', SETS_PATH, c)).status).toBe(200);
    expect((await graph('GET', SETS_PATH, a)).status).toBe(200);

    emu.queueFor(TENANT_C, 'PATCH', { status: 429, headers: { 'retry-after': '1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    const idsC = seedIdsFor(TENANT_C);
    expect((await graph('GET', SETS_PATH, c)).status).toBe(200); // another method does not take it
    const body = { '@odata.type': FLOW_TYPES[0], createUnmatchedUsers: false };
    expect((await graph('PATCH', flowPath(SEED.setId, SEED.userFlowId), a, body)).status).toBe(204);
    const throttled = await graph('PATCH', flowPath(idsC.setId, idsC.userFlowId), c, body);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('1');
    expect(emu.tenant(TENANT_C).flowValue(idsC.setId, idsC.userFlowId, '/createUnmatchedUsers')).toBe(true);
    expect(emu.requests.filter((r) => r.tenant === TENANT_C)).toHaveLength(3);
    expect(emu.requests.filter((r) => r.tenant === TENANT_B)).toHaveLength(2);
  });

  test('queueFor() takes a domain, and gives the tenant its own store even when requests would not', async () => {
    const domainToken = await appToken(DOMAIN);
    const madeUpB = fakeJwt({ tid: TENANT_B });
    emu.queueFor(DOMAIN, 'GET', { graphError: { status: 504, code: 'GatewayTimeout', message: 'slow' } });
    emu.queueFor(TENANT_B, 'GET', { drop: true });
    expect(emu.tenantIds()).toEqual([TENANT_A, tenantIdOf(DOMAIN), TENANT_B]);
    expect((await listSets(fakeJwt({ tid: TENANT_C }))).map((s) => s.id)).toEqual([SEED.setId, SEED.emptySetId]);
    expect((await graph('GET', SETS_PATH, domainToken)).status).toBe(504);
    await expect(graph('GET', SETS_PATH, madeUpB)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await listSets(madeUpB)).map((s) => s.id)).toEqual([seedIdsFor(TENANT_B).setId, seedIdsFor(TENANT_B).emptySetId]);
  });

  test('queueFor() refuses a blank tenant', () => {
    expect(() => emu.queueFor('', 'GET', { status: 500 })).toThrow(RangeError);
  });
});

describe('reset', () => {
  test('drops every other tenant, its queue and its changes; the default store and switches start over', async () => {
    emu.createTenantsOnRequest = true;
    const b = await appToken(TENANT_B);
    await listSets(b);
    emu.tenant(TENANT_B).sets.clear();
    emu.tenant(TENANT_B).pageSize = 1;
    emu.queueFor(TENANT_B, 'GET', { status: 500 });
    emu.tenant(DOMAIN);
    emu.flows.clear();
    expect(emu.tenantIds()).toHaveLength(3);

    emu.reset();
    expect(emu.tenantIds()).toEqual([TENANT_A]);
    expect(emu.createTenantsOnRequest).toBe(false);
    expect(emu.flowsIn(SEED.setId)).toHaveLength(4);
    const fresh = emu.tenant(TENANT_B);
    expect(fresh.pageSize).toBe(100);
    expect(fresh.flowSet(seedIdsFor(TENANT_B).setId)?.displayName).toBe(SEED.setDisplayName);
    // The queued 500 went with the reset.
    const res = await graph('GET', SETS_PATH, b);
    expect(res.status).toBe(200);
    expect((res.body as List).value).toHaveLength(2);
  });
});

describe('fillTenant', () => {
  test('adds N sets, each with one flow of every type, read back over HTTPS with passwords masked', async () => {
    emu.createTenantsOnRequest = true;
    const b = await appToken(TENANT_B);
    const store = emu.tenant(TENANT_B);
    const filled = fillTenant(store, { sets: 3 });
    expect(filled.map((s) => s.displayName)).toEqual(['District 1', 'District 2', 'District 3']);
    const sets = await listSets(b);
    expect(sets.map((s) => s.displayName)).toEqual([SEED.setDisplayName, SEED.emptySetDisplayName, 'District 1', 'District 2', 'District 3']);
    expect(sets[2].filter).toEqual({ '@odata.type': '#microsoft.graph.industryData.basicFilter', attribute: 'orgExternalId', in: ['district-1'] });

    const storedPasswords: unknown[] = [];
    for (const set of filled) {
      const list = await graph('GET', `${setPath(set.setId)}/provisioningFlows`, b);
      expect(list.status).toBe(200);
      const flows = (list.body as List).value;
      expect(flows.map((f) => f['@odata.type'])).toEqual([...FLOW_TYPES]);
      expect(flows.map((f) => f.id)).toEqual([set.userFlowId, set.classGroupFlowId, set.securityGroupFlowId, set.adminUnitFlowId]);
      expect(passwordsIn(flows)).toEqual([MASK, MASK]);
      // Stored exactly as GET shows it, bar the masked passwords.
      expect(flows).toEqual(store.flowsIn(set.setId).map(masked));
      const [user, classGroup] = store.flowsIn(set.setId);
      const configurations = (user.creationOptions as { configurations: Entity[] }).configurations;
      expect(configurations.map((c) => [c.licenseSkus, (c.roleGroup as Entity).id])).toEqual([
        [['Sku1'], 'staff'],
        [['Sku2'], 'students'],
      ]);
      expect(classGroup.configuration).toMatchObject({ enrollmentMappings: { ownerEnrollmentMappings: expect.any(Array), memberEnrollmentMappings: expect.any(Array) } });
      storedPasswords.push(...passwordsIn(user));

      const one = await graph('GET', flowPath(set.setId, set.userFlowId), b);
      expect(passwordsIn(one.body)).toEqual([MASK, MASK]);
    }
    // Live passwords, different in every set (and never the mask).
    expect(new Set(storedPasswords).size).toBe(6);
    expect(storedPasswords).not.toContain(MASK);
    // The default tenant is untouched; its requests never saw B's sets.
    expect(emu.sets.size).toBe(2);
  });

  test('a fleet for a benchmark: 20 tenants × 3 sets × 4 flows, ids unique and stable', () => {
    const tenants = Array.from({ length: 20 }, (_, i) => `school-${i + 1}.example.edu`);
    const setIds = tenants.flatMap((t) => fillTenant(emu.tenant(t), { sets: 3, namePrefix: 'Region' }).map((s) => s.setId));
    expect(emu.tenantIds()).toHaveLength(21);
    expect(new Set(setIds).size).toBe(60);
    for (const t of tenants) {
      const store = emu.tenant(t);
      expect(store.sets.size).toBe(5);
      expect(store.flows.size).toBe(4 + 12);
    }
    const first = emu.tenant(tenants[0]).flowSet(setIds[0]);
    emu.reset();
    expect(fillTenant(emu.tenant(tenants[0]), { sets: 1, namePrefix: 'Region' })[0].setId).toBe(first?.id);
  });

  test('refuses a count that is not a whole number and a name the tenant already has', () => {
    for (const sets of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fillTenant(emu, { sets })).toThrow(RangeError);
    expect(() => fillTenant(emu, { sets: 1, namePrefix: ' ' })).toThrow(RangeError);
    expect(fillTenant(emu, { sets: 0 })).toEqual([]);
    fillTenant(emu, { sets: 2, namePrefix: 'North' });
    expect(() => fillTenant(emu, { sets: 3, namePrefix: 'North' })).toThrow('already holds a set named "North 1"');
    expect(emu.sets.size).toBe(4); // the refused call added nothing
    expect(emu.flows.size).toBe(4 + 8);
  });
});
