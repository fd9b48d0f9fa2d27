// Shared shapes of the test emulator. emulator.ts re-exports the public ones.
import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorClock } from './clock.js';
import type { TenantRuns } from './runs-state.js';
import type { RoleGroup } from './seed.js';
import type { SubscribedSku } from './subscribed-skus.js';

/** One request as the emulator received it (recorded before it is answered). */
export interface RecordedRequest {
  method: string;
  /** The pathname exactly as sent (not decoded), so tests can check how ids were encoded. */
  path: string;
  /** The raw query string without the leading `?` ("" when there is none). */
  query: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Set when rawBody parses as JSON (whatever the Content-Type said). */
  json?: unknown;
  /** Set for an application/x-www-form-urlencoded body (the Entra token and devicecode POSTs). */
  form?: Record<string, string>;
  /**
   * Set on every Graph request (paths under /beta or /v1.0): the tenant whose store served it, a
   * lower-case GUID (the default tenant for a token that names none, or a tenant without a store
   * while emu.createTenantsOnRequest is off). Count a tenant's requests with it.
   */
  tenant?: string;
}

/** A scripted (or computed) answer. */
export type Reply =
  /** body: an object is sent as JSON, a string is sent raw (set its content-type in headers). */
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** A Graph OData error: {error:{code,message,innerError:{date,request-id,client-request-id}}}. */
  | { graphError: { status: number; code: string; message: string; headers?: Record<string, string> }; delayMs?: number }
  /** Destroy the socket without answering: the client sees a reset / "socket hang up". */
  | { drop: true };

/**
 * The emulated industryData store of one tenant and its test switches. The Emulator object itself
 * carries the default tenant's, so a test changes a switch by assigning it: `emu.pageSize = 2`;
 * emu.tenant(id) gives another tenant's (`emu.tenant(TENANT_B).pageSize = 2`).
 */
export interface GraphState {
  /** `${setId}/${flowId}` → the flow as GET returns it (without @odata.context). */
  flows: Map<string, Record<string, unknown>>;
  /** setId → the flow set as GET returns it (without @odata.context; no @odata.type, like the service). */
  sets: Map<string, Record<string, unknown>>;
  /** roleGroupId → the role group (seeded: `staff`, `students`). Binds resolve against this. */
  roleGroups: Map<string, RoleGroup>;
  /** `${setId}/${flowId}` of every accepted reset, in order. */
  resets: string[];
  /** Items per page of every list (default 100). */
  pageSize: number;
  /** When set (e.g. `https://evil.example`), lists put their @odata.nextLink on this origin instead of the request's. */
  nextLinkOrigin?: string;
  /**
   * JSON pointers (e.g. `/managementOptions/additionalOptions/studentAgeGroup`) that a flow PATCH
   * silently leaves as they were, while still answering 204.
   */
  ignoreOnPatch: Set<string>;
  /** When true, both role-group routes answer 403 accessDenied (IndustryData-ReferenceDefinition.Read.All missing). */
  roleGroupsForbidden: boolean;
  /** The tenant's runs, worked out from the emulator clock (emu.runs(tenant) gives the same object). */
  tenantRuns: TenantRuns;
  /** What GET /subscribedSkus lists (default: `Sku1` and an A3 student SKU, not `Sku2`); tests may change it. */
  subscribedSkus: SubscribedSku[];
  /** When true, GET /subscribedSkus answers 403 Authorization_RequestDenied (Organization.Read.All missing). */
  subscribedSkusForbidden: boolean;
}

/** What a route handler gets. `params` are the route's capture groups, percent-decoded. */
export interface RouteContext {
  request: RecordedRequest;
  params: string[];
  /** The origin the request was sent to (localhost or a *.edu-flow.test name through the proxy). */
  origin: string;
  /** `${origin}/beta` */
  graphUrl: string;
  /** Same map as graph.flows (kept for older handlers). */
  flows: Map<string, Record<string, unknown>>;
  /** The live store and switches of the request's tenant (the Emulator object for the default tenant). */
  graph: GraphState;
  /** The emulator's clock (one for every tenant): what createdDateTime and lastModifiedDateTime stamps read. */
  clock: EmulatorClock;
}

/** One entry of a routing table. Graph routes need a bearer token; the Entra (login) routes use `auth: 'none'`. */
export interface Route {
  method: string;
  /** Matched against the raw pathname; capture groups become ctx.params. */
  path: RegExp;
  auth: 'bearer' | 'none';
  handle(ctx: RouteContext): Reply;
}
