import type { ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { planUpdate, prepareUpdate, type BodyRequest, type UpdatePlan } from '../change/plan.js';
import { DROP_PASSWORDS_FLAG } from '../change/password-guard.js';
import { countChanges, renderChanges } from '../change/render-changes.js';
import { KIND_NAMES } from '../body/prepare.js';
import { ExitCode } from '../errors.js';
import type { Reporter } from '../ui/reporter.js';
import { isPasswordPointer, MASK } from '../secrets.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';

export interface DiffOptions extends BodyRequest {
  /** --exit-code: exit 8 when there are changes (a drift check in CI). */
  exitCode: boolean;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/** `edu-flow diff`: what `update` would change against the live flow, sending nothing. */
export async function runDiff(ctx: Context, reporter: Reporter, options: DiffOptions): Promise<number> {
  const offline = await prepareUpdate(ctx, reporter, options, options.settings, true);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const plan = await planUpdate(graph, reporter, offline);
  const view = describePlan(plan, reporter.color);
  reporter.data(view.value, view.lines.join('\n'));
  return options.exitCode && plan.comparison.changes.length > 0 ? ExitCode.differs : ExitCode.ok;
}

/** What a plan changes, for people (lines) and scripts (value); shared by `diff` and `update --plan`. */
export function describePlan(plan: UpdatePlan, color: ChalkInstance): { lines: string[]; value: Record<string, unknown> } {
  const { changes, notReturned } = plan.comparison;
  // Passwords are write-only: the plan says one is sent, never what it is.
  const shown = changes.map((c) => (isPasswordPointer(c.pointer) ? { ...c, ...(c.before === undefined ? {} : { before: MASK }), after: MASK } : c));
  const header = changes.length === 0
    ? `No changes: the ${KIND_NAMES[plan.kind]} ${plan.flowId} already holds this body.`
    : `${countChanges(changes.length)} to the ${KIND_NAMES[plan.kind]} ${plan.flowId} in set ${plan.setId}:`;
  const notes = notReturned.map((p) => `note: ${p} is not returned by the service any more, so it cannot be compared`);
  const losses = plan.passwordLosses.map(
    (loss) => `! the default password of role group ${loss.roleGroup} would be removed: the body replaces creationOptions without it (update refuses unless ${DROP_PASSWORDS_FLAG})`,
  );
  return {
    lines: [header, ...(changes.length ? [renderChanges(shown, color)] : []), ...losses, ...notes],
    value: { changed: changes.length > 0, changes: shown, notReturned, passwordsRemoved: plan.passwordLosses.map((loss) => loss.roleGroup) },
  };
}
