// Role groups: list (paged) and get. Reading them needs
// IndustryData-ReferenceDefinition.Read.All; emu.roleGroupsForbidden emulates a token without it.
import { canonical, contextUrl, odata, PATHS } from './graph-common.js';
import { pagedList } from './paging.js';
import { graphError } from './replies.js';
import type { Reply, Route, RouteContext } from './types.js';

const forbidden = (): Reply => graphError(403, 'accessDenied', 'Missing IndustryData-ReferenceDefinition.Read.All');

function listRoleGroups(ctx: RouteContext): Reply {
  if (ctx.graph.roleGroupsForbidden) return forbidden();
  return pagedList(ctx, canonical.roleGroups(), contextUrl(ctx, 'roleGroups'), [...ctx.graph.roleGroups.values()]);
}

function getRoleGroup(ctx: RouteContext): Reply {
  if (ctx.graph.roleGroupsForbidden) return forbidden();
  const group = ctx.graph.roleGroups.get(ctx.params[0]);
  if (!group) return graphError(404, 'itemNotFound', `Role group '${ctx.params[0]}' was not found.`);
  return odata(200, contextUrl(ctx, 'roleGroups/$entity'), structuredClone(group) as unknown as Record<string, unknown>);
}

export const roleGroupRoutes: Route[] = [
  { method: 'GET', path: PATHS.roleGroups, auth: 'bearer', handle: listRoleGroups },
  { method: 'GET', path: PATHS.roleGroup, auth: 'bearer', handle: getRoleGroup },
];
