// The emulated Entra ID, driven by the real @azure/msal-node PublicClientApplication (device code
// flow, silent refresh) and by raw fetch for the protocol details MSAL hides. Trust comes from
// NODE_EXTRA_CA_CERTS, set by the test script.
import { describe, expect, test } from '@jest/globals';
import { PublicClientApplication, type AccountInfo, type AuthenticationResult, type DeviceCodeRequest, type ICachePlugin } from '@azure/msal-node';
import { entraError, SEED, startEmulator, TENANT_A, TENANT_B } from './emulator.js';
import { fakeJwt, jwtClaims } from './jwt.js';
import { useEmulator } from '../helpers/use-emulator.js';

const CLIENT_ID = '3c1e4f7a-9b2d-4e8f-a1c3-5d7e9f0b2c4d';
const SCOPES = ['https://graph.microsoft.com/IndustryData.ReadWrite.All'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const emu = useEmulator();

/** An in-memory ICachePlugin; `data` is the serialized cache as MSAL last wrote it. */
function memoryCache(): { plugin: ICachePlugin; data: () => string } {
  let data = '';
  return {
    plugin: {
      async beforeCacheAccess(ctx) {
        if (data) ctx.tokenCache.deserialize(data);
      },
      async afterCacheAccess(ctx) {
        if (ctx.cacheHasChanged) data = ctx.tokenCache.serialize();
      },
    },
    data: () => data,
  };
}

/** A fresh PublicClientApplication against the emulator (one per simulated CLI run). */
function app(tenant: string = TENANT_A, cache = memoryCache()): PublicClientApplication {
  return new PublicClientApplication({
    auth: { clientId: CLIENT_ID, authority: `${emu.origin}/${tenant}`, knownAuthorities: [new URL(emu.origin).host] },
    cache: { cachePlugin: cache.plugin },
  });
}

/** Device code login; returns the result and every message the callback got. */
async function login(pca: PublicClientApplication, extra: Partial<DeviceCodeRequest> = {}) {
  const messages: string[] = [];
  const result = await pca.acquireTokenByDeviceCode({ scopes: SCOPES, deviceCodeCallback: (r) => messages.push(r.message), ...extra });
  if (!result) throw new Error('acquireTokenByDeviceCode returned null');
  return { result, messages };
}

const accountOf = (result: AuthenticationResult): AccountInfo => {
  if (!result.account) throw new Error('no account in the result');
  return result.account;
};

/** The rejection of `promise` (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & { errorCode?: string; errorMessage?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { errorCode?: string };
  }
  throw new Error('expected a rejection');
}

const form = (path: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${emu.origin}${path}`, { method: 'POST', headers, body: new URLSearchParams(body) });
const tokenPath = (tenant: string = TENANT_A) => `/${tenant}/oauth2/v2.0/token`;

/** A device code obtained and redeemed over raw HTTP (pendingPolls is set to 0 for it). */
async function rawLogin(tenant: string = TENANT_A, scope = 'https://graph.microsoft.com/.default openid profile offline_access') {
  emu.entra.pendingPolls = 0;
  const code = (await (await form(`/${tenant}/oauth2/v2.0/devicecode`, { client_id: CLIENT_ID, scope })).json()) as any;
  const res = await form(tokenPath(tenant), { grant_type: 'device_code', client_id: CLIENT_ID, device_code: code.device_code, scope });
  expect(res.status).toBe(200);
  return (await res.json()) as any;
}

const graphGet = (token: string) =>
  fetch(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`, {
    headers: { authorization: `Bearer ${token}` },
  });

describe('device code login with MSAL', () => {
  test('succeeds after the pending polls; the callback gets the message with the user code', async () => {
    emu.entra.pendingPolls = 2;
    const cache = memoryCache();
    const { result, messages } = await login(app(TENANT_A, cache));

    expect(messages).toHaveLength(1);
    const userCode = /enter the code (EDU-[A-Z0-9]{5}) to authenticate\.$/.exec(messages[0])?.[1];
    expect(userCode).toBeDefined();
    expect(messages[0]).toContain('https://microsoft.com/devicelogin');

    // openid-configuration, devicecode, then 2 pending polls and the successful one.
    expect(emu.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /${TENANT_A}/v2.0/.well-known/openid-configuration`,
      `POST /${TENANT_A}/oauth2/v2.0/devicecode`,
      ...Array(3).fill(`POST /${TENANT_A}/oauth2/v2.0/token`),
    ]);
    expect(emu.tokenRequests('device_code')).toHaveLength(3);
    expect(emu.tokenRequests('urn:ietf:params:oauth:grant-type:device_code')).toHaveLength(3);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(0);

    const user = emu.entra.userFor(TENANT_A);
    expect(user.upn).toBe(`admin@${TENANT_A.slice(0, 8)}.example.edu`);
    expect(result.account).toMatchObject({ username: user.upn, name: user.name, tenantId: TENANT_A, homeAccountId: `${user.oid}.${TENANT_A}` });
    expect(result.accessToken).toBe(emu.entra.issued.accessTokens[0]);
    expect(jwtClaims(result.accessToken)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      iss: `${emu.origin}/${TENANT_A}/v2.0`,
      tid: TENANT_A,
      oid: user.oid,
      upn: user.upn,
      scp: SCOPES[0],
    });
    // MSAL cached what the emulator issued (the plugin wrote it).
    expect(cache.data()).toContain(emu.entra.issued.refreshTokens[0]);
  });

  test.each([
    ['decline', 'authorization_declined'],
    ['expire', 'expired_token'],
  ] as const)('%s → an MSAL error naming %s', async (outcome, error) => {
    emu.entra.deviceCodeOutcome = outcome;
    const e = await rejectionOf(login(app()));
    expect(e.message).toContain(error);
    expect(e.errorCode).toBe('post_request_failed');
    expect(emu.tokenRequests('device_code')).toHaveLength(2); // 1 pending poll, then the verdict
    expect(emu.entra.issued.accessTokens).toHaveLength(0);
  });

  test("'never' stays pending until the caller cancels", async () => {
    emu.entra.deviceCodeOutcome = 'never';
    emu.entra.pendingPolls = 0;
    const request: DeviceCodeRequest = { scopes: SCOPES, deviceCodeCallback: () => undefined };
    const pending = rejectionOf(app().acquireTokenByDeviceCode(request));
    while (emu.tokenRequests('device_code').length < 4) await new Promise((r) => setTimeout(r, 10));
    request.cancel = true;
    expect((await pending).errorCode).toBe('device_code_polling_cancelled');
    expect(emu.entra.issued.accessTokens).toHaveLength(0);
  });

  test('two tenants give tokens with different tid (and each its own user)', async () => {
    emu.entra.setUser(TENANT_B, { upn: 'it@contoso-b.example.edu', name: 'Contoso IT' });
    const a = (await login(app(TENANT_A))).result;
    const b = (await login(app(TENANT_B))).result;
    expect(jwtClaims(a.accessToken)?.tid).toBe(TENANT_A);
    expect(jwtClaims(b.accessToken)?.tid).toBe(TENANT_B);
    expect(jwtClaims(b.idToken)).toMatchObject({ tid: TENANT_B, iss: `${emu.origin}/${TENANT_B}/v2.0`, aud: CLIENT_ID });
    expect(b.account).toMatchObject({ username: 'it@contoso-b.example.edu', name: 'Contoso IT', tenantId: TENANT_B });
    expect(a.account?.username).toBe(emu.entra.userFor(TENANT_A).upn);
    expect(jwtClaims(a.accessToken)?.oid).not.toBe(jwtClaims(b.accessToken)?.oid);
  });

  test("the 'organizations' authority signs in to the default tenant", async () => {
    const { result } = await login(app('organizations'));
    expect(emu.tenantId).toBe(TENANT_A);
    expect(result.tenantId).toBe(TENANT_A);
    expect(result.account?.username).toBe(emu.entra.userFor('organizations').upn);
  });
});

describe('silent refresh with MSAL', () => {
  test('a 60 s token is refreshed; the refresh token rotates and the old one is then refused', async () => {
    emu.entra.accessTokenTtl = 60; // inside MSAL's 300 s renewal window
    const cache = memoryCache();
    const first = (await login(app(TENANT_A, cache))).result;
    const [rt1] = emu.entra.issued.refreshTokens;

    // A new PCA per step, as separate CLI runs would do.
    const second = await app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(first), scopes: SCOPES });
    expect(second.fromCache).toBe(false);
    const refreshes = emu.tokenRequests('refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].form?.refresh_token).toBe(rt1);
    const rt2 = emu.entra.issued.refreshTokens[1];
    expect(rt2).toMatch(/^rt-/);
    expect(rt2).not.toBe(rt1);
    expect(second.accessToken).toBe(emu.entra.issued.accessTokens[1]);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(jwtClaims(second.accessToken)).toMatchObject({ tid: TENANT_A, oid: jwtClaims(first.accessToken)?.oid });
    expect(cache.data()).toContain(rt2);
    expect(cache.data()).not.toContain(rt1);

    // Replaying the used refresh token: invalid_grant, in the shape MSAL parses.
    const replay = await form(tokenPath(), { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: rt1, scope: SCOPES[0] });
    expect(replay.status).toBe(400);
    const body = (await replay.json()) as any;
    expect(body).toMatchObject({ error: 'invalid_grant', error_codes: [70000] });
    expect(body.error_description).toMatch(/^AADSTS70000: The refresh token has been revoked or used\./);

    // The rotated one works, through MSAL again.
    const third = await app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(first), scopes: SCOPES });
    expect(third.fromCache).toBe(false);
    // MSAL's refresh, the raw replay, MSAL's next refresh with the rotated token.
    expect(emu.tokenRequests('refresh_token').map((r) => r.form?.refresh_token)).toEqual([rt1, rt1, rt2]);
  });

  test('revokeRefreshTokens() → the silent refresh fails with invalid_grant', async () => {
    emu.entra.accessTokenTtl = 60;
    const cache = memoryCache();
    const { result } = await login(app(TENANT_A, cache));
    emu.entra.revokeRefreshTokens();
    const e = await rejectionOf(app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(result), scopes: SCOPES }));
    expect(e.errorCode).toBe('invalid_grant');
    expect(e.name).toBe('ServerError'); // not InteractionRequiredAuthError
    expect(emu.tokenRequests('refresh_token')).toHaveLength(1);

    // Tokens issued after the revocation are fine.
    const again = (await login(app(TENANT_A, cache))).result;
    const renewed = await app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(again), scopes: SCOPES });
    expect(renewed.fromCache).toBe(false);
  });

  test('a valid token comes from the cache; forceRefresh does exactly one refresh_token grant', async () => {
    const cache = memoryCache();
    const { result } = await login(app(TENANT_A, cache));
    const cached = await app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(result), scopes: SCOPES });
    expect(cached.fromCache).toBe(true);
    expect(cached.accessToken).toBe(result.accessToken);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(0);

    const forced = await app(TENANT_A, cache).acquireTokenSilent({ account: accountOf(result), scopes: SCOPES, forceRefresh: true });
    expect(forced.fromCache).toBe(false);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(1);
    expect(forced.accessToken).not.toBe(result.accessToken);
  });
});

describe('fault injection and isolation', () => {
  test("queueEntra('token', 503) surfaces as an MSAL error, then the defaults apply", async () => {
    emu.entra.pendingPolls = 0;
    emu.queueEntra('token', entraError(503, 'temporarily_unavailable', 50001, 'The service is temporarily unavailable.'));
    const e = await rejectionOf(login(app()));
    expect(e.message).toContain('temporarily_unavailable');
    expect(emu.tokenRequests()).toHaveLength(1);
    expect(emu.entra.issued.accessTokens).toHaveLength(0);

    // Queue used up: a fresh app (MSAL throttles the failed request in the old one) signs in.
    const { result } = await login(app());
    expect(result.accessToken).toBe(emu.entra.issued.accessTokens[0]);
  });

  test('queueEntra on devicecode and openid-configuration, consumed in order', async () => {
    emu.queueEntra('openid-configuration', { status: 500, body: 'boom', headers: { 'content-type': 'text/plain' } });
    expect((await rejectionOf(login(app()))).errorCode).toBe('endpoints_resolution_error');

    // MSAL does not check the devicecode answer: it calls the callback with every field undefined,
    // then polls with device_code=undefined, which the token endpoint refuses (invalid_grant).
    emu.queueEntra('devicecode', entraError(400, 'invalid_client', 700016, `Application with identifier '${CLIENT_ID}' was not found.`));
    const callbacks: Array<{ message?: string; userCode?: string }> = [];
    const e = await rejectionOf(app().acquireTokenByDeviceCode({ scopes: SCOPES, deviceCodeCallback: (r) => callbacks.push(r) }));
    expect(callbacks).toHaveLength(1);
    expect(callbacks[0].message).toBeUndefined();
    expect(callbacks[0].userCode).toBeUndefined();
    expect(e.errorCode).toBe('post_request_failed');
    expect(e.message).toContain('invalid_grant');
    expect(emu.tokenRequests('device_code').map((r) => r.form?.device_code)).toEqual(['undefined']);

    await login(app());
    expect(emu.requestsTo('POST').filter((r) => r.path.endsWith('/devicecode'))).toHaveLength(2);
  });

  test("queue('POST' / 'GET', …) applies to Graph only and never swallows a login request", async () => {
    emu.queue('POST', { status: 500, body: { error: { code: 'x', message: 'graph only' } } });
    emu.queue('GET', { drop: true });
    const { result } = await login(app());
    expect(result.accessToken).toBe(emu.entra.issued.accessTokens[0]);
    // The replies are still waiting for Graph requests.
    await expect(graphGet(result.accessToken)).rejects.toThrow();
    const post = await fetch(`${emu.graphUrl}/external/industryData/runs`, { method: 'POST', headers: { authorization: 'Bearer x' } });
    expect(post.status).toBe(500);
  });

  test('graphAcceptsOnlyIssuedTokens: an issued token passes; made-up and expired ones are 401', async () => {
    const { result } = await login(app());
    const forged = fakeJwt({ ...jwtClaims(result.accessToken), jti: 'forged' });
    // Off by default: anything that looks like a bearer token will do.
    expect((await graphGet('test-token')).status).toBe(200);

    emu.graphAcceptsOnlyIssuedTokens = true;
    expect((await graphGet(result.accessToken)).status).toBe(200);

    for (const token of ['test-token', forged]) {
      const res = await graphGet(token);
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error).toMatchObject({ code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' });
    }

    emu.entra.accessTokenTtl = -60; // the next token is issued already expired
    const expired = (await rawLogin()).access_token as string;
    const res = await graphGet(expired);
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Lifetime validation failed, the token is expired.',
    });
  });
});

describe('the protocol, over raw HTTP', () => {
  test('startEmulator({ entra, graphAcceptsOnlyIssuedTokens }) sets the initial knobs', async () => {
    const other = await startEmulator({ entra: { pendingPolls: 0, accessTokenTtl: 120, interval: 0 }, graphAcceptsOnlyIssuedTokens: true });
    try {
      expect(other.entra).toMatchObject({ pendingPolls: 0, deviceCodeOutcome: 'approve', accessTokenTtl: 120, interval: 0 });
      expect(other.graphAcceptsOnlyIssuedTokens).toBe(true);
      expect(emu.entra).toMatchObject({ pendingPolls: 1, deviceCodeOutcome: 'approve', accessTokenTtl: 3600, interval: 0.05 });
      expect(emu.graphAcceptsOnlyIssuedTokens).toBe(false);
    } finally {
      await other.close();
    }
  });

  test('openid-configuration points at the tenant as given', async () => {
    for (const tenant of ['organizations', TENANT_B]) {
      const res = await fetch(`${emu.origin}/${tenant}/v2.0/.well-known/openid-configuration`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({
        token_endpoint: `${emu.origin}/${tenant}/oauth2/v2.0/token`,
        authorization_endpoint: `${emu.origin}/${tenant}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${emu.origin}/${tenant}/oauth2/v2.0/devicecode`,
        issuer: `${emu.origin}/${tenant}/v2.0`,
        jwks_uri: `${emu.origin}/${tenant}/discovery/v2.0/keys`,
        end_session_endpoint: `${emu.origin}/${tenant}/oauth2/v2.0/logout`,
      });
    }
  });

  test('device codes are unique; the URN grant works; a code is redeemed once', async () => {
    emu.entra.pendingPolls = 0;
    const scope = 'https://graph.microsoft.com/.default offline_access openid profile';
    const codes = await Promise.all([1, 2, 3].map(async () => (await (await form(`/${TENANT_A}/oauth2/v2.0/devicecode`, { client_id: CLIENT_ID, scope })).json()) as any));
    expect(new Set(codes.map((c) => c.user_code)).size).toBe(3);
    expect(new Set(codes.map((c) => c.device_code)).size).toBe(3);
    expect(codes[0]).toEqual({
      user_code: expect.stringMatching(/^EDU-[A-Z0-9]{5}$/),
      device_code: expect.any(String),
      verification_uri: 'https://microsoft.com/devicelogin',
      expires_in: 900,
      interval: 0.05,
      message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${codes[0].user_code} to authenticate.`,
    });

    const redeem = (device_code: string, grant_type = 'urn:ietf:params:oauth:grant-type:device_code') =>
      form(tokenPath(), { grant_type, client_id: CLIENT_ID, device_code, scope });
    const ok = await redeem(codes[0].device_code);
    expect(ok.status).toBe(200);
    const tokens = (await ok.json()) as any;
    expect(tokens).toEqual({
      token_type: 'Bearer',
      scope,
      expires_in: 3600,
      ext_expires_in: 3600,
      access_token: emu.entra.issued.accessTokens[0],
      refresh_token: expect.stringMatching(/^rt-[0-9a-f-]{36}$/),
      id_token: emu.entra.issued.idTokens[0],
      client_info: expect.any(String),
    });
    const user = emu.entra.userFor(TENANT_A);
    expect(JSON.parse(Buffer.from(tokens.client_info, 'base64url').toString())).toEqual({ uid: user.oid, utid: TENANT_A });
    const at = jwtClaims(tokens.access_token)!;
    expect(at).toMatchObject({ scp: 'https://graph.microsoft.com/.default', preferred_username: user.upn, name: user.name, jti: expect.stringMatching(UUID) });
    expect((at.exp as number) - (at.iat as number)).toBe(3600);
    expect(tokens.access_token.split('.')[2]).not.toBe('');
    expect(jwtClaims(tokens.id_token)).toMatchObject({ aud: CLIENT_ID, oid: user.oid, tid: TENANT_A, ver: '2.0', sub: expect.any(String) });

    expect((await redeem(codes[0].device_code)).status).toBe(400); // already redeemed
    const unknown = await redeem('dc-nope', 'device_code');
    expect(((await unknown.json()) as any).error).toBe('invalid_grant');

    // Every token issued is distinct.
    await redeem(codes[1].device_code);
    await redeem(codes[2].device_code);
    const all = Object.values(emu.entra.issued).flat();
    expect(all).toHaveLength(9);
    expect(new Set(all).size).toBe(9);
  });

  test('errors: unsupported grant, unknown refresh token; the body echoes the client-request-id', async () => {
    const res = await form(tokenPath(), { grant_type: 'password', client_id: CLIENT_ID, username: 'u', password: 'p' }, { 'client-request-id': 'corr-1' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body).toEqual({
      error: 'unsupported_grant_type',
      error_description: expect.stringMatching(/^AADSTS70003: /),
      error_codes: [70003],
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/),
      trace_id: expect.stringMatching(UUID),
      correlation_id: 'corr-1',
    });

    const unknownRt = await form(tokenPath(), { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: 'rt-made-up' });
    expect(((await unknownRt.json()) as any).error).toBe('invalid_grant');

    // A refresh token of tenant B is not one of tenant A's.
    const b = await rawLogin(TENANT_B);
    const crossTenant = await form(tokenPath(TENANT_A), { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: b.refresh_token });
    expect(crossTenant.status).toBe(400);
    const sameTenant = await form(tokenPath(TENANT_B), { grant_type: 'refresh_token', client_id: CLIENT_ID, refresh_token: b.refresh_token });
    expect(sameTenant.status).toBe(200);
    expect(jwtClaims(((await sameTenant.json()) as any).access_token)?.tid).toBe(TENANT_B);
  });
});
