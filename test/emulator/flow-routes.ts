// One provisioning flow: GET, PATCH, DELETE and the reset action
// (…/outboundProvisioningFlowSets/{setId}/provisioningFlows/{flowId}[/reset]).
import { asStored, contextUrl, forRead, flowNotFound, jsonObjectBody, odata, now, PATHS, roleGroupContext, SERVER_MANAGED, tryWrite } from './graph-common.js';
import { lookup, removeAt, setAt } from './json-pointer.js';
import { graphError } from './replies.js';
import type { Reply, Route, RouteContext } from './types.js';

const flowKey = (ctx: RouteContext): string => `${ctx.params[0]}/${ctx.params[1]}`;
const notFound = (ctx: RouteContext): Reply => flowNotFound(ctx.params[0], ctx.params[1]);

function getFlow(ctx: RouteContext): Reply {
  const flow = ctx.graph.flows.get(flowKey(ctx));
  if (!flow) return notFound(ctx);
  return odata(200, contextUrl(ctx, `outboundProvisioningFlowSets('${ctx.params[0]}')/provisioningFlows/$entity`), forRead(flow));
}

/**
 * Puts the members named by emu.ignoreOnPatch back as they were in `before` (or removes them when
 * they were absent), so the PATCH silently does not apply them.
 */
function keepIgnored(ctx: RouteContext, before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> {
  let result = after;
  for (const pointer of ctx.graph.ignoreOnPatch) {
    if (pointer === '') {
      result = structuredClone(before);
      continue;
    }
    const old = lookup(before, pointer);
    if (old.found) setAt(result, pointer, structuredClone(old.value));
    else removeAt(result, pointer);
  }
  return result;
}

function patchFlow(ctx: RouteContext): Reply {
  const body = jsonObjectBody(ctx);
  if (!body.ok) return body.reply;
  const stored = ctx.graph.flows.get(flowKey(ctx));
  if (!stored) return notFound(ctx);
  const type = body.value['@odata.type'];
  if (type !== undefined && type !== stored['@odata.type']) {
    return graphError(400, 'BadRequest', `The type '${String(type).replace(/^#/, '')}' does not match the type of the provisioning flow.`);
  }
  const rgContext = roleGroupContext(ctx.graphUrl, ctx.params[0], ctx.params[1], String(stored['@odata.type']));
  const incoming = tryWrite(() => asStored(ctx, body.value, rgContext) as Record<string, unknown>);
  if (!incoming.ok) return incoming.reply;
  for (const key of SERVER_MANAGED) delete incoming.value[key];
  // Shallow merge, as a PATCH replaces each complex member it names as a whole (so a
  // creationOptions with configurations replaces the whole configurations array).
  const merged = structuredClone({ ...stored, ...incoming.value });
  const result = keepIgnored(ctx, stored, merged);
  ctx.graph.flows.set(flowKey(ctx), { ...result, lastModifiedDateTime: now(ctx.clock) });
  return { status: 204 };
}

function deleteFlow(ctx: RouteContext): Reply {
  if (!ctx.graph.flows.delete(flowKey(ctx))) return notFound(ctx);
  return { status: 204 };
}

/** Reset takes no body at all and answers 202 Accepted without one. */
function resetFlow(ctx: RouteContext): Reply {
  if (!ctx.graph.flows.has(flowKey(ctx))) return notFound(ctx);
  if (ctx.request.rawBody !== '') {
    return graphError(400, 'BadRequest', 'The reset action does not take a request body; send the POST without one.');
  }
  ctx.graph.resets.push(flowKey(ctx));
  return { status: 202 };
}

export const flowRoutes: Route[] = [
  { method: 'GET', path: PATHS.flow, auth: 'bearer', handle: getFlow },
  { method: 'PATCH', path: PATHS.flow, auth: 'bearer', handle: patchFlow },
  { method: 'DELETE', path: PATHS.flow, auth: 'bearer', handle: deleteFlow },
  { method: 'POST', path: PATHS.reset, auth: 'bearer', handle: resetFlow },
];
