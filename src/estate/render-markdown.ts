// A plan or apply report as Markdown for a pull-request comment: a table of tenants, then each
// tenant's steps in a folded diff block. Names, ids, values and messages come from Graph or
// files, so each is escaped for where it lands: a table cell, an HTML summary, or a code fence.
import { Chalk } from 'chalk';
import { renderChanges } from '../change/render-changes.js';
import { inline, printable, terminalSafe } from '../ui/terminal-text.js';
import type { EstateReport, TenantResult } from './model.js';
import { countSteps, describeCounts, describeStep, fleetSummary, OUTCOME_WORDS, planNotes, safeChanges, STEP_MARK } from './render-text.js';

/** How much of an error message a table cell holds; the whole of it is in the tenant's details. */
const SHORT_ERROR_LENGTH = 100;

/**
 * Text as Markdown that reads as itself: on one line (a table row or a paragraph ends at a line
 * break), with every ASCII punctuation mark backslash-escaped, so no `|` ends a cell and no `*`,
 * `[`, `<` or backtick starts emphasis, a link, HTML or code.
 */
export function markdownText(text: string): string {
  return inline(text).replace(/[!-/:-@[-`{-~]/g, '\\$&');
}

/** Text inside an HTML element (a `<summary>`): on one line, with HTML's special characters as entities. */
export function htmlText(text: string): string {
  const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
  return inline(text).replace(/[&<>"']/g, (ch) => entities[ch]);
}

/** A code fence no line of `content` can close: longer than its longest run of backticks (at least three). */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function fenced(language: string, content: string): string {
  const fence = fenceFor(content);
  return `${fence}${language}\n${content}\n${fence}`;
}

/** The first line of a message, cut to fit a table cell (by characters, never inside one). */
function shortError(message: string): string {
  const first = message.split(/\r?\n/, 1)[0] ?? '';
  const chars = Array.from(first);
  return chars.length > SHORT_ERROR_LENGTH ? `${chars.slice(0, SHORT_ERROR_LENGTH).join('')}…` : first;
}

function tenantCell(result: TenantResult): string {
  const name = result.name.trim() === '' ? (result.tenant ?? 'tenant') : result.name;
  return `${markdownText(name)}${result.tenant !== null && result.tenant !== name ? ` (${markdownText(result.tenant)})` : ''}`;
}

function tableRow(result: TenantResult): string {
  const counts = result.plan ? countSteps(result.plan.steps) : undefined;
  const cells = [
    tenantCell(result),
    OUTCOME_WORDS[result.outcome],
    ...(counts ? [counts.create, counts.update, counts.delete].map(String) : ['–', '–', '–']),
    result.error ? markdownText(shortError(result.error.message)) : '',
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The steps as diff lines; a change sits under its step, its mark kept first so a diff highlighter colours it. */
function diffLines(result: TenantResult, command: EstateReport['command']): string[] {
  const plain = new Chalk({ level: 0 });
  const applied = new Set(result.applied);
  const lines: string[] = [];
  for (const step of result.plan?.steps ?? []) {
    const notDone = command === 'apply' && result.outcome === 'failed' && !applied.has(step.key) ? ' (not applied)' : '';
    lines.push(`${STEP_MARK[step.action]} ${describeStep(step)}${notDone}`);
    if (step.changes.length === 0) continue;
    for (const line of renderChanges(safeChanges(step.changes), plain).split('\n')) lines.push(`${line.slice(0, 1)}     ${line.slice(2)}`);
  }
  return lines;
}

function details(result: TenantResult, command: EstateReport['command']): string | undefined {
  const plan = result.outcome === 'skipped' || result.outcome === 'done-earlier' ? undefined : result.plan;
  const steps = plan ? diffLines(result, command) : [];
  const notes = plan ? planNotes(plan) : [];
  if (steps.length === 0 && notes.length === 0 && result.error === undefined) return undefined;
  const summary = `${result.name.trim() === '' ? (result.tenant ?? 'tenant') : result.name} — ${plan ? describeCounts(countSteps(plan.steps)) : OUTCOME_WORDS[result.outcome]}`;
  const parts = [`<details><summary>${htmlText(summary)}</summary>`];
  if (steps.length > 0) parts.push(fenced('diff', steps.join('\n')));
  if (command === 'apply' && plan && plan.steps.length > 0) parts.push(`Applied ${result.applied.length} of ${plan.steps.length}.`);
  parts.push(...notes.map((note) => `Note: ${markdownText(note)}`));
  if (result.error) {
    const hint = result.error.hint ? `\nhint: ${printable(result.error.hint)}` : '';
    parts.push(`Error (exit ${result.error.exitCode}):`, fenced('text', `${printable(result.error.message)}${hint}`));
  }
  parts.push('</details>');
  // Blank lines around each part: Markdown inside an HTML block is read only after one.
  return parts.join('\n\n');
}

/**
 * A plan or apply report as a Markdown pull-request comment: a title, one table row per tenant
 * (outcome, step counts, the error in short), then a folded block per tenant with steps, notes or
 * an error. No value can break out of its cell or fence, and no password is shown. Ends with a
 * line break.
 */
export function renderReportMarkdown(report: EstateReport): string {
  const parts = [`## edu-flow ${report.command}`];
  const source = [`Folder: ${markdownText(report.folder)}`, ...(report.fleet !== undefined ? [`fleet: ${markdownText(report.fleet)}`] : [])];
  parts.push(source.join(', '));
  if (report.tenants.length === 0) parts.push('No tenants.');
  else parts.push(['| Tenant | Outcome | Create | Change | Delete | Error |', '| --- | --- | ---: | ---: | ---: | --- |', ...report.tenants.map(tableRow)].join('\n'));
  if (report.fleet !== undefined) parts.push(`**${markdownText(fleetSummary(report))}**`);
  for (const result of report.tenants) {
    const block = details(result, report.command);
    if (block !== undefined) parts.push(block);
  }
  // Control characters mean nothing to a browser but much to a terminal the comment is printed on.
  return terminalSafe(`${parts.join('\n\n')}\n`, false);
}
