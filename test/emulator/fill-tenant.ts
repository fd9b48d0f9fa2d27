// More data for a tenant's store than the seed holds, for tests and benchmarks of many sets:
// N sets named `${namePrefix} 1..N`, each with one flow of every type, shaped as GET returns them.
import { stableUuid } from './entra-tokens.js';
import { fourFlows, NS } from './seed.js';
import { tenantPassword } from './tenant-seed.js';
import type { TenantStore } from './tenant-store.js';

export interface FillOptions {
  /** How many sets to add (a whole number, 0 or more). */
  sets: number;
  /** The sets' names are `${namePrefix} 1` … `${namePrefix} N` (default 'District'). */
  namePrefix?: string;
}

/** One set fillTenant() added, with the ids of its four flows. */
export interface FilledSet {
  setId: string;
  displayName: string;
  userFlowId: string;
  classGroupFlowId: string;
  securityGroupFlowId: string;
  adminUnitFlowId: string;
}

const FILLED = '2024-04-02T08:15:00.1234567Z';

/** `North Side` → `north-side`: the orgExternalId stem of a set's filter. */
const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'org';

/**
 * Adds `sets` flow sets to the store, each holding a user flow (staff and students
 * configurations with live default passwords and licence SKUs), a class group flow with
 * enrollment mappings, a security group flow and an administrative unit flow. Ids and passwords
 * derive from the tenant and the set's name, so a run is repeatable. Throws a RangeError for a
 * count that is not a whole number ≥ 0, and an Error when a set of one of the names already
 * exists (names must stay unique: plans find sets by name).
 */
export function fillTenant(store: TenantStore, options: FillOptions): FilledSet[] {
  const { sets: count } = options;
  const prefix = options.namePrefix ?? 'District';
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`fillTenant: sets must be a whole number ≥ 0, not ${String(count)}`);
  if (prefix.trim() === '') throw new RangeError('fillTenant: namePrefix must not be blank');
  const names = Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);
  const taken = new Set([...store.sets.values()].map((s) => s.displayName));
  const clash = names.find((name) => taken.has(name));
  if (clash !== undefined) throw new Error(`fillTenant: the tenant already holds a set named "${clash}"`);

  return names.map((displayName, i) => {
    const id = (what: string) => stableUuid(`${store.tenantId}:fill:${displayName}:${what}`);
    const filled: FilledSet = {
      setId: id('set'),
      displayName,
      userFlowId: id('userFlow'),
      classGroupFlowId: id('classGroupFlow'),
      securityGroupFlowId: id('securityGroupFlow'),
      adminUnitFlowId: id('adminUnitFlow'),
    };
    store.sets.set(filled.setId, {
      id: filled.setId,
      createdDateTime: FILLED,
      lastModifiedDateTime: FILLED,
      displayName,
      filter: { '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: [`${slug(prefix)}-${i + 1}`] },
    });
    const passwords = {
      staff: tenantPassword(store.tenantId, 'Fill-Staff', `${displayName}:staff`),
      students: tenantPassword(store.tenantId, 'Fill-Students', `${displayName}:students`),
    };
    for (const flow of fourFlows({ graphUrl: store.graphUrl, ...filled, passwords, created: FILLED })) {
      store.flows.set(`${filled.setId}/${String(flow.id)}`, flow);
    }
    return filled;
  });
}
