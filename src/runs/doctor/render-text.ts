// How a doctor report reads for people: per tenant a heading, then one line per check (✓ ok,
// ! warning, ✗ failed: what was checked, about what, and why), the fix indented under each warning
// and failure, and a count. Every string may come from Graph (names, error messages): each is put
// on one line with its control characters escaped, so none can steer the terminal or fake a line.
import type { ChalkInstance } from 'chalk';
import { inline } from '../../ui/terminal-text.js';
import { summarise, type CheckStatus, type DoctorCheck, type DoctorReport, type DoctorSummary, type TenantChecks } from './model.js';

export const STATUS_MARK: Readonly<Record<CheckStatus, string>> = { ok: '✓', warn: '!', fail: '✗' };

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `3 ok, 2 warnings, 1 failed`. */
export function describeCounts(summary: DoctorSummary): string {
  return `${summary.ok} ok, ${plural(summary.warnings, 'warning')}, ${summary.failed} failed`;
}

/** `"north" (north.example.edu)`: the tenant as the run names it, and its id or domain when that differs. */
export function tenantHeading(tenant: TenantChecks): string {
  const name = tenant.name.trim() === '' ? (tenant.tenant ?? 'tenant') : tenant.name;
  return `"${inline(name)}"${tenant.tenant !== null && tenant.tenant !== name ? ` (${inline(tenant.tenant)})` : ''}`;
}

export function checkLines(check: DoctorCheck, color: ChalkInstance): string[] {
  const paint = { ok: color.green, warn: color.yellow, fail: color.red }[check.status];
  const about = check.subject ? ` — ${inline(check.subject)}` : '';
  const lines = [`  ${paint(STATUS_MARK[check.status])} ${inline(check.title)}${about}: ${inline(check.reason)}`];
  if (check.status !== 'ok' && check.fix) lines.push(`      ${color.cyan('fix:')} ${inline(check.fix)}`);
  return lines;
}

function tenantLines(tenant: TenantChecks, color: ChalkInstance): string[] {
  return [color.bold(tenantHeading(tenant)), ...tenant.checks.flatMap((check) => checkLines(check, color)), `  ${describeCounts(summarise([tenant]))}`];
}

export function renderDoctorText(report: DoctorReport, color: ChalkInstance): string {
  const blocks = report.tenants.map((tenant) => tenantLines(tenant, color).join('\n'));
  const total = report.tenants.length > 1 ? [`${plural(report.tenants.length, 'tenant')}: ${describeCounts(report.summary)}`] : [];
  return `${[...blocks, ...total].join('\n\n')}\n`;
}
