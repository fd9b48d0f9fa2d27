// Flow sets: list (paged), create, get, update, delete.
// Sets are stored and answered without @odata.type, as the service lists them.
import { randomUUID } from 'node:crypto';
import { canonical, contextUrl, flowsOfSet, isObject, jsonObjectBody, now, odata, PATHS, setNotFound, type Outcome } from './graph-common.js';
import { pagedList } from './paging.js';
import { graphError } from './replies.js';
import { NS } from './seed.js';
import type { Reply, Route, RouteContext } from './types.js';

const SET_TYPE = `${NS}.outboundProvisioningFlowSet`;
const BASIC_FILTER = `${NS}.basicFilter`;
const FILTER_OPTIONS = new Set(['orgExternalId']);
/** Members of outboundProvisioningFlowSet the service generates: ignored when written. */
const SET_SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime']);

const bad = (message: string): Outcome<never> => ({ ok: false, reply: graphError(400, 'BadRequest', message) });

/** A basicFilter as stored, or the 400 for anything else. `null` is "no filter". */
function checkFilter(filter: unknown): Outcome<Record<string, unknown> | null> {
  if (filter === null) return { ok: true, value: null };
  if (!isObject(filter)) return bad("Invalid value for property 'filter': expected an object.");
  if (filter['@odata.type'] !== BASIC_FILTER) {
    return bad(`'filter' is of the abstract type 'microsoft.graph.industryData.filter': send '@odata.type': '${BASIC_FILTER}'.`);
  }
  for (const key of Object.keys(filter)) {
    if (!['@odata.type', 'attribute', 'in'].includes(key)) return bad(`The property '${key}' does not exist on type 'microsoft.graph.industryData.basicFilter'.`);
  }
  if (typeof filter.attribute !== 'string' || !FILTER_OPTIONS.has(filter.attribute)) {
    return bad(`Invalid value for property 'filter.attribute': ${JSON.stringify(filter.attribute)}.`);
  }
  if (!Array.isArray(filter.in) || !filter.in.every((v) => typeof v === 'string')) {
    return bad("Invalid value for property 'filter.in': expected an array of strings.");
  }
  return { ok: true, value: { '@odata.type': BASIC_FILTER, attribute: filter.attribute, in: [...filter.in] } };
}

/**
 * The writable members of a create/update body: displayName and filter. Unknown members, a wrong
 * @odata.type and an inline provisioningFlows are 400; server-managed members are dropped.
 */
function checkSetBody(body: Record<string, unknown>): Outcome<{ displayName?: string; filter?: Record<string, unknown> | null }> {
  const out: { displayName?: string; filter?: Record<string, unknown> | null } = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '@odata.type') {
      if (value !== SET_TYPE) return bad(`The type '${String(value).replace(/^#/, '')}' is not '${SET_TYPE.slice(1)}'.`);
    } else if (key === 'displayName') {
      if (typeof value !== 'string' || value.trim() === '') return bad("Invalid value for property 'displayName': a non-empty string is required.");
      out.displayName = value;
    } else if (key === 'filter') {
      const filter = checkFilter(value);
      if (!filter.ok) return filter;
      out.filter = filter.value;
    } else if (key === 'provisioningFlows') {
      return bad("'provisioningFlows' cannot be written with the flow set: POST each flow to …/provisioningFlows.");
    } else if (!SET_SERVER_MANAGED.has(key)) {
      return bad(`The property '${key}' does not exist on type '${SET_TYPE.slice(1)}'. Make sure to only use property names that are defined by the type.`);
    }
  }
  return { ok: true, value: out };
}

const entityContext = (ctx: RouteContext) => contextUrl(ctx, 'outboundProvisioningFlowSets/$entity');

function listSets(ctx: RouteContext): Reply {
  return pagedList(ctx, canonical.sets(), contextUrl(ctx, 'outboundProvisioningFlowSets'), [...ctx.graph.sets.values()]);
}

function createSet(ctx: RouteContext): Reply {
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.reply;
  const checked = checkSetBody(body.value);
  if (!checked.ok) return checked.reply;
  const { displayName, filter } = checked.value;
  if (displayName === undefined) return graphError(400, 'BadRequest', "The property 'displayName' is required to create an outbound provisioning flow set.");
  const created = now(ctx.clock);
  const set: Record<string, unknown> = { id: randomUUID(), createdDateTime: created, lastModifiedDateTime: created, displayName };
  if (filter) set.filter = filter;
  ctx.graph.sets.set(String(set.id), set);
  return odata(201, entityContext(ctx), structuredClone(set));
}

function getSet(ctx: RouteContext): Reply {
  const set = ctx.graph.sets.get(ctx.params[0]);
  if (!set) return setNotFound(ctx.params[0]);
  return odata(200, entityContext(ctx), structuredClone(set));
}

function updateSet(ctx: RouteContext): Reply {
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.reply;
  const set = ctx.graph.sets.get(ctx.params[0]);
  if (!set) return setNotFound(ctx.params[0]);
  const checked = checkSetBody(body.value);
  if (!checked.ok) return checked.reply;
  const { displayName, filter } = checked.value;
  const next: Record<string, unknown> = { ...set };
  if (displayName !== undefined) next.displayName = displayName;
  if (filter === null) delete next.filter;
  else if (filter !== undefined) next.filter = filter;
  next.lastModifiedDateTime = now(ctx.clock);
  ctx.graph.sets.set(ctx.params[0], next);
  return { status: 204 };
}

function deleteSet(ctx: RouteContext): Reply {
  const setId = ctx.params[0];
  if (!ctx.graph.sets.delete(setId)) return setNotFound(setId);
  for (const [flowId] of flowsOfSet(ctx.graph.flows, setId)) ctx.graph.flows.delete(`${setId}/${flowId}`);
  return { status: 204 };
}

export const flowSetRoutes: Route[] = [
  { method: 'GET', path: PATHS.sets, auth: 'bearer', handle: listSets },
  { method: 'POST', path: PATHS.sets, auth: 'bearer', handle: createSet },
  { method: 'GET', path: PATHS.set, auth: 'bearer', handle: getSet },
  { method: 'PATCH', path: PATHS.set, auth: 'bearer', handle: updateSet },
  { method: 'DELETE', path: PATHS.set, auth: 'bearer', handle: deleteSet },
];
