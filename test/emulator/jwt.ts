// Unsigned JWTs as the emulator issues them. MSAL only base64url-decodes the middle segment, and
// Graph routes only read `exp`, so `header.payload.signature` with a fake signature is enough.
import { randomBytes } from 'node:crypto';

export const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** `{"alg":"none"}` header, the claims, and a random (non-empty, meaningless) signature segment. */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(claims)}.${randomBytes(16).toString('base64url')}`;
}

/** The payload of a 3-segment JWT, or undefined when `token` is not one. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
