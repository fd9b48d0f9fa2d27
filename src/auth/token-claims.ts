/**
 * Reads (never verifies) the claims of a JWT access token, to say who and which tenant a write
 * runs as. Opaque tokens, which are not JWTs, give `undefined`: that is fine, not an error.
 */
export interface TokenClaims {
  tid?: string;
  upn?: string;
  preferred_username?: string;
  unique_name?: string;
  app_displayname?: string;
  appid?: string;
  azp?: string;
  scp?: string;
  roles?: string[];
  exp?: number;
}

export function readTokenClaims(token: string): TokenClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown;
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}

/** "user@school.edu" for a delegated token, "app My Pipeline (id)" for an app-only one. */
export function describePrincipal(claims: TokenClaims | undefined): string | undefined {
  if (!claims) return undefined;
  const user = claims.upn ?? claims.preferred_username ?? claims.unique_name;
  if (user) return user;
  const appId = claims.appid ?? claims.azp;
  if (claims.app_displayname || appId) return `app ${[claims.app_displayname, appId && `(${appId})`].filter(Boolean).join(' ')}`;
  return undefined;
}
