// Minting one token response the way Entra ID's v2.0 token endpoint shapes it (unsigned JWTs).
import { createHash, randomUUID } from 'node:crypto';
import { b64url, fakeJwt } from './jwt.js';

export interface EntraUser {
  upn: string;
  oid: string;
  name: string;
}

export interface MintInput {
  origin: string;
  tenantId: string;
  clientId: string;
  /** The `scope` form field as the client sent it; echoed in the response. */
  scope: string;
  user: EntraUser;
  /** Seconds; 0 or less gives a token that is already expired. */
  accessTokenTtl: number;
}

export interface MintedTokens {
  accessToken: string;
  refreshToken: string;
  idToken: string;
  /** The access token's `exp` (epoch seconds). */
  accessTokenExp: number;
  /** The JSON body of the 200 answer. */
  body: Record<string, unknown>;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** A stable UUID-shaped id derived from `seed` (so a tenant's user keeps its oid across emulators). */
export function stableUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function mintTokens(input: MintInput): MintedTokens {
  const { origin, tenantId: tid, clientId, scope, user } = input;
  const iat = Math.floor(Date.now() / 1000);
  const nbf = iat;
  const exp = iat + input.accessTokenTtl;
  const iss = `${origin}/${tid}/v2.0`;
  const scp = scope
    .split(/\s+/)
    .filter((s) => s !== '' && !OIDC_SCOPES.has(s.toLowerCase()))
    .join(' ');
  const accessToken = fakeJwt({
    aud: 'https://graph.microsoft.com',
    iss,
    tid,
    oid: user.oid,
    upn: user.upn,
    preferred_username: user.upn,
    name: user.name,
    appid: clientId,
    scp,
    iat,
    nbf,
    exp,
    jti: randomUUID(),
  });
  const idToken = fakeJwt({
    aud: clientId,
    iss,
    oid: user.oid,
    tid,
    // Entra's sub is pairwise: the same user has a different sub in each app.
    sub: createHash('sha256').update(`${user.oid}:${clientId}`).digest('base64url'),
    name: user.name,
    preferred_username: user.upn,
    ver: '2.0',
    iat,
    nbf,
    exp: iat + 3600,
  });
  const refreshToken = `rt-${randomUUID()}`;
  return {
    accessToken,
    refreshToken,
    idToken,
    accessTokenExp: exp,
    body: {
      token_type: 'Bearer',
      scope,
      expires_in: input.accessTokenTtl,
      ext_expires_in: input.accessTokenTtl,
      access_token: accessToken,
      refresh_token: refreshToken,
      id_token: idToken,
      client_info: b64url({ uid: user.oid, utid: tid }),
    },
  };
}

export interface AppMintInput {
  origin: string;
  tenantId: string;
  clientId: string;
  displayName: string;
  /** The service principal's object id in the tenant. */
  objectId: string;
  roles: string[];
  accessTokenTtl: number;
}

/**
 * An app-only (client credentials) token response: no refresh token, no id_token, no scope. The
 * access token carries `roles` and `idtyp: 'app'`, never `scp` or `upn`.
 */
export function mintAppToken(input: AppMintInput): { accessToken: string; accessTokenExp: number; body: Record<string, unknown> } {
  const { origin, tenantId: tid, clientId } = input;
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + input.accessTokenTtl;
  const accessToken = fakeJwt({
    aud: 'https://graph.microsoft.com',
    iss: `${origin}/${tid}/v2.0`,
    tid,
    appid: clientId,
    azp: clientId,
    app_displayname: input.displayName,
    oid: input.objectId,
    sub: input.objectId,
    roles: [...input.roles],
    idtyp: 'app',
    iat,
    nbf: iat,
    exp,
    jti: randomUUID(),
  });
  return {
    accessToken,
    accessTokenExp: exp,
    body: { token_type: 'Bearer', expires_in: input.accessTokenTtl, ext_expires_in: input.accessTokenTtl, access_token: accessToken },
  };
}
