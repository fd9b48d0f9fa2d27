import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { planUpdate, prepareUpdate } from '../../change/plan.js';
import type { TargetedBodyRequest } from '../body-flags.js';
import { findTarget, settleSet } from '../../session/targets.js';
import { describePlan } from '../../change/describe-plan.js';
import { roleGroupCacheFor } from '../../graph/role-group-cache.js';
import { ExitCode } from '../../errors.js';
import type { Reporter } from '../../ui/reporter.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';

export interface DiffFlags extends TargetedBodyRequest {
  /** --exit-code: exit 8 when there are changes (a drift check in CI). */
  exitCode: boolean;
  network: NetworkSettings;
}

export type DiffOptions = DiffFlags & { settings: ResolvedSettings };

/** `edu-flow diff`: what `update` would change against the live flow, sending nothing. */
export async function runDiff(ctx: Context, reporter: Reporter, options: DiffOptions): Promise<number> {
  const set = settleSet(options.set, options.settings);
  const offline = await prepareUpdate(ctx, reporter, options, options.settings, true);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const target = await findTarget(graph, reporter, set, options.flow);
  const roleGroups = roleGroupCacheFor(ctx, options.settings, graph.baseUrl, await graph.credential());
  const plan = await planUpdate(graph, reporter, offline, target, { roleGroups });
  const view = describePlan(plan, reporter.color);
  reporter.data(view.value, view.lines.join('\n'));
  const changes = plan.comparison.changes.length;
  if (!options.exitCode || changes === 0) return ExitCode.ok;
  reporter.info(`the live flow differs from the body: ${changes} change${changes === 1 ? '' : 's'} (exit 8, --exit-code)`);
  return ExitCode.differs;
}
