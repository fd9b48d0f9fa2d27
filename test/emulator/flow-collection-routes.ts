// The flows of a set: list (paged, polymorphic: every item has @odata.type) and create,
// shaped as Microsoft documents them.
import { randomUUID } from 'node:crypto';
import {
  asStored,
  canonical,
  contextUrl,
  FLOW_TYPES,
  flowsOfSet,
  forRead,
  isObject,
  jsonObjectBody,
  now,
  odata,
  PATHS,
  roleGroupContext,
  SERVER_MANAGED,
  setNotFound,
  tryWrite,
} from './graph-common.js';
import { pagedList } from './paging.js';
import { graphError } from './replies.js';
import type { Reply, Route, RouteContext } from './types.js';

function listFlows(ctx: RouteContext): Reply {
  const setId = ctx.params[0];
  if (!ctx.graph.sets.has(setId)) return setNotFound(setId);
  const items = flowsOfSet(ctx.graph.flows, setId).map(([, flow]) => forRead(flow));
  return pagedList(ctx, canonical.flows(setId), contextUrl(ctx, `outboundProvisioningFlowSets('${setId}')/provisioningFlows`), items);
}

/**
 * The create answer leaves `roleGroup` out of the user configurations, as the service's does, although
 * the flow is stored with it expanded and a later GET or list shows it.
 */
function withoutRoleGroups(flow: Record<string, unknown>): Record<string, unknown> {
  const answer = forRead(flow);
  const options = answer.creationOptions;
  if (isObject(options) && Array.isArray(options.configurations)) {
    for (const config of options.configurations) {
      if (!isObject(config)) continue;
      delete config.roleGroup;
      delete config['roleGroup@odata.context'];
    }
  }
  return answer;
}

function createFlow(ctx: RouteContext): Reply {
  const setId = ctx.params[0];
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.reply;
  if (!ctx.graph.sets.has(setId)) return setNotFound(setId);
  const type = body.value['@odata.type'];
  if (type === undefined) {
    return graphError(400, 'BadRequest', `'@odata.type' is required: provisioningFlow is abstract; send one of ${FLOW_TYPES.join(', ')}.`);
  }
  if (typeof type !== 'string' || !(FLOW_TYPES as readonly string[]).includes(type)) {
    return graphError(400, 'BadRequest', `'${String(type)}' is not a provisioning flow type; send one of ${FLOW_TYPES.join(', ')}.`);
  }
  // At most one flow of each type per set. Which status the service answers is undocumented; 409 is our emulation.
  if (flowsOfSet(ctx.graph.flows, setId).some(([, f]) => f['@odata.type'] === type)) {
    return graphError(409, 'conflict', `A provisioning flow of type '${type.slice(1)}' already exists in this set.`);
  }
  const id = randomUUID();
  const stored = tryWrite(() => asStored(ctx, body.value, roleGroupContext(ctx.graphUrl, setId, id, type)) as Record<string, unknown>);
  if (!stored.ok) return stored.reply;
  const members = stored.value;
  delete members['@odata.type'];
  for (const key of SERVER_MANAGED) delete members[key];
  const created = now(ctx.clock);
  const flow: Record<string, unknown> = {
    '@odata.type': type,
    id,
    createdDateTime: created,
    lastModifiedDateTime: created,
    readinessStatus: 'notReady',
    ...members,
  };
  ctx.graph.flows.set(`${setId}/${id}`, flow);
  return odata(201, contextUrl(ctx, `outboundProvisioningFlowSets('${setId}')/provisioningFlows/$entity`), withoutRoleGroups(flow));
}

export const flowCollectionRoutes: Route[] = [
  { method: 'GET', path: PATHS.flows, auth: 'bearer', handle: listFlows },
  { method: 'POST', path: PATHS.flows, auth: 'bearer', handle: createFlow },
];
