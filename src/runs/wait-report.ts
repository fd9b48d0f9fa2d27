// Waiting for the run that covers a change, for a person and for a script: a spinner on a
// terminal (elapsed time, run status), one line per change of state in a log, then the flow's
// activity in the run, and the exit code: 0 applied, 12 failed, 13 timed out.
import type { Context } from '../context.js';
import { ExitCode } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import type { Reporter } from '../ui/reporter.js';
import { startSpinner } from '../ui/spinner.js';
import { inline } from '../ui/terminal-text.js';
import { errorInShort } from './model.js';
import { waitForCoveringRun, type WaitResult, type WaitState } from './wait.js';

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

function describeState(state: WaitState): string {
  if (state.phase === 'waiting-for-run') return `waiting for a run that starts after the change (${state.changedAt})`;
  if (state.phase === 'run-going') return `run ${inline(state.run.id)} is ${inline(state.run.status)} (started ${state.run.startDateTime})`;
  return `run ${inline(state.run.id)} ended: ${inline(state.run.status)}`;
}

export interface WaitReport {
  exitCode: number;
  result: WaitResult;
}

export async function waitAndReport(ctx: Context, reporter: Reporter, graph: GraphClient, target: { setId: string; flowId: string }, maxWaitMs: number): Promise<WaitReport> {
  const spinner = await startSpinner(ctx.io.stderr, ctx.io.stderrIsTTY, 'looking for the run that covers the change…');
  const startedAt = ctx.now().getTime();
  let lastLine = '';
  const show = (): void => {
    if (lastLine) spinner.update(`${ctx.secrets.scrub(lastLine)} — ${duration(ctx.now().getTime() - startedAt)} elapsed`);
  };
  // The elapsed time moves on a terminal between polls too (minutes apart at times).
  const ticker = ctx.io.stderrIsTTY ? setInterval(show, 1000) : undefined;
  ticker?.unref();
  let result: WaitResult;
  try {
    result = await waitForCoveringRun(ctx, graph, {
      ...target,
      maxWaitMs,
      onState(state) {
        const line = describeState(state);
        // In a log, a line per change, never one per poll.
        if (!ctx.io.stderrIsTTY && line !== lastLine) reporter.info(line);
        lastLine = line;
        show();
      },
    });
  } finally {
    clearInterval(ticker);
    spinner.stop();
  }
  return { exitCode: report(reporter, result, maxWaitMs), result };
}

function report(reporter: Reporter, result: WaitResult, maxWaitMs: number): number {
  if (result.outcome === 'timeout') {
    reporter.failure(
      ExitCode.waitTimedOut,
      result.run
        ? `run ${inline(result.run.id)}, which covers the change, did not end within --max-wait (${duration(maxWaitMs)}); it is ${inline(result.run.status)}`
        : `no run started after the change (${result.changedAt}) within --max-wait (${duration(maxWaitMs)})`,
      'SDS runs every 12 hours; wait longer (--max-wait), or start one with `edu-flow runs start`',
    );
    return ExitCode.waitTimedOut;
  }
  const run = `run ${inline(result.run.id)} (started ${result.run.startDateTime}, ${inline(result.run.status)})`;
  const activity = result.activity ? `: the flow's activity ${inline(result.activity.status)}` : '';
  if (result.outcome === 'failed') {
    const error = errorInShort(result.activity?.blockingError ?? result.run.blockingError);
    reporter.failure(
      ExitCode.runFailed,
      `the change did not reach SDS cleanly in ${run}: ${inline(result.reason)}`,
      error ? `SDS says: ${inline(error)}` : 'see `edu-flow runs get <run>`',
    );
    return ExitCode.runFailed;
  }
  if (result.note) reporter.info(`note: ${result.note}`);
  if (result.warnings) reporter.warn(`the change reached SDS in ${run}${activity}, with warnings: see \`edu-flow runs get ${inline(result.run.id)}\``);
  else reporter.success(`the change reached SDS in ${run}${activity}`);
  return ExitCode.ok;
}

/** What a script reads of a wait (the JSON result). */
export function waitResultValue(result: WaitResult): Record<string, unknown> {
  return {
    outcome: result.outcome,
    changedAt: result.changedAt,
    run: result.run ?? null,
    activity: 'activity' in result ? (result.activity ?? null) : null,
    ...(result.outcome === 'failed' ? { reason: result.reason } : {}),
    ...(result.outcome === 'timeout' ? { waitedMs: result.waitedMs } : {}),
    ...(result.outcome === 'applied' ? { warnings: result.warnings } : {}),
  };
}
