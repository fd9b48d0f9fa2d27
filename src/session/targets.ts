// Which flow set and which flow a command works on: by id, by the set's display name, by the
// profile's default set, or by the flow's type (a set holds at most one flow of each type).
// Ids are used as given; names and types are looked up in Graph just before the first request
// that needs them, and a name that matches no set or several is exit 2 with the candidates listed.
import { FLOW_KINDS, KIND_NAMES, ODATA_TYPE_OF, type FlowKind } from '../body/kinds.js';
import { isGuid } from '../config/profile-keys.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { listAll } from '../graph/pager.js';
import { flowSetsPath, flowsPath } from '../graph/paths.js';
import type { Reporter } from '../ui/reporter.js';
import { inline, quoted } from '../ui/terminal-text.js';

/** --set-id, --set-name, or neither (the profile's defaultSet). */
export type SetSelector = { by: 'id'; id: string } | { by: 'name'; name: string } | { by: 'default' };
/** --flow-id or --flow-type. */
export type FlowSelector = { by: 'id'; id: string } | { by: 'type'; kind: FlowKind };

/** A set that was named or chosen by default, settled offline to an id or a name. */
export type SettledSet = { by: 'id'; id: string; origin: string } | { by: 'name'; name: string; origin: string };

/** How many candidates an error lists before it points at `edu-flow sets list`. */
const MAX_LISTED = 10;

/**
 * The set a command means, before anything is looked up: a defaultSet that is a GUID is an id,
 * anything else is a display name. No --set-id, no --set-name and no default is exit 2.
 */
export function settleSet(selector: SetSelector, settings: Pick<ResolvedSettings, 'defaultSet' | 'profile'>): SettledSet {
  if (selector.by === 'id') return { ...selector, origin: '--set-id' };
  if (selector.by === 'name') return { ...selector, origin: '--set-name' };
  const fallback = settings.defaultSet;
  if (fallback === undefined) {
    throw new UsageError('--set-id or --set-name is required', {
      hint: `\`edu-flow sets list\` shows the sets; \`edu-flow config set defaultSet <id or name>\` makes one the default of profile "${settings.profile.value}"`,
    });
  }
  const origin = fallback.source === 'env' ? 'EDU_FLOW_DEFAULT_SET' : `defaultSet in profile "${settings.profile.value}"`;
  return isGuid(fallback.value) ? { by: 'id', id: fallback.value, origin } : { by: 'name', name: fallback.value, origin };
}

/**
 * The URL of a set (and flow) for --dry-run, which looks nothing up: an id is its path segment,
 * a name or a flow type stays a placeholder such as {set "North"} or {user flow}.
 */
export function offlineUrl(graphUrl: string, set: SettledSet, flow?: FlowSelector, suffix = ''): string {
  const setSegment = set.by === 'id' ? encodeURIComponent(set.id) : `{set ${quoted(set.name)}}`;
  const flowSegment = flow === undefined ? '' : `/provisioningFlows/${flow.by === 'id' ? encodeURIComponent(flow.id) : `{${flow.kind} flow}`}`;
  return `${graphUrl}${flowSetsPath()}/${setSegment}${flowSegment}${suffix}`;
}

/** A dry run's note, saying so when its URL holds a placeholder for a name or flow type. */
export function dryRunNote(note: string, set: SettledSet, flow?: FlowSelector): string {
  return set.by === 'name' || flow?.by === 'type' ? `${note} Set names and flow types are looked up online; the URL shows them as given.` : note;
}

/** The same comparison everywhere: exact, ignoring case (and Unicode composition). */
export function sameName(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

/** The id of the set: as given, or the one set whose displayName matches (all pages read). */
export async function findSet(graph: GraphClient, reporter: Reporter, set: SettledSet): Promise<{ id: string }> {
  if (set.by === 'id') return { id: set.id };
  const sets = await listAll(graph, flowSetsPath());
  const named = (s: Record<string, unknown>) => (typeof s.displayName === 'string' ? s.displayName : '');
  const matches = sets.filter((s) => typeof s.id === 'string' && sameName(named(s), set.name));
  const line = (s: Record<string, unknown>) => `${inline(String(s.id))}  ${quoted(named(s))}`;
  if (matches.length === 1) {
    const id = String(matches[0].id);
    reporter.verbose(`${set.origin} ${quoted(set.name)} is the flow set ${inline(id)}`);
    return { id };
  }
  if (matches.length > 1) {
    throw new UsageError(`${set.origin}: ${matches.length} flow sets are named ${quoted(set.name)}`, {
      hint: `use --set-id with one of them:\n${listed(matches.map(line))}`,
    });
  }
  const candidates = sets.filter((s) => typeof s.id === 'string');
  throw new UsageError(`${set.origin}: no flow set is named ${quoted(set.name)}`, {
    hint: candidates.length === 0 ? 'the tenant has no flow sets (`edu-flow sets create` makes one)' : `the flow sets are:\n${listed(candidates.map(line))}`,
  });
}

/** The id of the flow: as given, or the set's one flow of that type. */
export async function findFlow(graph: GraphClient, reporter: Reporter, setId: string, flow: FlowSelector): Promise<string> {
  if (flow.by === 'id') return flow.id;
  const flows = await listAll(graph, flowsPath(setId));
  const matches = flows.filter((f) => f['@odata.type'] === ODATA_TYPE_OF[flow.kind] && typeof f.id === 'string');
  if (matches.length === 1) {
    const id = String(matches[0].id);
    reporter.verbose(`--flow-type ${flow.kind} is the flow ${inline(id)} of set ${inline(setId)}`);
    return id;
  }
  if (matches.length > 1) {
    throw new UsageError(`set ${inline(setId)} has ${matches.length} ${KIND_NAMES[flow.kind]}s`, {
      hint: `use --flow-id with one of them:\n${listed(matches.map((f) => inline(String(f.id))))}`,
    });
  }
  const present = FLOW_KINDS.filter((kind) => flows.some((f) => f['@odata.type'] === ODATA_TYPE_OF[kind]));
  throw new UsageError(`set ${inline(setId)} has no ${KIND_NAMES[flow.kind]}`, {
    hint:
      present.length === 0
        ? `the set has no flows; \`edu-flow create --set-id ${inline(setId)} -f …\` adds one`
        : `the set has flows of the types: ${present.join(', ')} (\`edu-flow list --set-id ${inline(setId)}\` shows them)`,
  });
}

/** Both at once, in order: the flow can only be looked up once the set is known. */
export async function findTarget(graph: GraphClient, reporter: Reporter, set: SettledSet, flow: FlowSelector): Promise<{ setId: string; flowId: string }> {
  const { id: setId } = await findSet(graph, reporter, set);
  return { setId, flowId: await findFlow(graph, reporter, setId, flow) };
}

function listed(lines: string[]): string {
  const shown = lines.slice(0, MAX_LISTED).map((l) => `  ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`  … and ${lines.length - MAX_LISTED} more (\`edu-flow sets list\` shows them all)`);
  return shown.join('\n');
}
