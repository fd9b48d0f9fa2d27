// One tenant's Graph store: its sets, flows and role groups, its test switches, and typed readers.
// The default tenant's store is the Emulator object itself; every other tenant gets one of these
// on first use, seeded like the default with the tenant's own ids (tenant-seed.ts).
import type { EmulatorClock } from './clock.js';
import { graphStateReader, type GraphStateReader } from './graph-state.js';
import { createTenantRuns } from './runs-state.js';
import { seedFlowsOf, seedRoleGroups, seedSetsOf } from './seed.js';
import { defaultSubscribedSkus } from './subscribed-skus.js';
import { seedIdsFor, seedPasswordsFor } from './tenant-seed.js';
import type { GraphState } from './types.js';

export interface TenantStore extends GraphState, GraphStateReader {
  /** The tenant's id: a lower-case GUID. */
  tenantId: string;
  /** The emulator's `${origin}/beta`, the base of the @odata.context URLs stored in the flows. */
  graphUrl: string;
}

/** How a fresh store starts, for every tenant alike (startEmulator's options). */
export interface StoreOptions {
  /** Put the tenant's seed flows in (the sets and role groups are always there). */
  seedFlows: boolean;
  /** Initial pageSize. */
  pageSize: number;
  /** The emulator's clock, shared by every store (runs are worked out from it). */
  clock: EmulatorClock;
}

/**
 * The seeded data and the test switches, as a new (or reset) store has them. `store` is the object
 * the state ends up in (its runs read its flows and sets live, even after a test replaces the
 * maps); without it, the returned object itself.
 */
export function initialGraphState(graphUrl: string, tenantId: string, options: StoreOptions, store?: () => GraphState): GraphState {
  const ids = seedIdsFor(tenantId);
  const live = (): GraphState => store?.() ?? state;
  const state: GraphState = {
    flows: options.seedFlows ? seedFlowsOf(graphUrl, ids, seedPasswordsFor(tenantId)) : new Map<string, Record<string, unknown>>(),
    sets: seedSetsOf(ids),
    roleGroups: seedRoleGroups(),
    resets: [],
    pageSize: options.pageSize,
    nextLinkOrigin: undefined,
    ignoreOnPatch: new Set<string>(),
    roleGroupsForbidden: false,
    tenantRuns: createTenantRuns({ tenantId, clock: options.clock, flows: () => live().flows, sets: () => live().sets }),
    subscribedSkus: defaultSubscribedSkus(tenantId),
    subscribedSkusForbidden: false,
  };
  return state;
}

/** A seeded store for a tenant other than the default. */
export function createTenantStore(graphUrl: string, tenantId: string, options: StoreOptions): TenantStore {
  const store: TenantStore = {
    tenantId,
    graphUrl,
    ...initialGraphState(graphUrl, tenantId, options, () => store),
    ...graphStateReader(() => store),
  };
  return store;
}

/** The stores of every tenant that has one; the default tenant's always exists. */
export interface TenantRegistry {
  /** The tenant's store, made (and seeded) when it has none yet. */
  get(tenantId: string): TenantStore;
  /** The tenant's store, or undefined when it has none. */
  find(tenantId: string): TenantStore | undefined;
  /** The ids of the tenants with a store: the default tenant first, then in order of creation. */
  ids(): string[];
  /** Drops every store but the default tenant's. */
  clear(): void;
}

/** `defaultStore` is read on every call (the Emulator object, which exists only after the registry). */
export function createTenantRegistry(defaultTenantId: string, defaultStore: () => TenantStore, make: (tenantId: string) => TenantStore): TenantRegistry {
  const others = new Map<string, TenantStore>();
  const find = (tenantId: string): TenantStore | undefined => (tenantId === defaultTenantId ? defaultStore() : others.get(tenantId));
  return {
    get(tenantId) {
      const known = find(tenantId);
      if (known) return known;
      const store = make(tenantId);
      others.set(tenantId, store);
      return store;
    },
    find,
    ids: () => [defaultTenantId, ...others.keys()],
    clear: () => others.clear(),
  };
}
