// Which tenant a name means: the tenant ids the emulator knows by name, how a login path segment
// or a domain becomes a tenant id, and which tenant a Graph request's bearer token is for.
import { stableUuid } from './entra-tokens.js';
import { jwtClaims } from './jwt.js';

/** The emulator's default tenant: `organizations` and `common` mean this one. */
export const TENANT_A = '6f1a2b3c-4d5e-4f60-8a71-b2c3d4e5f601';
/** A second tenant, for tests that sign in to two tenants against one emulator. */
export const TENANT_B = 'b7e8f9a0-1b2c-4d3e-9f40-5a6b7c8d9e02';
export const DEFAULT_TENANT_ID = TENANT_A;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Does the segment name the tenant by its id (rather than by a domain or an alias)? */
export const isTenantGuid = (segment: string): boolean => GUID.test(segment);

/** `organizations` and `common`: the multi-tenant aliases, which here mean the default tenant. */
export const isTenantAlias = (segment: string): boolean => ['organizations', 'common'].includes(segment.toLowerCase());

/**
 * The tenant id that a GUID, a domain or an alias names. Entra answers a domain authority
 * (`contoso.onmicrosoft.com`) with the tenant's GUID, so a domain maps to a GUID derived from it:
 * the same domain gives the same tenant in every run. Throws a RangeError for a blank name.
 */
export function tenantIdOf(idOrDomain: string): string {
  const s = idOrDomain.trim().toLowerCase();
  // A blank name is a test's mistake, not a tenant: it would otherwise get a GUID of its own.
  if (s === '') throw new RangeError('tenantIdOf: a tenant id or domain is required');
  if (isTenantAlias(s)) return DEFAULT_TENANT_ID;
  return isTenantGuid(s) ? s : stableUuid(`tenant:${s}`);
}

/**
 * The tenant a Graph request is for: the `tid` claim of its bearer token (read, never verified,
 * as the emulator's Graph does not check signatures). A token that is not a JWT, or carries no
 * string `tid`, is the default tenant's.
 */
export function tenantOfAuthorization(authorization: string | string[] | undefined): string {
  const header = Array.isArray(authorization) ? authorization[0] : authorization;
  const token = /^Bearer\s+(\S+)/i.exec(header ?? '')?.[1];
  const tid = token === undefined ? undefined : jwtClaims(token)?.tid;
  return typeof tid === 'string' && tid.trim() !== '' ? tenantIdOf(tid) : DEFAULT_TENANT_ID;
}
