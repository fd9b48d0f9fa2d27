// What the Graph route files share: the paths, JSON answers with @odata.context, request-body
// checks, how a written value is stored (binds expanded, passwords kept as written) and how a
// stored value is read (passwords masked).
import { readClock } from './clock.js';
import { graphError } from './replies.js';
import { MASK, NS } from './seed.js';
import type { Reply, RouteContext } from './types.js';

/**
 * The literal segments are matched case-insensitively (the `i` flag): the docs show both
 * `OutboundProvisioningFlowSets` and `outboundProvisioningFlowSets` with successful answers.
 * Ids are captured as sent and compared exactly.
 */
const ROOT = String.raw`^\/beta\/external\/industryData`;
const SETS = String.raw`${ROOT}\/outboundProvisioningFlowSets`;
export const PATHS = {
  sets: new RegExp(`${SETS}$`, 'i'),
  set: new RegExp(`${SETS}\\/([^/]+)$`, 'i'),
  flows: new RegExp(`${SETS}\\/([^/]+)\\/provisioningFlows$`, 'i'),
  flow: new RegExp(`${SETS}\\/([^/]+)\\/provisioningFlows\\/([^/]+)$`, 'i'),
  /** The docs' `/reset` and the Kiota SDK's namespace-qualified `/microsoft.graph.industryData.reset`. */
  reset: new RegExp(`${SETS}\\/([^/]+)\\/provisioningFlows\\/([^/]+)\\/(?:reset|microsoft\\.graph\\.industryData\\.reset)$`, 'i'),
  roleGroups: new RegExp(`${ROOT}\\/roleGroups$`, 'i'),
  roleGroup: new RegExp(`${ROOT}\\/roleGroups\\/([^/]+)$`, 'i'),
  runs: new RegExp(`${ROOT}\\/runs$`, 'i'),
  run: new RegExp(`${ROOT}\\/runs\\/([^/]+)$`, 'i'),
  /** The docs' `/start` and the SDKs' namespace-qualified `/microsoft.graph.industryData.start`. */
  startRun: new RegExp(`${ROOT}\\/runs\\/(?:start|microsoft\\.graph\\.industryData\\.start)$`, 'i'),
  runActivities: new RegExp(`${ROOT}\\/runs\\/([^/]+)\\/activities$`, 'i'),
  runActivity: new RegExp(`${ROOT}\\/runs\\/([^/]+)\\/activities\\/([^/]+)$`, 'i'),
  /** The docs' `/getStatistics` and the SDKs' `/microsoft.graph.industryData.getStatistics()` (parentheses optional, raw or encoded). */
  runStatistics: new RegExp(`${ROOT}\\/runs\\/([^/]+)\\/(?:microsoft\\.graph\\.industryData\\.)?getStatistics(?:\\(\\)|%28%29)?$`, 'i'),
} as const;

/** Canonical (camelCase) request paths, for nextLinks. */
export const canonical = {
  sets: () => '/beta/external/industryData/outboundProvisioningFlowSets',
  flows: (setId: string) => `/beta/external/industryData/outboundProvisioningFlowSets/${encodeURIComponent(setId)}/provisioningFlows`,
  roleGroups: () => '/beta/external/industryData/roleGroups',
  runs: () => '/beta/external/industryData/runs',
  runActivities: (runId: string) => `/beta/external/industryData/runs/${encodeURIComponent(runId)}/activities`,
};

/** The four concrete provisioningFlow types. */
export const FLOW_TYPES = [
  `${NS}.userProvisioningFlow`,
  `${NS}.classGroupProvisioningFlow`,
  `${NS}.securityGroupProvisioningFlow`,
  `${NS}.administrativeUnitProvisioningFlow`,
] as const;

/** The media type Graph answers entities and collections with. */
export const ODATA_JSON = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `${graphUrl}/$metadata#external/industryData/${fragment}` */
export const contextUrl = (ctx: RouteContext, fragment: string): string => `${ctx.graphUrl}/$metadata#external/industryData/${fragment}`;

/** A JSON answer whose first member is `@odata.context`. */
export function odata(status: number, context: string, body: Record<string, unknown>): Reply {
  return { status, headers: { 'content-type': ODATA_JSON }, body: { '@odata.context': context, ...body } };
}

/** The time of a write as stored: the emulator clock's (ctx.clock), or the real time when none is given. */
export const now = (clock?: { now(): Date }): string => (clock === undefined ? new Date() : new Date(readClock(clock))).toISOString();

export const BAD_PAYLOAD = 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

/** A step that either produced a value or the error reply to send. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; reply: Reply };

/** The request's JSON object body, or the 400 Graph gives for a missing/non-JSON one. */
export function jsonObjectBody(ctx: RouteContext): Outcome<Record<string, unknown>> {
  const { request } = ctx;
  const mediaType = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (mediaType !== 'application/json' || !isObject(request.json)) return { ok: false, reply: graphError(400, 'BadRequest', BAD_PAYLOAD) };
  return { ok: true, value: request.json };
}

/** Members the service owns: a PATCH or POST cannot set them (they are dropped). */
export const SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus']);

/**
 * Nested `@odata.type` annotations survive a round trip only on the subtypes of abstract types;
 * the service echoes the other complex values bare (without @odata.type on the nested objects).
 */
const KEPT_NESTED_TYPES = new Set([`${NS}.simplePasswordSettings`, `${NS}.basicFilter`]);

/** A write the service refuses with 400 BadRequest (bad bind, unknown role group, …). */
export class BadWrite extends Error {}

/** `…/roleGroups/staff` or `…/roleGroups('staff')` → `staff`. */
function roleGroupIdFromBind(url: unknown): string {
  const m = typeof url === 'string' ? /\/roleGroups(?:\/([^/?#()']+)|\('([^']+)'\))$/.exec(url) : null;
  const bad = new BadWrite(`Invalid value for 'roleGroup@odata.bind': ${JSON.stringify(url)}.`);
  if (!m) throw bad;
  try {
    return decodeURIComponent(m[1] ?? m[2]);
  } catch {
    throw bad; // malformed percent-encoding
  }
}

/** Where a stored flow's expanded role groups say they came from. */
export function roleGroupContext(graphUrl: string, setId: string, flowId: string, flowType: string): string {
  return `${graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${setId}')/provisioningFlows('${flowId}')/${flowType.replace(/^#/, '')}/creationOptions/configurations/roleGroup/$entity`;
}

/**
 * What the service stores (and later returns) for a written value: `roleGroup@odata.bind` becomes
 * the expanded `roleGroup` from the role-group store (with its `roleGroup@odata.context`), nested
 * non-abstract types dropped. Passwords are kept as written: the service holds them and uses them
 * for the users it creates, but never shows them (see forRead). Throws BadWrite for a bad bind or
 * an unknown group.
 */
export function asStored(ctx: RouteContext, value: unknown, roleGroupContextUrl: string, nested = false): unknown {
  if (Array.isArray(value)) return value.map((v) => asStored(ctx, v, roleGroupContextUrl, true));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'roleGroup@odata.bind') {
      const id = roleGroupIdFromBind(v);
      const group = ctx.graph.roleGroups.get(id);
      if (!group) throw new BadWrite(`roleGroup '${id}' not found.`);
      out['roleGroup@odata.context'] = roleGroupContextUrl;
      out.roleGroup = structuredClone(group);
    } else if (key === '@odata.type' && nested && !KEPT_NESTED_TYPES.has(String(v))) continue;
    else out[key] = asStored(ctx, v, roleGroupContextUrl, true);
  }
  return out;
}

/** A stored object as every read answers it: a deep copy with each password masked (15 asterisks). */
export function forRead<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => forRead(item)) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) out[key] = key === 'password' && typeof member === 'string' ? MASK : forRead(member);
  return out as T;
}

/** Runs `fn`, turning a BadWrite into its 400 reply. */
export function tryWrite<T>(fn: () => T): Outcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof BadWrite) return { ok: false, reply: graphError(400, 'BadRequest', e.message) };
    throw e;
  }
}

export function flowNotFound(setId: string, flowId: string): Reply {
  return graphError(404, 'itemNotFound', `Provisioning flow '${flowId}' was not found in flow set '${setId}'.`);
}

export function setNotFound(setId: string): Reply {
  return graphError(404, 'itemNotFound', `Outbound provisioning flow set '${setId}' was not found.`);
}

/** The flows of one set, in store order, as [flowId, flow]. */
export function flowsOfSet(flows: Map<string, Record<string, unknown>>, setId: string): [string, Record<string, unknown>][] {
  const prefix = `${setId}/`;
  return [...flows.entries()].filter(([key]) => key.startsWith(prefix) && !key.slice(prefix.length).includes('/')).map(([key, f]) => [key.slice(prefix.length), f]);
}
