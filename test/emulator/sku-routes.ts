// GET /beta/subscribedSkus and /v1.0/subscribedSkus: the tenant's licences (ctx.graph.subscribedSkus),
// not paged, as Graph lists them. Reading them needs Organization.Read.All (or a directory role);
// ctx.graph.subscribedSkusForbidden emulates a token without it.
import { ODATA_JSON } from './graph-common.js';
import { graphError } from './replies.js';
import type { Reply, Route, RouteContext } from './types.js';

const SUBSCRIBED_SKUS = /^\/(beta|v1\.0)\/subscribedSkus$/i;

function listSubscribedSkus(ctx: RouteContext): Reply {
  if (ctx.graph.subscribedSkusForbidden) return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
  const version = ctx.params[0].toLowerCase();
  return {
    status: 200,
    headers: { 'content-type': ODATA_JSON },
    body: { '@odata.context': `${ctx.origin}/${version}/$metadata#subscribedSkus`, value: structuredClone(ctx.graph.subscribedSkus) },
  };
}

export const skuRoutes: Route[] = [{ method: 'GET', path: SUBSCRIBED_SKUS, auth: 'bearer', handle: listSubscribedSkus }];
