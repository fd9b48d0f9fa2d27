// "Did my change reach SDS?": the flow's last change, the first run that started after it, that
// run's end, and the flow's activity in it. Polls with back-off (15 s, then ×1.5 up to 5 min),
// never past the deadline, and announces every change of state.
import type { Context } from '../context.js';
import { stripAnnotations } from '../graph/annotations.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath } from '../graph/paths.js';
import { InterruptedError } from '../errors.js';
import { type ActivityStatus, activityVerdict, type Run, type RunActivity, runVerdict } from './model.js';
import { activityOf, coveringRun, listActivities, listRuns } from './read.js';

export const FIRST_POLL_MS = 15_000;
export const MAX_POLL_MS = 5 * 60_000;

export interface WaitRequest {
  setId: string;
  flowId: string;
  maxWaitMs: number;
  /** The state at every poll, for the person watching (a spinner's text; a log prints only changes). */
  onState?(state: WaitState): void;
}

export type WaitState =
  | { phase: 'waiting-for-run'; changedAt: string; elapsedMs: number }
  | { phase: 'run-going'; run: Run; elapsedMs: number }
  | { phase: 'run-ended'; run: Run; elapsedMs: number };

export type WaitResult =
  /** The flow's activity completed (with warnings: `warnings` true). */
  | { outcome: 'applied'; run: Run; activity?: RunActivity; changedAt: string; warnings: boolean; note?: string }
  /** The run failed, or the flow's activity failed, completed with errors or was skipped. */
  | { outcome: 'failed'; run: Run; activity?: RunActivity; changedAt: string; reason: string }
  /** No covering run ended before the deadline. */
  | { outcome: 'timeout'; run?: Run; changedAt: string; waitedMs: number };

export async function waitForCoveringRun(ctx: Context, graph: GraphClient, request: WaitRequest): Promise<WaitResult> {
  const flow = stripAnnotations((await graph.request('GET', flowPath(request.setId, request.flowId))).body as Record<string, unknown>);
  const changedAt = String(flow.lastModifiedDateTime ?? flow.createdDateTime ?? '');
  const changed = new Date(changedAt);
  const since = Number.isNaN(changed.getTime()) ? ctx.now() : changed;
  const started = ctx.now().getTime();
  const deadline = started + request.maxWaitMs;
  let delay = FIRST_POLL_MS;
  for (;;) {
    const run = coveringRun(await listRuns(graph), since);
    const elapsedMs = ctx.now().getTime() - started;
    const state: WaitState = !run
      ? { phase: 'waiting-for-run', changedAt: since.toISOString(), elapsedMs }
      : run.status === 'running'
        ? { phase: 'run-going', run, elapsedMs }
        : { phase: 'run-ended', run, elapsedMs };
    request.onState?.(state);
    if (run && state.phase === 'run-ended') return judge(run, await listActivities(graph, run.id), request.flowId, since.toISOString());
    const left = deadline - ctx.now().getTime();
    if (left <= 0) return { outcome: 'timeout', ...(run ? { run } : {}), changedAt: since.toISOString(), waitedMs: ctx.now().getTime() - started };
    try {
      await ctx.sleep(Math.min(delay, left), ctx.signal);
    } catch {
      throw ctx.signal.reason instanceof InterruptedError ? ctx.signal.reason : new InterruptedError('SIGINT');
    }
    delay = Math.min(Math.round(delay * 1.5), MAX_POLL_MS);
  }
}

/** The run's end, and the flow's own activity in it, as one outcome. */
export function judge(run: Run, activities: RunActivity[], flowId: string, changedAt: string): WaitResult {
  if (run.status === 'failed') {
    return { outcome: 'failed', run, changedAt, reason: `the run failed${run.blockingError?.message ? `: ${run.blockingError.message}` : ''}` };
  }
  const activity = activityOf(activities, flowId);
  if (!activity) {
    if (activities.some((a) => a.activity?.id !== undefined)) {
      return { outcome: 'failed', run, changedAt, reason: 'the run has no activity for this flow (was the flow created after the run started, or removed?)' };
    }
    // The service did not say which flow each activity ran: only the run's own end can be judged.
    const verdict = runVerdict(run.status);
    if (verdict === 'failed') return { outcome: 'failed', run, changedAt, reason: `the run ended ${run.status}` };
    return {
      outcome: 'applied',
      run,
      changedAt,
      warnings: verdict === 'warning',
      note: "the run's activities do not name their flows, so the run's own status is shown",
    };
  }
  return judgeActivity(run, activity, changedAt);
}

function judgeActivity(run: Run, activity: RunActivity, changedAt: string): WaitResult {
  const verdict = activityVerdict(activity.status as ActivityStatus);
  if (verdict === 'ok' || (verdict === 'warning' && activity.status === 'completedWithWarnings')) {
    return { outcome: 'applied', run, activity, changedAt, warnings: verdict === 'warning' };
  }
  const why = activity.blockingError?.message ? `: ${activity.blockingError.message}` : '';
  return { outcome: 'failed', run, activity, changedAt, reason: `the flow's activity ended ${activity.status}${why}` };
}
