// How a plan or apply report reads for people, in the spirit of `terraform plan`: each tenant's
// steps with their changes, what was left alone, what was done, and one line per fleet.
import type { ChalkInstance } from 'chalk';
import { KIND_NAMES } from '../body/kinds.js';
import type { Change } from '../change/compare.js';
import { renderChanges } from '../change/render-changes.js';
import { isPasswordPointer, MASK, maskPasswords } from '../secrets.js';
import { inline, printable, quoted, terminalSafe } from '../ui/terminal-text.js';
import type { EstateAction, EstateObject, EstateReport, EstateStep, TenantOutcome, TenantPlan, TenantResult, UnmanagedObject } from './model.js';

/** The mark a step's line starts with, as `diff` marks a change. */
export const STEP_MARK: Readonly<Record<EstateAction, string>> = { create: '+', update: '~', delete: '-' };

/** Outcomes in the order a fleet's summary counts them, with the words it uses. */
export const OUTCOME_WORDS: Readonly<Record<TenantOutcome, string>> = {
  unchanged: 'unchanged',
  changes: 'with changes',
  applied: 'applied',
  'done-earlier': 'done earlier',
  failed: 'failed',
  skipped: 'skipped',
};

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `flow set "North"` or `user provisioning flow in "North"`. */
function objectName(object: EstateObject, setName: string, kind: EstateStep['kind']): string {
  if (object === 'set') return `flow set ${quoted(setName)}`;
  // A kind the model does not know still reads as a flow, never as "undefined".
  return `${(kind && KIND_NAMES[kind]) || 'flow'} in ${quoted(setName)}`;
}

const idOf = (item: { object: EstateObject; setId?: string; flowId?: string }): string | undefined => (item.object === 'set' ? item.setId : item.flowId);

/** A step in words, without its mark: `update user provisioning flow in "North" (id 3f…)`. */
export function describeStep(step: EstateStep): string {
  const id = idOf(step);
  return `${step.action} ${objectName(step.object, step.setName, step.kind)}${step.action !== 'create' && id !== undefined ? ` (id ${inline(id)})` : ''}`;
}

/** `flow set "Old" (id 9a…)`: a live object no file describes. */
export function describeUnmanaged(item: UnmanagedObject): string {
  const id = idOf(item);
  return `${objectName(item.object, item.setName, item.kind)}${id !== undefined ? ` (id ${inline(id)})` : ''}`;
}

/**
 * A step's changes made fit to show: pointers and element names on one line with their control
 * characters escaped (values need no such care: renderChanges writes them as JSON), and no
 * password by value. Compare already masks passwords; this masks them again, at a password
 * pointer and anywhere inside a value, so a change built some other way cannot leak one.
 */
export function safeChanges(changes: readonly Change[]): Change[] {
  return changes.map((change) => {
    const password = isPasswordPointer(change.pointer);
    const shown: Change = { pointer: inline(change.pointer) };
    if (change.element !== undefined) shown.element = inline(change.element);
    if (change.before !== undefined) shown.before = password ? MASK : maskPasswords(change.before);
    if (change.after !== undefined) shown.after = password ? MASK : maskPasswords(change.after);
    return shown;
  });
}

export interface StepCounts {
  create: number;
  update: number;
  delete: number;
}

export function countSteps(steps: readonly EstateStep[]): StepCounts {
  const counts: StepCounts = { create: 0, update: 0, delete: 0 };
  for (const step of steps) counts[step.action] += 1;
  return counts;
}

/** `1 to create, 2 to change, 0 to delete`. */
export function describeCounts(counts: StepCounts): string {
  return `${counts.create} to create, ${counts.update} to change, ${counts.delete} to delete`;
}

/** The notes a plan carries besides its steps: objects left alone, passwords not compared. */
export function planNotes(plan: TenantPlan): string[] {
  const notes: string[] = [];
  if (plan.unmanaged.length > 0) notes.push(`not in the folder, kept (--prune deletes them): ${plan.unmanaged.map(describeUnmanaged).join(', ')}`);
  if (plan.writeOnlyPasswords > 0) {
    const n = plan.writeOnlyPasswords;
    notes.push(`${plural(n, 'write-only password')} cannot be read back: not compared; sent again with ${n === 1 ? 'its' : 'their'} configuration list`);
  }
  return notes;
}

/** `Fleet: 3 tenants — 1 unchanged, 1 with changes, 1 failed`. */
export function fleetSummary(report: EstateReport): string {
  const parts = (Object.keys(OUTCOME_WORDS) as TenantOutcome[])
    .map((outcome) => ({ outcome, n: report.tenants.filter((result) => result.outcome === outcome).length }))
    .filter(({ n }) => n > 0)
    .map(({ outcome, n }) => `${n} ${OUTCOME_WORDS[outcome]}`);
  return `Fleet: ${plural(report.tenants.length, 'tenant')}${parts.length > 0 ? ` — ${parts.join(', ')}` : ''}`;
}

/** `"North" (contoso.onmicrosoft.com)`: the tenant as a fleet names it, and its id or domain. */
export function tenantLabel(result: TenantResult): string {
  const name = result.name.trim() === '' ? (result.tenant ?? 'tenant') : result.name;
  return `${quoted(name)}${result.tenant !== null && result.tenant !== name ? ` (${inline(result.tenant)})` : ''}`;
}

/** An error message may span lines: the later ones are indented under the first. */
const message = (text: string, indent: string): string => printable(text).replace(/\n/g, `\n${indent}  `);

function stepLines(result: TenantResult, plan: TenantPlan, command: EstateReport['command'], color: ChalkInstance): string[] {
  const paint: Record<EstateAction, (text: string) => string> = { create: color.green, update: color.yellow, delete: color.red };
  const applied = new Set(result.applied);
  const lines: string[] = [];
  for (const step of plan.steps) {
    const notDone = command === 'apply' && result.outcome === 'failed' && !applied.has(step.key) ? color.dim(' (not applied)') : '';
    lines.push(`${paint[step.action](`${STEP_MARK[step.action]} ${describeStep(step)}`)}${notDone}`);
    if (step.changes.length > 0)
      lines.push(
        ...renderChanges(safeChanges(step.changes), color)
          .split('\n')
          .map((line) => `    ${line}`),
      );
  }
  if (plan.steps.length === 0) lines.push('No changes: the tenant matches the folder.');
  lines.push(...planNotes(plan).map((note) => color.dim(`note: ${note}`)));
  lines.push(color.bold(`Plan: ${describeCounts(countSteps(plan.steps))}; ${plan.unchanged} unchanged.`));
  return lines;
}

function outcomeLines(result: TenantResult, command: EstateReport['command'], indent: string, color: ChalkInstance): string[] {
  const stepCount = result.plan?.steps.length ?? 0;
  const lines: string[] = [];
  if (result.outcome === 'applied') lines.push(color.green(`✓ applied ${result.applied.length} of ${stepCount}`));
  if (result.outcome === 'done-earlier') lines.push(color.green('✓ done earlier: the interrupted run already finished this tenant'));
  if (result.outcome === 'skipped') lines.push(color.dim('skipped: not started (an earlier tenant failed, or the run was stopped)'));
  if (result.outcome === 'failed') {
    const after = command === 'apply' && stepCount > 0 ? ` after applying ${result.applied.length} of ${stepCount}` : '';
    lines.push(`${color.red(`✗ failed${after}:`)} ${result.error ? message(result.error.message, indent) : 'no error was recorded'}`);
    if (result.error?.hint) lines.push(`  ${color.cyan('hint:')} ${message(result.error.hint, `${indent}  `)}`);
  }
  // A backup written before a failed write matters most: it is listed whatever the outcome.
  lines.push(...result.backups.map((file) => color.dim(`backup: ${inline(file)}`)));
  return lines;
}

function tenantLines(result: TenantResult, command: EstateReport['command'], withHeading: boolean, color: ChalkInstance): string[] {
  const indent = withHeading ? '  ' : '';
  // A tenant skipped or finished earlier was not planned by this run; its plan, if any, is not news.
  const showPlan = result.plan !== undefined && result.outcome !== 'skipped' && result.outcome !== 'done-earlier';
  const body = [...(showPlan && result.plan ? stepLines(result, result.plan, command, color) : []), ...outcomeLines(result, command, indent, color)];
  return [...(withHeading ? [color.bold(`Tenant ${tenantLabel(result)}`)] : []), ...body.map((line) => `${indent}${line}`)];
}

/**
 * A plan or apply report for people: per tenant (under a heading when there are several, or the
 * tenant is named) each step with its changes, the notes, a `Plan:` line and what apply did; a
 * fleet ends with one summary line. Every string from Graph or a file is escaped for the
 * terminal; colour comes only from `color` (level 0: none). Ends with a line break.
 */
export function renderReportText(report: EstateReport, color: ChalkInstance): string {
  const withHeading = report.tenants.length > 1 || report.tenants.some((result) => result.name.trim() !== '');
  const blocks = report.tenants.map((result) => tenantLines(result, report.command, withHeading, color).join('\n'));
  if (report.tenants.length === 0) blocks.push('No tenants.');
  if (report.fleet !== undefined) blocks.push(color.bold(fleetSummary(report)));
  // Every piece was escaped where it was built; this pass catches what JSON leaves raw in values
  // (C1 controls such as U+009B) and keeps only the colour sequences chalk added.
  return terminalSafe(`${blocks.join('\n\n')}\n`, color.level > 0);
}
