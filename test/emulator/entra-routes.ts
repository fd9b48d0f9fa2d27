// Entra ID (login) routes: OpenID metadata, the device code flow, the refresh token grant and the
// client credentials grant (secret, certificate or federated assertion), as MSAL-node 7 uses them.
// The tenant is the first path segment (an id, a domain or an alias); see tenantIdOf() in tenant-ids.ts.
import { randomUUID } from 'node:crypto';
import { authenticateClient, type ClientAuthInput } from './entra-apps.js';
import { tenantIdFor, type EntraStore } from './entra-state.js';
import { isTenantAlias, isTenantGuid } from './tenant-ids.js';
import type { RecordedRequest, Reply, Route, RouteContext } from './types.js';

/** `/{tenant}` where the tenant is anything but Graph's own first segments. */
const TENANT = String.raw`^\/(?!(?:beta|v1\.0)(?:\/|$))([^/]+)`;
const OPENID_CONFIGURATION = new RegExp(`${TENANT}\\/v2\\.0\\/\\.well-known\\/openid-configuration$`, 'i');
const KEYS = new RegExp(`${TENANT}\\/discovery\\/v2\\.0\\/keys$`, 'i');
const DEVICE_CODE = new RegExp(`${TENANT}\\/oauth2\\/v2\\.0\\/devicecode$`, 'i');
const TOKEN = new RegExp(`${TENANT}\\/oauth2\\/v2\\.0\\/token$`, 'i');

export type EntraEndpoint = 'token' | 'devicecode' | 'openid-configuration';

/** Which fault-injectable Entra endpoint a request is for, if any. */
export function entraEndpointOf(request: Pick<RecordedRequest, 'method' | 'path'>): EntraEndpoint | undefined {
  if (request.method === 'POST' && TOKEN.test(request.path)) return 'token';
  if (request.method === 'POST' && DEVICE_CODE.test(request.path)) return 'devicecode';
  if (request.method === 'GET' && OPENID_CONFIGURATION.test(request.path)) return 'openid-configuration';
  return undefined;
}

export const DEVICE_CODE_URN = 'urn:ietf:params:oauth:grant-type:device_code';

/** A grant_type as given, except that the RFC 8628 URN becomes MSAL's short 'device_code'. */
export const shortGrantType = (grantType: string | undefined): string | undefined => (grantType === DEVICE_CODE_URN ? 'device_code' : grantType);

/** The request's grant_type, short form (see shortGrantType). */
export const grantTypeOf = (request: RecordedRequest): string | undefined => shortGrantType(request.form?.grant_type);

/**
 * An Entra error reply, shaped as MSAL parses it. `aadsts` is the AADSTS number (also sent in
 * error_codes); `correlationId` defaults to a fresh id (routes echo the client-request-id).
 */
export function entraError(status: number, error: string, aadsts: number, description: string, options: { correlationId?: string; headers?: Record<string, string> } = {}): Reply {
  const traceId = randomUUID();
  const correlationId = options.correlationId ?? randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z'); // "2024-05-01 10:20:30Z"
  return {
    status,
    headers: options.headers,
    body: {
      error,
      error_description: `AADSTS${aadsts}: ${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [aadsts],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function header(request: RecordedRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The only scope the client credentials grant accepts. */
export const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

/** `verifyExternal` checks a federated assertion's signature (the emulator's external OIDC issuer). */
export function entraRoutes(state: EntraStore, verifyExternal: ClientAuthInput['verifyExternal']): Route[] {
  const fail = (ctx: RouteContext, status: number, error: string, aadsts: number, description: string): Reply =>
    entraError(status, error, aadsts, description, { correlationId: header(ctx.request, 'client-request-id') });

  const form = (ctx: RouteContext) => ctx.request.form ?? {};

  const missingClientId = (ctx: RouteContext): Reply | undefined =>
    form(ctx).client_id ? undefined : fail(ctx, 400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.");

  function openidConfiguration(ctx: RouteContext): Reply {
    // Entra answers a domain authority with the tenant's GUID in every endpoint and the issuer
    // (MSAL then swaps the domain back into the endpoints it calls); ids and aliases stay as sent.
    const segment = ctx.params[0];
    const base = `${ctx.origin}/${isTenantGuid(segment) || isTenantAlias(segment) ? segment : tenantIdFor(segment)}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: 'EU',
      },
    };
  }

  function deviceCode(ctx: RouteContext): Reply {
    const missing = missingClientId(ctx);
    if (missing) return missing;
    const { deviceCode: device_code, userCode: user_code } = state.newDeviceCode(tenantIdFor(ctx.params[0]), form(ctx).client_id);
    return {
      status: 200,
      body: {
        user_code,
        device_code,
        verification_uri: 'https://microsoft.com/devicelogin',
        expires_in: 900,
        interval: state.interval,
        message: `To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code ${user_code} to authenticate.`,
      },
    };
  }

  function deviceCodeGrant(ctx: RouteContext, tenantId: string): Reply {
    const { device_code = '', client_id } = form(ctx);
    const record = state.deviceCode(device_code);
    if (!record || record.redeemed || record.tenantId !== tenantId || record.clientId !== client_id) {
      return fail(ctx, 400, 'invalid_grant', 70000, "The provided value for the input parameter 'device_code' is not valid.");
    }
    record.polls += 1;
    const pending = () => fail(ctx, 400, 'authorization_pending', 70016, 'OAuth 2.0 device flow error. Authorization is pending. Continue polling.');
    if (record.polls <= state.pendingPolls) return pending();
    switch (state.deviceCodeOutcome) {
      case 'never':
        return pending();
      case 'decline':
        return fail(ctx, 400, 'authorization_declined', 70000, 'The user declined the authorization request.');
      case 'expire':
        return fail(ctx, 400, 'expired_token', 70019, 'Verification code expired.');
      case 'approve':
        record.redeemed = true;
        return { status: 200, body: state.issue(ctx.origin, tenantId, client_id, form(ctx).scope ?? '').body };
    }
  }

  function refreshTokenGrant(ctx: RouteContext, tenantId: string): Reply {
    const { refresh_token = '', client_id } = form(ctx);
    const record = state.refreshToken(refresh_token);
    if (!record || record.used || record.revoked || record.tenantId !== tenantId || record.clientId !== client_id) {
      return fail(ctx, 400, 'invalid_grant', 70000, 'The refresh token has been revoked or used.');
    }
    record.used = true; // single use: the answer carries a new one
    return { status: 200, body: state.issue(ctx.origin, tenantId, client_id, form(ctx).scope ?? '').body };
  }

  function clientCredentialsGrant(ctx: RouteContext, tenantId: string): Reply {
    const f = form(ctx);
    const app = state.apps.get(f.client_id);
    if (!app) {
      return fail(
        ctx,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${f.client_id}' was not found in the directory '${tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const auth = authenticateClient({
      app,
      form: f,
      tenantId,
      tokenEndpoint: `${ctx.origin}/${ctx.params[0]}/oauth2/v2.0/token`,
      verifyExternal,
      record: (a) => state.assertions.push(a),
    });
    if (!auth.ok) return fail(ctx, auth.status, auth.error, auth.aadsts, auth.description);
    const scope = (f.scope ?? '').trim();
    if (scope !== GRAPH_DEFAULT_SCOPE) {
      return scope.endsWith('/.default')
        ? fail(
            ctx,
            400,
            'invalid_scope',
            70011,
            `The provided value for the input parameter 'scope' is not valid. The scope '${scope}' is not valid: only '${GRAPH_DEFAULT_SCOPE}' is served here.`,
          )
        : fail(
            ctx,
            400,
            'invalid_scope',
            1002012,
            `The provided value for scope '${scope}' is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          );
    }
    return { status: 200, body: state.issueApp(ctx.origin, tenantId, app) };
  }

  function token(ctx: RouteContext): Reply {
    const grant = grantTypeOf(ctx.request);
    if (grant !== 'device_code' && grant !== 'refresh_token' && grant !== 'client_credentials') {
      return fail(ctx, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant ?? ''}'.`);
    }
    const missing = missingClientId(ctx);
    if (missing) return missing;
    const tenantId = tenantIdFor(ctx.params[0]);
    if (grant === 'client_credentials') return clientCredentialsGrant(ctx, tenantId);
    return grant === 'device_code' ? deviceCodeGrant(ctx, tenantId) : refreshTokenGrant(ctx, tenantId);
  }

  return [
    { method: 'GET', path: OPENID_CONFIGURATION, auth: 'none', handle: openidConfiguration },
    { method: 'GET', path: KEYS, auth: 'none', handle: () => ({ status: 200, body: { keys: [] } }) },
    { method: 'POST', path: DEVICE_CODE, auth: 'none', handle: deviceCode },
    { method: 'POST', path: TOKEN, auth: 'none', handle: token },
  ];
}
