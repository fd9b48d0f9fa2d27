import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { waitAndReport, waitResultValue } from '../../runs/wait-report.js';
import { openGraph } from '../../session/graph-session.js';
import { findTarget, settleSet } from '../../session/targets.js';
import type { Reporter } from '../../ui/reporter.js';
import type { RunsWaitFlags } from './run.js';

/** `runs wait`: the run that covers the flow's last change, until it ends; exit 0, 12 or 13. */
export async function runRunsWait(ctx: Context, reporter: Reporter, options: RunsWaitFlags & { settings: ResolvedSettings }): Promise<number> {
  const set = settleSet(options.set, options.settings);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const target = await findTarget(graph, reporter, set, options.flow);
  const { exitCode, result } = await waitAndReport(ctx, reporter, graph, target, options.maxWaitMs);
  reporter.result({ setId: target.setId, flowId: target.flowId, ...waitResultValue(result) });
  return exitCode;
}
