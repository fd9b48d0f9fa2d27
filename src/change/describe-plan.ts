import type { ChalkInstance } from 'chalk';
import { KIND_NAMES } from '../body/kinds.js';
import { isPasswordPointer, MASK } from '../secrets.js';
import { DROP_PASSWORDS_FLAG } from './password-guard.js';
import type { UpdatePlan } from './plan.js';
import { countChanges, renderChanges } from './render-changes.js';

/** What a plan changes, for people (lines) and scripts (value); shared by `diff` and `update --plan`. */
export function describePlan(plan: UpdatePlan, color: ChalkInstance): { lines: string[]; value: Record<string, unknown> } {
  const { changes, notReturned } = plan.comparison;
  // Passwords are write-only: the plan says one is sent, never what it is.
  const shown = changes.map((c) => (isPasswordPointer(c.pointer) ? { ...c, ...(c.before === undefined ? {} : { before: MASK }), after: MASK } : c));
  const header =
    changes.length === 0
      ? `No changes: the ${KIND_NAMES[plan.kind]} ${plan.flowId} already holds this body.`
      : `${countChanges(changes.length)} to the ${KIND_NAMES[plan.kind]} ${plan.flowId} in set ${plan.setId}:`;
  const notes = notReturned.map((p) => `note: ${p} is not returned by the service any more, so it cannot be compared`);
  const losses = plan.passwordLosses.map(
    (loss) =>
      `! the default password of role group ${loss.roleGroup} would be removed: the body replaces creationOptions without it (update refuses unless ${DROP_PASSWORDS_FLAG})`,
  );
  return {
    lines: [header, ...(changes.length ? [renderChanges(shown, color)] : []), ...losses, ...notes],
    value: { changed: changes.length > 0, changes: shown, notReturned, passwordsRemoved: plan.passwordLosses.map((loss) => loss.roleGroup) },
  };
}
