// Reading runs from Graph: the list (all pages, newest first), one run, its activities (the flow
// each one ran expanded, when the service allows it) and its statistics.
import { GraphError } from '../errors.js';
import { stripAnnotations } from '../graph/annotations.js';
import type { GraphClient } from '../graph/client.js';
import { listAll } from '../graph/pager.js';
import { runActivitiesPath, runPath, runStatisticsPath, runsPath } from '../graph/paths.js';
import type { Run, RunActivity } from './model.js';

const time = (run: Run): number => Date.parse(run.startDateTime) || 0;

/** Every run, newest first (by start; the service's own order is not documented). */
export async function listRuns(graph: GraphClient): Promise<Run[]> {
  const runs = (await listAll(graph, runsPath())).map((run) => stripAnnotations(run) as unknown as Run);
  return runs.sort((a, b) => time(b) - time(a));
}

export async function getRun(graph: GraphClient, runId: string): Promise<Run> {
  return stripAnnotations((await graph.request('GET', runPath(runId))).body) as Run;
}

/**
 * A run's activities with the flow each one ran (`$expand=activity`): the only link from an
 * activity to its flow. A service that refuses the expansion (400) is asked again without it;
 * the activities then name no flow, and callers say so.
 */
export async function listActivities(graph: GraphClient, runId: string): Promise<RunActivity[]> {
  try {
    return (await listAll(graph, `${runActivitiesPath(runId)}?$expand=activity`)).map((a) => stripAnnotations(a) as unknown as RunActivity);
  } catch (error) {
    if (!(error instanceof GraphError) || error.info.status !== 400) throw error;
    return (await listAll(graph, runActivitiesPath(runId))).map((a) => stripAnnotations(a) as unknown as RunActivity);
  }
}

/** industryDataRunStatistics, as the service returns it (its members are shown as they come). */
export async function getRunStatistics(graph: GraphClient, runId: string): Promise<Record<string, unknown>> {
  return stripAnnotations((await graph.request('GET', runStatisticsPath(runId))).body) as Record<string, unknown>;
}

/** The activity of a flow in a run: by the expanded flow's id. */
export function activityOf(activities: RunActivity[], flowId: string): RunActivity | undefined {
  return activities.find((a) => a.activity?.id !== undefined && a.activity.id.toLowerCase() === flowId.toLowerCase());
}

/**
 * The run that covers a change made at `changedAt`: the first run that started after it (SDS
 * takes the flows as they are when a run starts). Undefined while none has.
 */
export function coveringRun(runs: Run[], changedAt: Date): Run | undefined {
  return runs.filter((run) => time(run) > changedAt.getTime()).sort((a, b) => time(a) - time(b))[0];
}
