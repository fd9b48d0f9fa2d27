import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { planUpdate, prepareUpdate, type BodyRequest, type UpdatePlan } from '../change/plan.js';
import { renderChanges } from '../change/render-changes.js';
import { KIND_NAMES } from '../body/prepare.js';
import { ExitCode } from '../errors.js';
import type { Reporter } from '../ui/reporter.js';
import { MASK } from '../ui/secrets.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';

export interface DiffOptions extends BodyRequest {
  /** --exit-code: exit 8 when there are changes (a drift check in CI). */
  exitCode: boolean;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/** `edu-flow diff` (also `update --plan`): what the PATCH would change, sending nothing. */
export async function runDiff(ctx: Context, reporter: Reporter, options: DiffOptions): Promise<number> {
  const offline = await prepareUpdate(ctx, reporter, options, options.settings, true);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const plan = await planUpdate(graph, reporter, offline, options.settings.graphUrl.value);
  printPlan(reporter, plan);
  return options.exitCode && plan.comparison.changes.length > 0 ? ExitCode.differs : ExitCode.ok;
}

export function printPlan(reporter: Reporter, plan: UpdatePlan): void {
  const { changes, notReturned } = plan.comparison;
  // Passwords are write-only: the plan says one is sent, never what it is.
  const shown = changes.map((c) => (c.pointer.toLowerCase().endsWith('/password') ? { pointer: c.pointer, before: c.before === undefined ? undefined : MASK, after: MASK } : c));
  const header = changes.length === 0
    ? `No changes: the ${KIND_NAMES[plan.kind]} ${plan.flowId} already holds this body.`
    : `${changes.length} change${changes.length === 1 ? '' : 's'} to the ${KIND_NAMES[plan.kind]} ${plan.flowId} in set ${plan.setId}:`;
  const notes = notReturned.map((p) => `note: ${p} is not returned by the service any more, so it cannot be compared`);
  reporter.data(
    { changed: changes.length > 0, changes: shown, notReturned },
    [header, ...(changes.length ? [renderChanges(shown, reporter.color)] : []), ...notes].join('\n'),
  );
}
