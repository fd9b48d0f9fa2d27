// JWTs. The tokens the emulator issues are unsigned: MSAL only base64url-decodes the middle
// segment, and Graph routes only read `exp`, so `header.payload.signature` with a fake signature
// is enough. The signed ones below are what clients send: client assertions (certificate or
// federated) that the token endpoint verifies.
import { constants, randomBytes, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto';

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

// --- Signed JWTs: client assertions (RS256 / PS256) and the external OIDC issuer's tokens. ---

export type SigningAlg = 'RS256' | 'PS256';

/** The node:crypto key argument for an RSA signature of that JWS algorithm. */
function rsaKey(alg: SigningAlg, key: KeyObject): KeyObject | { key: KeyObject; padding: number; saltLength: number } {
  // PS256: RSASSA-PSS with SHA-256, MGF1 SHA-256, salt length = digest length (RFC 7518 §3.5).
  return alg === 'PS256' ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : key;
}

/** A JWS compact token signed with `privateKey`. `header.alg` is set from `alg`. */
export function signJwt(alg: SigningAlg, header: Record<string, unknown>, claims: Record<string, unknown>, privateKey: KeyObject): string {
  const signingInput = `${b64url({ ...header, alg })}.${b64url(claims)}`;
  return `${signingInput}.${cryptoSign('sha256', Buffer.from(signingInput), rsaKey(alg, privateKey)).toString('base64url')}`;
}

export interface DecodedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Header, claims and signature of a 3-segment JWS, or undefined when `token` is not one. */
export function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  const json = (segment: string): Record<string, unknown> | undefined => {
    try {
      const v: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  };
  const header = json(parts[0]);
  const claims = json(parts[1]);
  if (!header || !claims) return undefined;
  return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], 'base64url') };
}

/** Does the signature verify with `publicKey` under `alg`? (false for any other alg). */
export function verifyJwtSignature(jwt: DecodedJwt, alg: SigningAlg, publicKey: KeyObject): boolean {
  if (jwt.header.alg !== alg) return false;
  try {
    return cryptoVerify('sha256', Buffer.from(jwt.signingInput), rsaKey(alg, publicKey), jwt.signature);
  } catch {
    return false; // e.g. a signature of the wrong length for the key
  }
}
