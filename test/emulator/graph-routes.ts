// Graph beta industryData routes. Each handler returns a Reply; emulator.ts does the auth check,
// the queue and the writing.
import { graphError } from './replies.js';
import { MASK } from './seed.js';
import type { Reply, Route, RouteContext } from './types.js';

/**
 * The literal segments are matched case-insensitively (the `i` flag): the docs show both
 * `OutboundProvisioningFlowSets` and `outboundProvisioningFlowSets` with successful answers (§1.1).
 */
const FLOW_PATH = /^\/beta\/external\/industryData\/outboundProvisioningFlowSets\/([^/]+)\/provisioningFlows\/([^/]+)$/i;

/** Members the service owns: a PATCH cannot change them. */
const SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus']);

/**
 * Nested `@odata.type` annotations survive a round trip only on the subtypes of abstract types;
 * the service echoes the other complex values bare (§9.4: "without @odata.type on the nested objects").
 */
const KEPT_NESTED_TYPES = new Set(['#microsoft.graph.industryData.simplePasswordSettings', '#microsoft.graph.industryData.basicFilter']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const BAD_PAYLOAD =
  'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.';

class BadBind extends Error {}

/** `…/roleGroups/staff` or `…/roleGroups('staff')` → `staff`. */
function roleGroupIdFromBind(url: unknown): string {
  const m = typeof url === 'string' ? /\/roleGroups(?:\/([^/?#()']+)|\('([^']+)'\))$/.exec(url) : null;
  const bad = new BadBind(`Invalid value for 'roleGroup@odata.bind': ${JSON.stringify(url)}.`);
  if (!m) throw bad;
  try {
    return decodeURIComponent(m[1] ?? m[2]);
  } catch {
    throw bad; // malformed percent-encoding
  }
}

/**
 * What the service stores (and later returns) for a written value: `roleGroup@odata.bind`
 * becomes an expanded `roleGroup: {id}`, passwords are masked, nested non-abstract types dropped.
 */
function asStored(value: unknown, nested: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => asStored(v, true));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'roleGroup@odata.bind') out.roleGroup = { id: roleGroupIdFromBind(v) };
    else if (key === 'password' && typeof v === 'string') out.password = MASK;
    else if (key === '@odata.type' && nested && !KEPT_NESTED_TYPES.has(String(v))) continue;
    else out[key] = asStored(v, true);
  }
  return out;
}

function flowKey(ctx: RouteContext): string {
  return `${ctx.params[0]}/${ctx.params[1]}`;
}

function notFound(ctx: RouteContext): Reply {
  return graphError(404, 'itemNotFound', `Provisioning flow '${ctx.params[1]}' was not found in flow set '${ctx.params[0]}'.`);
}

function getFlow(ctx: RouteContext): Reply {
  const flow = ctx.flows.get(flowKey(ctx));
  if (!flow) return notFound(ctx);
  const context = `${ctx.graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${ctx.params[0]}')/provisioningFlows/$entity`;
  return {
    status: 200,
    headers: { 'content-type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8' },
    body: { '@odata.context': context, ...flow },
  };
}

function patchFlow(ctx: RouteContext): Reply {
  const { request } = ctx;
  const mediaType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json' || !isObject(request.json)) return graphError(400, 'BadRequest', BAD_PAYLOAD);
  const stored = ctx.flows.get(flowKey(ctx));
  if (!stored) return notFound(ctx);
  const body = request.json;
  if (body['@odata.type'] !== undefined && body['@odata.type'] !== stored['@odata.type']) {
    return graphError(400, 'BadRequest', `The type '${String(body['@odata.type']).replace(/^#/, '')}' does not match the type of the provisioning flow.`);
  }
  let incoming: Record<string, unknown>;
  try {
    incoming = asStored(body, false) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof BadBind) return graphError(400, 'BadRequest', e.message);
    throw e;
  }
  for (const key of SERVER_MANAGED) delete incoming[key];
  // Shallow merge, as a PATCH replaces each complex member it names as a whole.
  ctx.flows.set(flowKey(ctx), { ...stored, ...incoming, lastModifiedDateTime: new Date().toISOString() });
  return { status: 204 };
}

export const graphRoutes: Route[] = [
  { method: 'GET', path: FLOW_PATH, auth: 'bearer', handle: getFlow },
  { method: 'PATCH', path: FLOW_PATH, auth: 'bearer', handle: patchFlow },
];
