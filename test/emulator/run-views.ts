// Runs, activities and statistics shaped as Graph beta answers them (microsoft.graph.industryData
// industryDataRun, outboundFlowActivity, industryDataRunStatistics), from the views runs-state.ts
// works out.
import type { ActivityView, RunView } from './runs-state.js';
import { NS } from './seed.js';

/** An industryDataRun. */
export function runJson(run: RunView): Record<string, unknown> {
  return {
    '@odata.type': `${NS}.industryDataRun`,
    id: run.id,
    displayName: run.displayName,
    startDateTime: run.startDateTime,
    endDateTime: run.endDateTime,
    status: run.status,
    blockingError: run.blockingError,
  };
}

/**
 * An outboundFlowActivity. With `expanded`, its `activity` navigation carries the flow it ran (its
 * id, type and readiness now; null when the flow has been deleted since); without, no `activity`.
 */
export function activityJson(activity: ActivityView, expanded: { flow: Record<string, unknown> | undefined } | undefined): Record<string, unknown> {
  const json: Record<string, unknown> = {
    '@odata.type': `${NS}.outboundFlowActivity`,
    id: activity.id,
    displayName: activity.displayName,
    status: activity.status,
    blockingError: activity.blockingError,
  };
  if (expanded !== undefined) {
    const { flow } = expanded;
    json.activity = flow === undefined ? null : { '@odata.type': flow['@odata.type'] ?? activity.flowType, id: activity.flowId, readinessStatus: flow.readinessStatus ?? null };
  }
  return json;
}

/** An industryDataRunStatistics (without @odata.context). */
export function statisticsJson(run: RunView): Record<string, unknown> {
  return {
    '@odata.type': `${NS}.industryDataRunStatistics`,
    runId: run.id,
    status: run.status,
    activityStatistics: run.activityStatistics,
    inboundTotals: run.inboundTotals,
  };
}
