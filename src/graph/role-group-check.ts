import { closest } from '../body/did-you-mean.js';
import { locate, type ParsedBody } from '../body/parse.js';
import { joinPointer, type Problem } from '../problem.js';
import { GraphError, InvalidInputError } from '../errors.js';
import type { Reporter } from '../ui/reporter.js';
import type { GraphClient } from './client.js';
import { listAll } from './pager.js';
import { roleGroupsPath } from './paths.js';
import { isRecord } from '../body/is-record.js';
import type { RoleGroupCache } from './role-group-cache.js';

/**
 * Online, before a write: every `roleGroup@odata.bind` must name a role group the tenant has
 * (checked against the cache first, when one is given: see role-group-cache.ts).
 * Reading role groups needs IndustryData-ReferenceDefinition.Read.All; without it (403) the
 * check is skipped with a warning and never blocks the write.
 */
export async function checkRoleGroupBinds(graph: GraphClient, reporter: Reporter, parsed: ParsedBody, body: Record<string, unknown>, cache?: RoleGroupCache): Promise<void> {
  const binds = bindsOf(body);
  if (binds.length === 0) return;
  const cached = await cache?.load();
  if (cached && binds.every((bind) => cached.ids.includes(bind.id))) {
    reporter.verbose(`role groups: every bind names one the tenant had ${Math.round(cached.ageMs / 1000)} s ago (cached; not read again)`);
    return;
  }
  let ids: string[];
  try {
    ids = (await listAll(graph, roleGroupsPath())).map((group) => String(group.id));
    await cache?.save(ids);
  } catch (error) {
    if (error instanceof GraphError && error.info.status === 403) {
      reporter.warn('the role groups could not be read (403: IndustryData-ReferenceDefinition.Read.All is missing), so the role-group ids were not checked');
      return;
    }
    throw error;
  }
  const known = new Set(ids);
  const problems: Problem[] = binds
    .filter((bind) => !known.has(bind.id))
    .map((bind) => {
      const suggestion = closest(bind.id, ids);
      const at = locate(bind.pointer, parsed.positions);
      return {
        pointer: bind.pointer,
        ...(at ? { line: at.line, column: at.column } : {}),
        message: `role group "${bind.id}" does not exist in this tenant${suggestion ? ` — did you mean "${suggestion}"?` : ''} (it has: ${ids.join(', ') || 'none'})`,
      };
    });
  if (problems.length > 0) {
    throw new InvalidInputError(`${parsed.origin}: ${problems.length === 1 ? 'a role group does' : 'role groups do'} not exist; nothing was sent`, {
      details: problems,
      origin: parsed.origin,
      hint: "`edu-flow role-groups list` shows the tenant's role groups",
    });
  }
}

function bindsOf(body: Record<string, unknown>): { id: string; pointer: string }[] {
  const creation = isRecord(body.creationOptions) ? body.creationOptions : undefined;
  const configurations = creation && Array.isArray(creation.configurations) ? creation.configurations : [];
  const binds: { id: string; pointer: string }[] = [];
  configurations.forEach((configuration: unknown, index) => {
    const bind = isRecord(configuration) ? configuration['roleGroup@odata.bind'] : undefined;
    if (typeof bind === 'string') {
      binds.push({
        id: decodeURIComponent(bind.slice(bind.lastIndexOf('/') + 1)),
        pointer: joinPointer(joinPointer('/creationOptions/configurations', index), 'roleGroup@odata.bind'),
      });
    }
  });
  return binds;
}
