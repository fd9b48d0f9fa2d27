import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { stripAnnotations } from '../../graph/annotations.js';
import { listAll } from '../../graph/pager.js';
import { roleGroupPath, roleGroupsPath } from '../../graph/paths.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTable } from '../../ui/table.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { inline } from '../../ui/terminal-text.js';

export interface RoleGroupsFlags {
  network: NetworkSettings;
}

type Common = RoleGroupsFlags & { settings: ResolvedSettings };

const codes = (group: Record<string, unknown>): string[] => (Array.isArray(group.roles) ? group.roles.map((role) => String((role as { code?: unknown }).code)) : []);

/** `role-groups list`: the groups a user configuration binds to (staff, students…). */
export async function runRoleGroupsList(ctx: Context, reporter: Reporter, options: Common): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const groups = (await listAll(graph, roleGroupsPath())).map((group) => stripAnnotations(group));
  const rows = groups.map((group) => {
    const roles = codes(group);
    return [String(group.id), String(group.displayName ?? ''), `${roles.length}: ${roles.slice(0, 6).join(', ')}${roles.length > 6 ? ', …' : ''}`];
  });
  reporter.data(groups, groups.length ? renderTable(['ID', 'NAME', 'ROLES'], rows, reporter.tableWidth) : 'No role groups.');
}

export async function runRoleGroupsGet(ctx: Context, reporter: Reporter, options: Common & { id: string }): Promise<void> {
  const { id } = options;
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const group = stripAnnotations((await graph.request('GET', roleGroupPath(id))).body as Record<string, unknown>);
  reporter.data(group, [`role group ${id}: ${inline(String(group.displayName ?? ''))}`, `  roles: ${inline(codes(group).join(', '))}`].join('\n'));
}
