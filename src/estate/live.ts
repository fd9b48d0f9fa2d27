// A tenant's flow sets and flows as Graph holds them: every set (all pages), then each set's
// flows (all pages), a few sets at a time.
import { kindOfODataType, type FlowKind } from '../body/kinds.js';
import { UsageError } from '../errors.js';
import { stripAnnotations } from '../graph/annotations.js';
import type { GraphClient } from '../graph/client.js';
import { listAll } from '../graph/pager.js';
import { flowSetsPath, flowsPath } from '../graph/paths.js';
import { quoted } from '../ui/terminal-text.js';
import type { LiveSetRead } from './export-files.js';
import { setNameKey } from './layout.js';

/** How many sets' flow lists are read at once within one tenant. */
const READS_AT_ONCE = 4;

/** Every set of the tenant with every flow in it, as read (annotations dropped; passwords as Graph masks them). */
export async function readLiveSets(graph: GraphClient, signal: AbortSignal): Promise<LiveSetRead[]> {
  const sets = (await listAll(graph, flowSetsPath())).map((set) => stripAnnotations(set));
  const result: LiveSetRead[] = new Array(sets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < sets.length && !signal.aborted) {
      const index = next++;
      const flows = await listAll(graph, flowsPath(String(sets[index].id)));
      result[index] = { set: sets[index], flows: flows.map((flow) => stripAnnotations(flow)) };
    }
  };
  // allSettled first: a failing read never leaves another still on its way to Graph.
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(READS_AT_ONCE, sets.length) }, worker));
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
  if (signal.aborted) throw signal.reason;
  return result;
}

export interface LiveFlow {
  id: string;
  kind: FlowKind;
  /** As read: masked passwords present, roleGroup expanded (what backups and the password guard need). */
  raw: Record<string, unknown>;
}

export interface LiveSet {
  id: string;
  name: string;
  raw: Record<string, unknown>;
  /** By type; a set holds at most one flow of each. */
  flows: Map<FlowKind, LiveFlow>;
  /** Flows of a type edu-flow does not know: never planned, never deleted. */
  unknownFlows: number;
}

/**
 * The live sets by name key. Two sets the folder cannot tell apart (the same name, ignoring case)
 * or two flows of one type in a set are refused, as `--set-name` refuses an ambiguous name.
 */
export function indexLiveSets(live: LiveSetRead[], wanted: ReadonlySet<string>): Map<string, LiveSet> {
  const byName = new Map<string, LiveSet>();
  for (const { set, flows } of live) {
    const name = String(set.displayName ?? '');
    const key = setNameKey(name);
    const other = byName.get(key);
    if (other && wanted.has(key)) {
      throw new UsageError(`the tenant has two flow sets named ${quoted(name)} (${other.id} and ${String(set.id)}): the folder cannot say which one it means; nothing was sent`, {
        hint: 'rename one of them in SDS (`edu-flow sets update --set-id … --display-name …`)',
      });
    }
    const entry: LiveSet = { id: String(set.id), name, raw: set, flows: new Map(), unknownFlows: 0 };
    for (const flow of flows) {
      const kind = kindOfODataType(String(flow['@odata.type']));
      if (kind === undefined || kind === 'flowSet') {
        entry.unknownFlows++;
        continue;
      }
      if (entry.flows.has(kind)) {
        throw new UsageError(`flow set ${quoted(name)} (${entry.id}) holds two ${kind} flows, which SDS does not allow: nothing was sent`, {
          hint: 'delete one of them (`edu-flow delete`)',
        });
      }
      entry.flows.set(kind, { id: String(flow.id), kind, raw: flow });
    }
    if (!other) byName.set(key, entry);
    else byName.set(`${key}\u0000${entry.id}`, entry);
  }
  return byName;
}
