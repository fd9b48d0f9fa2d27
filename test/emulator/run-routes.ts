// School Data Sync runs (…/external/industryData/runs): list (newest first, paged), get, a run's
// activities (paged; $expand=activity brings each activity's flow), getStatistics, and the
// on-demand start (202, no body, or the limit's error). The runs themselves: runs-state.ts, held
// per tenant as ctx.graph.tenantRuns.
import { canonical, contextUrl, odata, PATHS, type Outcome } from './graph-common.js';
import { pagedList } from './paging.js';
import { graphError } from './replies.js';
import { activityJson, runJson, statisticsJson } from './run-views.js';
import type { ActivityView, RunView } from './runs-state.js';
import type { Reply, Route, RouteContext } from './types.js';

const ACTIVITY_TYPE = 'microsoft.graph.industryData.industryDataRunActivity';

const runNotFound = (runId: string): Reply => graphError(404, 'itemNotFound', `Industry data run '${runId}' was not found.`);

/** The run named by the first path segment, or its 404 (a run whose start is still ahead is not found either). */
function runOf(ctx: RouteContext): Outcome<RunView> {
  const run = ctx.graph.tenantRuns.find(ctx.params[0]);
  return run === undefined ? { ok: false, reply: runNotFound(ctx.params[0]) } : { ok: true, value: run };
}

/**
 * Whether the query asks for `$expand=activity` (the only navigation of an activity). Another
 * name is 400, as Graph answers an $expand of a property the type lacks.
 */
function expandsActivity(ctx: RouteContext): Outcome<boolean> {
  let expand: string | undefined;
  for (const [name, value] of new URLSearchParams(ctx.request.query)) if (name.toLowerCase() === '$expand') expand = value;
  if (expand === undefined) return { ok: true, value: false };
  const names = expand
    .split(',')
    .map((item) => item.split('(')[0].trim())
    .filter((name) => name !== '');
  const unknown = names.find((name) => name !== 'activity' && name !== '*');
  if (unknown !== undefined) return { ok: false, reply: graphError(400, 'BadRequest', `Could not find a property named '${unknown}' on type '${ACTIVITY_TYPE}'.`) };
  return { ok: true, value: names.length > 0 };
}

function activityOf(ctx: RouteContext, activity: ActivityView, expanded: boolean): Record<string, unknown> {
  return activityJson(activity, expanded ? { flow: ctx.graph.flows.get(`${activity.setId}/${activity.flowId}`) } : undefined);
}

function listRuns(ctx: RouteContext): Reply {
  return pagedList(ctx, canonical.runs(), contextUrl(ctx, 'runs'), ctx.graph.tenantRuns.started().map(runJson));
}

function getRun(ctx: RouteContext): Reply {
  const run = runOf(ctx);
  if (!run.ok) return run.reply;
  return odata(200, contextUrl(ctx, 'runs/$entity'), runJson(run.value));
}

function listActivities(ctx: RouteContext): Reply {
  const expand = expandsActivity(ctx);
  if (!expand.ok) return expand.reply;
  const run = runOf(ctx);
  if (!run.ok) return run.reply;
  const items = run.value.activities.map((activity) => activityOf(ctx, activity, expand.value));
  return pagedList(ctx, canonical.runActivities(run.value.id), contextUrl(ctx, `runs('${run.value.id}')/activities`), items);
}

function getActivity(ctx: RouteContext): Reply {
  const expand = expandsActivity(ctx);
  if (!expand.ok) return expand.reply;
  const run = runOf(ctx);
  if (!run.ok) return run.reply;
  const activity = run.value.activities.find((a) => a.id === ctx.params[1]);
  if (activity === undefined) return graphError(404, 'itemNotFound', `Activity '${ctx.params[1]}' was not found in run '${run.value.id}'.`);
  return odata(200, contextUrl(ctx, `runs('${run.value.id}')/activities/$entity`), activityOf(ctx, activity, expand.value));
}

function getStatistics(ctx: RouteContext): Reply {
  const run = runOf(ctx);
  if (!run.ok) return run.reply;
  return odata(200, `${ctx.graphUrl}/$metadata#microsoft.graph.industryData.industryDataRunStatistics`, statisticsJson(run.value));
}

/** The docs say to send no body; one sent anyway is ignored. The answer names no run. */
function startRun(ctx: RouteContext): Reply {
  const result = ctx.graph.tenantRuns.start();
  if (!result.accepted) return graphError(result.reply.status, result.reply.code, result.reply.message, result.reply.headers);
  return { status: 202 };
}

export const runRoutes: Route[] = [
  { method: 'GET', path: PATHS.runs, auth: 'bearer', handle: listRuns },
  { method: 'POST', path: PATHS.startRun, auth: 'bearer', handle: startRun },
  { method: 'GET', path: PATHS.runStatistics, auth: 'bearer', handle: getStatistics },
  { method: 'GET', path: PATHS.runActivities, auth: 'bearer', handle: listActivities },
  { method: 'GET', path: PATHS.runActivity, auth: 'bearer', handle: getActivity },
  { method: 'GET', path: PATHS.run, auth: 'bearer', handle: getRun },
];
