// App-only sign-in (client credentials) against the emulated Entra ID, driven by the real
// @azure/msal-node ConfidentialClientApplication: client secret, certificate (SHA-256 / PS256 and
// SHA-1 / RS256), workload identity federation with the emulator's external OIDC issuer, and the
// GitHub Actions ID token stand-in. Raw fetch covers what MSAL never sends (tampered assertions).
import { describe, expect, test } from '@jest/globals';
import { ConfidentialClientApplication, type NodeAuthOptions } from '@azure/msal-node';
import { createHash, createPrivateKey, createPublicKey, verify, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_APP_ROLES, DEFAULT_GITHUB_SUBJECT, GRAPH_DEFAULT_SCOPE, JWT_BEARER, SEED, TENANT_A, TENANT_B, TOKEN_EXCHANGE_AUDIENCE } from './emulator.js';
import { decodeJwt, jwtClaims, signJwt } from './jwt.js';
import { useEmulator } from '../helpers/use-emulator.js';

const CLIENT_ID = '0b5c2f3e-7a41-4d6b-9c8e-1f2a3b4c5d6e';
const SECRET = 'emulator-secret~value.0123456789';
const SUBJECT = 'system:serviceaccount:sds:edu-flow';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const APP_PEM = fixture('app-cert.pem');
const OTHER_PEM = fixture('app-cert-other.pem');
const ENCRYPTED_PEM = fixture('app-cert-encrypted.pem');
const privateKeyBlock = (pem: string) => {
  const block = /-----BEGIN PRIVATE KEY-----[\s\S]+?-----END PRIVATE KEY-----\n?/.exec(pem);
  if (!block) throw new Error('no PRIVATE KEY block');
  return block[0];
};
const thumbprints = (pem: string) => {
  const raw = new X509Certificate(pem).raw;
  return { sha1: createHash('sha1').update(raw).digest('hex'), sha256: createHash('sha256').update(raw).digest('hex') };
};

const emu = useEmulator({ graphAcceptsOnlyIssuedTokens: true });

const tokenEndpoint = (tenant: string = TENANT_A) => `${emu.origin}/${tenant}/oauth2/v2.0/token`;

/** A fresh ConfidentialClientApplication against the emulator (one per simulated CLI run). */
function cca(auth: Omit<NodeAuthOptions, 'clientId'> & { clientId?: string }, tenant: string = TENANT_A) {
  return new ConfidentialClientApplication({
    auth: { clientId: CLIENT_ID, authority: `${emu.origin}/${tenant}`, knownAuthorities: [new URL(emu.origin).host], ...auth },
  });
}

async function acquire(app: ConfidentialClientApplication, skipCache = false) {
  const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE], skipCache });
  if (!result) throw new Error('acquireTokenByClientCredential returned null');
  return result;
}

/** The rejection of `promise` (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & { errorCode?: string; errorMessage?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { errorCode?: string; errorMessage?: string };
  }
  throw new Error('expected a rejection');
}

const tokenPost = (body: Record<string, string>, tenant: string = TENANT_A) =>
  fetch(tokenEndpoint(tenant), { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, scope: GRAPH_DEFAULT_SCOPE, ...body }) });

const graphGet = (token: string) =>
  fetch(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`, {
    headers: { authorization: `Bearer ${token}` },
  });

/** Asserts an app-only access token of this emulator for CLIENT_ID in `tenant`. */
function expectAppToken(token: string, tenant: string = TENANT_A) {
  const claims = jwtClaims(token);
  expect(claims).toMatchObject({
    aud: 'https://graph.microsoft.com',
    iss: `${emu.origin}/${tenant}/v2.0`,
    tid: tenant,
    appid: CLIENT_ID,
    azp: CLIENT_ID,
    app_displayname: expect.any(String),
    oid: expect.stringMatching(UUID),
    roles: DEFAULT_APP_ROLES,
    idtyp: 'app',
    jti: expect.stringMatching(UUID),
  });
  expect(claims).not.toHaveProperty('scp');
  expect(claims).not.toHaveProperty('upn');
  const { iat, nbf, exp } = claims as { iat: number; nbf: number; exp: number };
  expect(nbf).toBe(iat);
  expect(exp - iat).toBe(emu.entra.accessTokenTtl);
  expect(emu.entra.issued.accessTokens).toContain(token);
}

describe('client secret', () => {
  test('the right secret gives an app token with roles and no scp; the second call comes from the cache', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, displayName: 'SDS nightly sync', secret: SECRET });
    const app = cca({ clientSecret: SECRET });
    const result = await acquire(app);

    expect(result.account).toBeNull();
    expect(result.fromCache).toBe(false);
    expectAppToken(result.accessToken);
    expect(jwtClaims(result.accessToken)?.app_displayname).toBe('SDS nightly sync');
    expect(emu.entra.issued.refreshTokens).toHaveLength(0);
    expect(emu.entra.issued.idTokens).toHaveLength(0);

    const [request] = emu.tokenRequests('client_credentials');
    expect(request.path).toBe(`/${TENANT_A}/oauth2/v2.0/token`);
    expect(request.form).toMatchObject({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: SECRET, scope: GRAPH_DEFAULT_SCOPE });

    expect((await acquire(app)).fromCache).toBe(true);
    expect(emu.tokenRequests('client_credentials')).toHaveLength(1);
    expect(emu.tokenRequests()).toHaveLength(1);

    // Graph (which here accepts only issued tokens) takes it.
    expect((await graphGet(result.accessToken)).status).toBe(200);
  });

  test('the raw answer has no refresh token, id_token or scope; the tenant comes from the path', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET, roles: ['IndustryData-OutboundFlow.Read.All', 'IndustryData.ReadBasic.All'] });
    emu.entra.accessTokenTtl = 1234;
    const res = await tokenPost({ client_secret: SECRET }, TENANT_B);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1234, ext_expires_in: 1234 });
    const claims = jwtClaims(body.access_token as string);
    expect(claims).toMatchObject({ tid: TENANT_B, roles: ['IndustryData-OutboundFlow.Read.All', 'IndustryData.ReadBasic.All'], idtyp: 'app' });

    // The service principal's oid is per tenant and stable.
    const again = jwtClaims(((await (await tokenPost({ client_secret: SECRET }, TENANT_B)).json()) as any).access_token);
    const inA = jwtClaims(((await (await tokenPost({ client_secret: SECRET }, 'organizations')).json()) as any).access_token);
    expect(again?.oid).toBe(claims?.oid);
    expect(inA?.tid).toBe(TENANT_A);
    expect(inA?.oid).not.toBe(claims?.oid);
  });

  test('a wrong secret is invalid_client (AADSTS7000215); an unknown client id is unauthorized_client (AADSTS700016)', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    const wrong = await rejectionOf(acquire(cca({ clientSecret: 'not-the-secret' })));
    expect(wrong.errorCode).toBe('invalid_client');
    expect(wrong.errorMessage).toMatch(/AADSTS7000215: Invalid client secret provided\./);
    expect(emu.entra.issued.accessTokens).toHaveLength(0);

    const unknown = await rejectionOf(acquire(cca({ clientId: '11111111-2222-4333-8444-555555555555', clientSecret: SECRET })));
    expect(unknown.errorCode).toBe('unauthorized_client');
    expect(unknown.errorMessage).toMatch(/AADSTS700016: Application with identifier '11111111-2222-4333-8444-555555555555' was not found/);

    const raw = await tokenPost({ client_secret: 'nope' });
    expect(raw.status).toBe(401);
    expect(await raw.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const none = await tokenPost({});
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000218] });
    expect(emu.tokenRequests('client_credentials')).toHaveLength(4);
  });

  test('only https://graph.microsoft.com/.default is a valid scope (invalid_scope otherwise)', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    for (const scope of ['https://graph.microsoft.com/IndustryData-OutboundFlow.ReadWrite.All', '', 'https://management.azure.com/.default']) {
      const res = await tokenPost({ client_secret: SECRET, scope });
      expect(res.status).toBe(400);
      expect(((await res.json()) as any).error).toBe('invalid_scope');
    }
    const viaMsal = await rejectionOf(cca({ clientSecret: SECRET }).acquireTokenByClientCredential({ scopes: ['https://graph.microsoft.com/User.Read'] }));
    expect(viaMsal.errorCode).toBe('invalid_scope');
    expect(emu.entra.issued.accessTokens).toHaveLength(0);
  });
});

describe('certificate', () => {
  test('thumbprintSha256: MSAL signs PS256 with x5t#S256 and aud = the token endpoint; accepted', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: APP_PEM });
    const result = await acquire(cca({ clientCertificate: { thumbprintSha256: thumbprints(APP_PEM).sha256, privateKey: privateKeyBlock(APP_PEM) } }));
    expectAppToken(result.accessToken);

    const [request] = emu.tokenRequests('client_credentials');
    expect(request.form).toMatchObject({ client_assertion_type: JWT_BEARER });
    expect(request.form).not.toHaveProperty('client_secret');
    expect(emu.entra.assertions).toHaveLength(1);
    const [seen] = emu.entra.assertions;
    expect(seen).toMatchObject({ kind: 'certificate', clientId: CLIENT_ID, tenantId: TENANT_A, accepted: true, assertion: request.form?.client_assertion });
    expect(seen.header).toMatchObject({ alg: 'PS256', 'x5t#S256': Buffer.from(thumbprints(APP_PEM).sha256, 'hex').toString('base64url') });
    expect(seen.claims).toMatchObject({ iss: CLIENT_ID, sub: CLIENT_ID, aud: tokenEndpoint() });
  });

  test('thumbprint (SHA-1): RS256 with x5t; accepted', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: APP_PEM });
    const result = await acquire(cca({ clientCertificate: { thumbprint: thumbprints(APP_PEM).sha1, privateKey: privateKeyBlock(APP_PEM) } }));
    expectAppToken(result.accessToken);
    expect(emu.entra.assertions[0].header).toMatchObject({ alg: 'RS256', x5t: Buffer.from(thumbprints(APP_PEM).sha1, 'hex').toString('base64url') });
    expect(emu.entra.assertions[0].accepted).toBe(true);
  });

  test('another certificate is invalid_client AADSTS700027 (not registered, or a signature that does not verify)', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: APP_PEM });
    // The other certificate with its own key: its thumbprint is not registered.
    const other = await rejectionOf(acquire(cca({ clientCertificate: { thumbprintSha256: thumbprints(OTHER_PEM).sha256, privateKey: privateKeyBlock(OTHER_PEM) } })));
    expect(other.errorCode).toBe('invalid_client');
    expect(other.errorMessage).toMatch(/AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application/);

    // The registered thumbprint, but signed with the other key.
    const forged = await rejectionOf(acquire(cca({ clientCertificate: { thumbprint: thumbprints(APP_PEM).sha1, privateKey: privateKeyBlock(OTHER_PEM) } })));
    expect(forged.errorCode).toBe('invalid_client');
    expect(forged.errorMessage).toMatch(/AADSTS700027: Client assertion contains an invalid signature/);

    // An app with a secret only has no certificate at all.
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    const noCert = await rejectionOf(acquire(cca({ clientCertificate: { thumbprintSha256: thumbprints(APP_PEM).sha256, privateKey: privateKeyBlock(APP_PEM) } })));
    expect(noCert.errorMessage).toMatch(/AADSTS700027: .*the app has no certificate/);

    expect(emu.entra.assertions.map((a) => [a.kind, a.accepted, a.aadsts])).toEqual([
      ['certificate', false, 700027],
      ['certificate', false, 700027],
      ['certificate', false, 700027],
    ]);
    expect(emu.entra.issued.accessTokens).toHaveLength(0);
  });

  test('the encrypted fixture holds the same key, usable once decrypted with its passphrase', async () => {
    expect(() => createPrivateKey(ENCRYPTED_PEM)).toThrow();
    const key = createPrivateKey({ key: ENCRYPTED_PEM, format: 'pem', passphrase: 'fixture-passphrase' });
    const spki = (k: Parameters<typeof createPublicKey>[0]) => createPublicKey(k).export({ type: 'spki', format: 'der' });
    expect(spki(key).equals(new X509Certificate(APP_PEM).publicKey.export({ type: 'spki', format: 'der' }))).toBe(true);
    expect(thumbprints(ENCRYPTED_PEM)).toEqual(thumbprints(APP_PEM));
    expect(new X509Certificate(APP_PEM).subject).toBe('CN=edu-flow-ci');
    expect(new X509Certificate(OTHER_PEM).fingerprint256).not.toBe(new X509Certificate(APP_PEM).fingerprint256);

    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: ENCRYPTED_PEM });
    const privateKey = key.export({ type: 'pkcs8', format: 'pem' }) as string;
    expectAppToken((await acquire(cca({ clientCertificate: { thumbprintSha256: thumbprints(ENCRYPTED_PEM).sha256, privateKey } }))).accessToken);
  });

  test('hand-made assertions: bad audience, expired, future nbf, wrong alg or thumbprint header, malformed', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: APP_PEM });
    const key = createPrivateKey(privateKeyBlock(APP_PEM));
    const x5t = Buffer.from(thumbprints(APP_PEM).sha1, 'hex').toString('base64url');
    const x5tS256 = Buffer.from(thumbprints(APP_PEM).sha256, 'hex').toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = (extra: Record<string, unknown> = {}) => ({ iss: CLIENT_ID, sub: CLIENT_ID, aud: tokenEndpoint(), nbf: now, iat: now, exp: now + 600, jti: 'j-1', ...extra });
    const send = async (assertion: string) => {
      const res = await tokenPost({ client_assertion_type: JWT_BEARER, client_assertion: assertion });
      const body = (await res.json()) as any;
      return { status: res.status, error: body.error as string, code: body.error_codes?.[0] as number | undefined, description: String(body.error_description) };
    };

    expect(await send(signJwt('RS256', { x5t }, claims(), key))).toMatchObject({ status: 200 });
    expect(await send(signJwt('PS256', { 'x5t#S256': x5tS256 }, claims(), key))).toMatchObject({ status: 200 });
    // aud must name the endpoint the assertion is posted to: this tenant's path, not another one.
    expect(await send(signJwt('RS256', { x5t }, claims({ aud: `${emu.origin}/organizations/oauth2/v2.0/token` }), key))).toMatchObject({ status: 401, code: 50013 });
    expect(await send(signJwt('RS256', { x5t }, claims({ aud: 'https://login.microsoftonline.com/x/oauth2/v2.0/token' }), key))).toMatchObject({
      status: 401,
      error: 'invalid_client',
      code: 50013,
    });
    expect(await send(signJwt('RS256', { x5t }, claims({ exp: now - 5 }), key))).toMatchObject({ status: 401, error: 'invalid_client', code: 700024 });
    expect(await send(signJwt('RS256', { x5t }, claims({ nbf: now + 3600 }), key))).toMatchObject({ status: 401, code: 700024 });
    expect(await send(signJwt('RS256', { x5t }, claims({ exp: undefined }), key))).toMatchObject({ status: 401, code: 700024 });
    // RS256 must name the SHA-1 thumbprint, PS256 the SHA-256 one.
    expect(await send(signJwt('RS256', { 'x5t#S256': x5tS256 }, claims(), key))).toMatchObject({ status: 401, code: 700027 });
    expect(await send(signJwt('PS256', { x5t }, claims(), key))).toMatchObject({ status: 401, code: 700027 });
    // A PS256 signature labelled RS256 does not verify.
    const ps = signJwt('PS256', { x5t }, claims(), key).split('.');
    const relabelled = `${Buffer.from(JSON.stringify({ alg: 'RS256', x5t })).toString('base64url')}.${ps[1]}.${ps[2]}`;
    expect(await send(relabelled)).toMatchObject({ status: 401, code: 700027, description: expect.stringMatching(/invalid signature/) });
    // A tampered payload does not verify either.
    const good = signJwt('RS256', { x5t }, claims(), key).split('.');
    const tampered = `${good[0]}.${Buffer.from(JSON.stringify(claims({ exp: now + 99999 }))).toString('base64url')}.${good[2]}`;
    expect(await send(tampered)).toMatchObject({ status: 401, code: 700027 });
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', x5t })).toString('base64url')}.${Buffer.from(JSON.stringify(claims())).toString('base64url')}.`;
    expect(await send(none)).toMatchObject({ status: 401, code: 5002738 });
    expect(await send('not-a-jwt')).toMatchObject({ status: 400, error: 'invalid_client', code: 50027 });

    const wrongType = await tokenPost({ client_assertion_type: 'urn:something-else', client_assertion: signJwt('RS256', { x5t }, claims(), key) });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as any).error).toBe('invalid_request');

    expect(emu.entra.assertions.map((a) => a.accepted)).toEqual([true, true, ...Array(11).fill(false)]);
    expect(emu.entra.assertions.at(-1)?.kind).toBe('malformed');
    expect(emu.entra.issued.accessTokens).toHaveLength(2);
  });
});

describe('workload identity federation', () => {
  const federatedApp = (subject = SUBJECT) => emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject }] });

  test('a clientAssertion callback returning emu.oidc.mint() is accepted; the callback runs per token request', async () => {
    federatedApp();
    const calls: unknown[] = [];
    const app = cca({
      clientAssertion: async (config) => {
        calls.push(config);
        return emu.oidc.mint({ sub: SUBJECT });
      },
    });
    const result = await acquire(app);
    expectAppToken(result.accessToken);
    expect(calls).toEqual([expect.objectContaining({ clientId: CLIENT_ID })]);

    const [seen] = emu.entra.assertions;
    expect(seen).toMatchObject({ kind: 'federated', accepted: true, assertion: emu.oidc.minted[0] });
    expect(seen.claims).toMatchObject({ iss: `${emu.origin}/oidc`, sub: SUBJECT, aud: TOKEN_EXCHANGE_AUDIENCE });
    expect(seen.header).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.any(String) });
    expect(emu.tokenRequests('client_credentials')[0].form?.client_assertion).toBe(emu.oidc.minted[0]);

    await acquire(app, true);
    expect(calls).toHaveLength(2);
    expect(emu.entra.assertions).toHaveLength(2);
  });

  test('wrong subject or audience and a foreign key are AADSTS70021; an expired token is AADSTS700024', async () => {
    federatedApp();
    const attempt = async (assertion: string) => rejectionOf(acquire(cca({ clientAssertion: assertion })));

    const wrongSub = await attempt(emu.oidc.mint({ sub: 'system:serviceaccount:other:ns' }));
    expect(wrongSub.errorCode).toBe('invalid_client');
    expect(wrongSub.errorMessage).toMatch(
      /AADSTS70021: No matching federated identity record found for presented assertion\. Assertion Issuer: '.*\/oidc'\. Assertion Subject: 'system:serviceaccount:other:ns'\./,
    );

    const wrongAud = await attempt(emu.oidc.mint({ sub: SUBJECT, aud: 'api://something-else' }));
    expect(wrongAud.errorMessage).toMatch(/AADSTS70021: /);

    const wrongKey = await attempt(emu.oidc.mintWithWrongKey({ sub: SUBJECT }));
    expect(wrongKey.errorCode).toBe('invalid_client');
    expect(wrongKey.errorMessage).toMatch(/AADSTS70021: .*signature does not verify/);

    const expired = await attempt(emu.oidc.mint({ sub: SUBJECT, expiresInSeconds: -60 }));
    expect(expired.errorCode).toBe('invalid_client');
    expect(expired.errorMessage).toMatch(/AADSTS700024: Client assertion is not within its valid time range/);

    const raw = await tokenPost({ client_assertion_type: JWT_BEARER, client_assertion: emu.oidc.mint({ sub: 'nobody' }) });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toMatchObject({ error: 'invalid_client', error_codes: [70021] });

    expect(emu.entra.assertions.map((a) => [a.kind, a.accepted, a.aadsts])).toEqual([
      ['federated', false, 70021],
      ['federated', false, 70021],
      ['federated', false, 70021],
      ['federated', false, 700024],
      ['federated', false, 70021],
    ]);
    expect(emu.entra.issued.accessTokens).toHaveLength(0);
  });

  test('a credential with its own issuer and audience; mint() overrides iss; the JWKS verifies the tokens', async () => {
    emu.entra.registerApp({
      clientId: CLIENT_ID,
      federated: [
        { issuer: emu.oidc.issuer, subject: 'unused' },
        { issuer: 'https://token.actions.githubusercontent.com', subject: DEFAULT_GITHUB_SUBJECT, audience: 'api://edu-flow-ci' },
      ],
    });
    const assertion = emu.oidc.mint({ sub: DEFAULT_GITHUB_SUBJECT, iss: 'https://token.actions.githubusercontent.com', aud: 'api://edu-flow-ci' });
    expectAppToken((await acquire(cca({ clientAssertion: assertion }))).accessToken);

    const config = (await (await fetch(`${emu.oidc.issuer}/.well-known/openid-configuration`)).json()) as any;
    expect(config).toMatchObject({ issuer: emu.oidc.issuer, jwks_uri: `${emu.oidc.issuer}/keys` });
    const { keys } = (await (await fetch(config.jwks_uri)).json()) as any;
    const decoded = decodeJwt(assertion);
    const jwk = keys.find((k: any) => k.kid === decoded?.header.kid);
    expect(jwk).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    const publicKey = createPublicKey({ key: jwk, format: 'jwk' });
    expect(verify('sha256', Buffer.from(decoded!.signingInput), publicKey, decoded!.signature)).toBe(true);
    const forged = decodeJwt(emu.oidc.mintWithWrongKey({ sub: 'x' }))!;
    expect(verify('sha256', Buffer.from(forged.signingInput), publicKey, forged.signature)).toBe(false);
  });

  test('onClientCredentials fires before each answer: rotating a federated token file between two requests', async () => {
    federatedApp();
    const dir = await mkdtemp(path.join(tmpdir(), 'edu-flow-fed-'));
    try {
      const tokenFile = path.join(dir, 'azure-identity-token');
      await writeFile(tokenFile, emu.oidc.mint({ sub: SUBJECT }));
      const seen: Record<string, string>[] = [];
      emu.entra.onClientCredentials = (form) => {
        seen.push(form);
        // The platform rotates the file: from now on it holds a token for another workload.
        writeFileSync(tokenFile, emu.oidc.mint({ sub: 'system:serviceaccount:sds:rotated' }));
      };
      // The way AZURE_FEDERATED_TOKEN_FILE is meant to be used: read afresh for every token.
      const app = cca({ clientAssertion: async () => (await readFile(tokenFile, 'utf8')).trim() });

      expectAppToken((await acquire(app)).accessToken);
      const second = await rejectionOf(acquire(app, true));
      expect(second.errorMessage).toMatch(/AADSTS70021: .*Assertion Subject: 'system:serviceaccount:sds:rotated'/);

      expect(seen).toHaveLength(2);
      expect(seen[0]).toMatchObject({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_assertion: emu.oidc.minted[0] });
      expect(seen[1].client_assertion).toBe(emu.oidc.minted[1]);
      expect(emu.tokenRequests('client_credentials').map((r) => r.form?.client_assertion)).toEqual(seen.map((f) => f.client_assertion));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a throwing onClientCredentials hook becomes a 500 answer; other grants never call it', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    let calls = 0;
    emu.entra.onClientCredentials = () => {
      calls += 1;
      throw new Error('hook failed on purpose');
    };
    const res = await tokenPost({ client_secret: SECRET });
    expect(res.status).toBe(500);
    expect(((await res.json()) as any).error_description).toMatch(/hook failed on purpose/);
    await fetch(tokenEndpoint(), { method: 'POST', body: new URLSearchParams({ grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'rt-x' }) });
    expect(calls).toBe(1);
  });
});

describe('GitHub Actions ID token stand-in', () => {
  const idTokenUrl = (audience?: string) => (audience === undefined ? emu.oidc.actionsRequestUrl : `${emu.oidc.actionsRequestUrl}&audience=${encodeURIComponent(audience)}`);

  test('without the request token it is 401 {message}; with it {count:1,value:<jwt for githubSubject>}', async () => {
    expect(emu.oidc.actionsRequestUrl).toBe(`${emu.origin}/_actions/idtoken?api-version=2.0`);
    for (const headers of [{}, { authorization: 'Bearer wrong' }, { authorization: emu.oidc.requestToken }] as Record<string, string>[]) {
      const res = await fetch(idTokenUrl('api://AzureADTokenExchange'), { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: expect.any(String) });
    }
    expect(emu.oidc.minted).toHaveLength(0);

    const auth = { authorization: `Bearer ${emu.oidc.requestToken}` };
    const res = await fetch(idTokenUrl('api://AzureADTokenExchange'), { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { count: number; value: string };
    expect(body).toEqual({ count: 1, value: emu.oidc.minted[0] });
    expect(jwtClaims(body.value)).toMatchObject({
      iss: emu.oidc.issuer,
      sub: DEFAULT_GITHUB_SUBJECT,
      aud: TOKEN_EXCHANGE_AUDIENCE,
      repository: 'contoso/sds-flows',
      ref: 'refs/heads/main',
    });

    // No audience: the token-exchange default. Another audience is honoured. A lost api-version is 400.
    const noAudience = (await (await fetch(idTokenUrl(), { headers: auth })).json()) as { value: string };
    expect(jwtClaims(noAudience.value)?.aud).toBe(TOKEN_EXCHANGE_AUDIENCE);
    const custom = (await (await fetch(idTokenUrl('api://edu-flow-ci'), { headers: auth })).json()) as { value: string };
    expect(jwtClaims(custom.value)?.aud).toBe('api://edu-flow-ci');
    expect((await fetch(`${emu.origin}/_actions/idtoken?audience=x`, { headers: auth })).status).toBe(400);

    expect(emu.requests.filter((r) => r.path === '/_actions/idtoken').map((r) => r.query)).toEqual([
      'api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      'api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      'api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      'api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange',
      'api-version=2.0',
      'api-version=2.0&audience=api%3A%2F%2Fedu-flow-ci',
      'audience=x',
    ]);
  });

  test('end to end: the Actions token as an MSAL clientAssertion; another branch is not federated', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject: DEFAULT_GITHUB_SUBJECT }] });
    const fromActions = async () => {
      const res = await fetch(`${emu.oidc.actionsRequestUrl}&audience=${encodeURIComponent(TOKEN_EXCHANGE_AUDIENCE)}`, {
        headers: { authorization: `Bearer ${emu.oidc.requestToken}` },
      });
      return ((await res.json()) as { value: string }).value;
    };
    const app = cca({ clientAssertion: fromActions });
    expectAppToken((await acquire(app)).accessToken);

    emu.oidc.githubSubject = 'repo:contoso/sds-flows:ref:refs/heads/feature';
    const refused = await rejectionOf(acquire(app, true));
    expect(refused.errorMessage).toMatch(/AADSTS70021: .*Assertion Subject: 'repo:contoso\/sds-flows:ref:refs\/heads\/feature'/);
    expect(emu.entra.assertions.map((a) => a.accepted)).toEqual([true, false]);
  });
});
