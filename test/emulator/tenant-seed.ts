// The seed of a tenant other than the default: the same sets, flows and role groups as SEED, with
// ids and passwords derived from the tenant id, so they are stable across runs and differ between
// tenants (a client that sends one tenant's ids to another gets a 404, as it would from Graph).
import { stableUuid } from './entra-tokens.js';
import { SEED, SEED_PASSWORDS, type SeedIds, type SeedPasswords } from './seed.js';
import { DEFAULT_TENANT_ID, tenantIdOf } from './tenant-ids.js';

/** The ids and names of that tenant's seed (id, domain or alias); SEED itself for the default tenant. */
export function seedIdsFor(tenantIdOrDomain: string): SeedIds {
  const tenantId = tenantIdOf(tenantIdOrDomain);
  if (tenantId === DEFAULT_TENANT_ID) return SEED;
  const id = (what: string) => stableUuid(`${tenantId}:${what}`);
  return {
    setId: id('set'),
    userFlowId: id('userFlow'),
    classGroupFlowId: id('classGroupFlow'),
    securityGroupFlowId: id('securityGroupFlow'),
    adminUnitFlowId: id('adminUnitFlow'),
    emptySetId: id('emptySet'),
    setDisplayName: SEED.setDisplayName,
    emptySetDisplayName: SEED.emptySetDisplayName,
    staffRoleGroupId: SEED.staffRoleGroupId,
    studentsRoleGroupId: SEED.studentsRoleGroupId,
  };
}

/** A password no other tenant (or role) has: `${prefix}-${8 hex of the tenant}-2026!`. */
export const tenantPassword = (tenantId: string, prefix: string, what: string): string => `${prefix}-${stableUuid(`${tenantId}:password:${what}`).slice(0, 8)}-2026!`;

/** The live default passwords of that tenant's seeded user flow; SEED_PASSWORDS for the default tenant. */
export function seedPasswordsFor(tenantIdOrDomain: string): SeedPasswords {
  const tenantId = tenantIdOf(tenantIdOrDomain);
  if (tenantId === DEFAULT_TENANT_ID) return SEED_PASSWORDS;
  return { staff: tenantPassword(tenantId, 'Seed-Staff', 'staff'), students: tenantPassword(tenantId, 'Seed-Students', 'students') };
}
