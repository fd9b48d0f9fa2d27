import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { checkWritePermission, RUN_START_PERMISSION } from '../../auth/preflight.js';
import { EduFlowError, ExitCode, GraphError } from '../../errors.js';
import { describeCredential } from '../../graph/client.js';
import { runStartPath } from '../../graph/paths.js';
import type { Run } from '../../runs/model.js';
import { listRuns } from '../../runs/read.js';
import { RUNS_PER_WINDOW, startLimit } from '../../runs/start-limit.js';
import { openGraph } from '../../session/graph-session.js';
import { confirmLines, ensureCanConfirm } from '../../ui/confirm.js';
import type { Reporter } from '../../ui/reporter.js';
import { printDryRun, printPlan } from '../../ui/request-preview.js';
import type { RunsStartFlags } from './run.js';

const EXPLAIN = [
  `SDS runs every 12 hours on its own. An on-demand run counts against a limit of ${RUNS_PER_WINDOW} successful runs per 12 hours,`,
  'and SDS skips its next scheduled run when that one is due within 10 hours.',
];

/** `runs start`: names the tenant, explains the limit and the skip, asks, then POSTs …/runs/start. */
export async function runRunsStart(ctx: Context, reporter: Reporter, options: RunsStartFlags & { settings: ResolvedSettings }): Promise<void> {
  const url = (base: string): string => `${base}${runStartPath()}`;
  if (options.dryRun) {
    printDryRun(
      ctx,
      reporter,
      [{ method: 'POST', url: url(options.settings.graphUrl.value) }],
      'Online, the same POST is sent once, after a confirmation on a terminal (--yes otherwise).',
    );
    return;
  }
  // Without a terminal and --yes nothing can be confirmed: said before any request.
  if (!options.plan) ensureCanConfirm(ctx, options.yes, 'edu-flow runs start');
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.credential();
  ctx.secrets.add(credential.token);
  const refusal = checkWritePermission(credential.token, RUN_START_PERMISSION);
  if (refusal) throw refusal;
  const before = await readRuns(graph, reporter);
  const limit = before ? startLimit(before, ctx.now()) : undefined;
  const count = limit
    ? `${limit.counted} run${limit.counted === 1 ? '' : 's'} in the last 12 hours${limit.nextAllowedAt ? ` — the limit looks reached: SDS will most likely refuse until ${limit.nextAllowedAt.toISOString()}` : ''}`
    : 'the runs of the last 12 hours could not be read';
  const lines = [`tenant and account: ${describeCredential(credential)}`, ...EXPLAIN, count];
  if (options.plan) {
    printPlan(reporter, [{ method: 'POST', url: url(graph.baseUrl) }], { lines, extra: { operation: 'runs start', runsInLast12Hours: limit?.counted ?? null } });
    return;
  }
  await confirmLines(ctx, reporter, { yes: options.yes, what: 'edu-flow runs start', question: 'Start an on-demand run?', lines: lines.map((line) => `  ${line}`) });
  const startedAt = ctx.now();
  let response: Awaited<ReturnType<typeof graph.request>>;
  try {
    response = await graph.request('POST', runStartPath());
  } catch (error) {
    throw limitRefusal(error, before, ctx.now()) ?? error;
  }
  reporter.success(`SDS accepted an on-demand run (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);
  const run = await findStartedRun(graph, startedAt);
  if (run) reporter.info(`run ${run.id} (${run.status}); \`edu-flow runs get ${run.id}\` shows it`);
  else reporter.info('the new run is not listed yet: `edu-flow runs list` shows it once SDS has started it');
  reporter.result({ status: response.status, started: true, requestId: response.requestId, clientRequestId: response.clientRequestId, run: run ?? null });
}

/** The runs, or undefined (with a note) when they cannot be read: start does not depend on them. */
async function readRuns(graph: Parameters<typeof listRuns>[0], reporter: Reporter): Promise<Run[] | undefined> {
  try {
    return await listRuns(graph);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    reporter.info(`note: the runs could not be read (${error.info.status}${error.info.code ? ` ${error.info.code}` : ''}), so the limit is not counted`);
    return undefined;
  }
}

/** Graph's refusal of a start (the error is not documented: a 429, 409 or 400 naming a limit) in words, with when to try again. */
function limitRefusal(error: unknown, runs: Run[] | undefined, now: Date): EduFlowError | undefined {
  if (!(error instanceof GraphError)) return undefined;
  const { status, code, message } = error.info;
  const aboutLimit = status === 429 || /limit|throttl|toomany|quota/i.test(`${code ?? ''} ${message ?? ''}`);
  if (!aboutLimit || ![400, 403, 409, 429].includes(status)) return undefined;
  const next = runs ? startLimit(runs, now).nextAllowedAt : undefined;
  return new EduFlowError(
    ExitCode.graphRefused,
    `SDS refused the on-demand run: it allows ${RUNS_PER_WINDOW} successful runs per 12 hours (Graph answered ${status}${code ? ` ${code}` : ''}: ${message ?? ''}); nothing was started`,
    {
      hint: next
        ? `try again after ${next.toISOString()}, or wait for the next scheduled run (every 12 hours)`
        : 'try again in a few hours, or wait for the next scheduled run (every 12 hours); `edu-flow runs list` shows the recent runs',
      cause: error,
    },
  );
}

/** The run the start made: the newest one that began after the request went out (the 202 carries no id). */
async function findStartedRun(graph: Parameters<typeof listRuns>[0], startedAt: Date): Promise<Run | undefined> {
  try {
    return (await listRuns(graph)).find((run) => Date.parse(run.startDateTime) >= startedAt.getTime() - 60_000);
  } catch {
    return undefined;
  }
}
