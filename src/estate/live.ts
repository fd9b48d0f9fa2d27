// A tenant's flow sets and flows as Graph holds them: every set (all pages), then each set's
// flows (all pages), a few sets at a time.
import { kindOfODataType, type FlowKind } from '../body/kinds.js';
import { UsageError } from '../errors.js';
import { stripAnnotations } from '../graph/annotations.js';
import type { GraphClient } from '../graph/client.js';
import { listAll } from '../graph/pager.js';
import { flowSetsPath, flowsPath } from '../graph/paths.js';
import { quoted } from '../ui/terminal-text.js';
import { runPool } from '../fleet/pool.js';
import type { LiveSetRead } from './export-files.js';
import { setNameKey } from './layout.js';

/** How many sets' flow lists are read at once within one tenant. */
const READS_AT_ONCE = 4;

/** Every set of the tenant with every flow in it, as read (annotations dropped; passwords as Graph masks them). */
export async function readLiveSets(graph: GraphClient, signal: AbortSignal): Promise<LiveSetRead[]> {
  const sets = (await listAll(graph, flowSetsPath())).map((set) => stripAnnotations(set));
  // The pool lets the reads under way finish before the first failure is thrown: none is left on its way to Graph.
  const outcomes = await runPool(sets, { concurrency: READS_AT_ONCE, signal, stopOnFailure: true }, async (set) => ({
    set,
    flows: (await listAll(graph, flowsPath(String(set.id)))).map((flow) => stripAnnotations(flow)),
  }));
  const read: LiveSetRead[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'rejected') throw outcome.reason;
    if (outcome.status === 'skipped') throw signal.aborted ? signal.reason : new Error('a flow list was not read');
    read.push(outcome.value);
  }
  return read;
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
