import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { KIND_NAMES, kindOfODataType } from '../../body/kinds.js';
import { errorInShort, type RunActivity } from '../../runs/model.js';
import { getRun, getRunStatistics, listActivities, listRuns } from '../../runs/read.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTable } from '../../ui/table.js';
import { inline } from '../../ui/terminal-text.js';
import { renderTree } from '../../ui/tree.js';
import type { FlowSelector, SetSelector } from '../../session/targets.js';

export interface RunsFlags {
  network: NetworkSettings;
}

export interface RunsStartFlags extends RunsFlags {
  yes: boolean;
  plan: boolean;
  dryRun: boolean;
}

export interface RunsWaitFlags extends RunsFlags {
  set: SetSelector;
  flow: FlowSelector;
  maxWaitMs: number;
}

type WithSettings<T> = T & { settings: ResolvedSettings };

/** "2026-12-06 09:00:12Z" — short, sortable, unambiguous. */
const when = (iso: string | null | undefined): string => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '');

/** `runs list`: newest first, at most --top. */
export async function runRunsList(ctx: Context, reporter: Reporter, options: WithSettings<RunsFlags & { top: number }>): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const runs = (await listRuns(graph)).slice(0, options.top);
  const rows = runs.map((run) => [run.id, run.status, when(run.startDateTime), when(run.endDateTime) || '(going)', errorInShort(run.blockingError)]);
  reporter.data(runs, runs.length ? renderTable(['ID', 'STATUS', 'STARTED', 'ENDED', 'ERROR'], rows, reporter.tableWidth) : 'No runs yet.');
}

/** The flow an activity ran, for people: "user provisioning flow dbd36d16-…", or its name when Graph did not say. */
function flowOf(activity: RunActivity): { flow: string; type: string } {
  const kind = activity.activity?.['@odata.type'] ? kindOfODataType(activity.activity['@odata.type']) : undefined;
  return { flow: activity.activity?.id ?? activity.displayName ?? '', type: kind ? KIND_NAMES[kind] : '' };
}

/** `runs get`: the run, then one row per activity. */
export async function runRunsGet(ctx: Context, reporter: Reporter, options: WithSettings<RunsFlags & { id: string }>): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const [run, activities] = await Promise.all([getRun(graph, options.id), listActivities(graph, options.id)]);
  const rows = activities.map((a) => {
    const { flow, type } = flowOf(a);
    return [flow, type, a.status, errorInShort(a.blockingError)];
  });
  const lines = [
    `run ${inline(run.id)}${run.displayName ? ` (${inline(run.displayName)})` : ''}: ${inline(run.status)}`,
    `  started ${when(run.startDateTime)}${run.endDateTime ? `, ended ${when(run.endDateTime)}` : ', still going'}`,
    ...(run.blockingError ? [`  blocking error: ${inline(errorInShort(run.blockingError))}`] : []),
    activities.length ? renderTable(['FLOW', 'TYPE', 'STATUS', 'ERROR'], rows, reporter.tableWidth) : 'No activities.',
  ];
  reporter.data({ ...run, activities }, lines.join('\n'));
}

/** `runs stats`: getStatistics as Graph gives it. */
export async function runRunsStats(ctx: Context, reporter: Reporter, options: WithSettings<RunsFlags & { id: string }>): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const statistics = await getRunStatistics(graph, options.id);
  reporter.data(statistics, [`statistics of run ${inline(options.id)}`, ...renderTree(statistics, '  ')].join('\n'));
}
