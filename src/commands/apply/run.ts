import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { estateExitCode } from '../../estate/exit-code.js';
import { renderReportText } from '../../estate/render-text.js';
import { runApply } from '../../estate/apply-tenants.js';
import { checkApplyOffline, previewApply } from '../../estate/apply-preview.js';
import type { EstateRunOptions } from '../../estate/plan-tenants.js';
import { ExitCode } from '../../errors.js';
import { masked, requestText } from '../../ui/request-preview.js';
import { quoted } from '../../ui/terminal-text.js';
import type { Reporter } from '../../ui/reporter.js';
import { estateRunOptions, writeMarkdownReport, type EstateFlags } from '../estate-run.js';

export interface ApplyFlags extends EstateFlags {
  yes: boolean;
  resume: boolean;
  stateFile?: string;
  backupDir?: string;
  dropDefaultPasswords: boolean;
  /** --plan: online, every tenant planned and the exact requests shown; nothing sent. */
  plan: boolean;
  /** --dry-run: offline, no token: the folder checked for every tenant; nothing sent. */
  dryRun: boolean;
}

export type ApplyOptions = ApplyFlags & { settings: ResolvedSettings };

/** `edu-flow apply <dir>`: plan, confirm, then each write backed up and verified. */
export async function runApplyCommand(ctx: Context, reporter: Reporter, options: ApplyOptions): Promise<number> {
  const base = await estateRunOptions(ctx, reporter, options, options.settings);
  if (options.dryRun) return dryRun(ctx, reporter, base);
  if (options.plan) return plan(ctx, reporter, base, options);
  const report = await runApply(
    ctx,
    reporter,
    { ...base, yes: options.yes, resume: options.resume, stateFile: options.stateFile, backupDir: options.backupDir, dropDefaultPasswords: options.dropDefaultPasswords },
    (plan) => renderReportText(plan, reporter.color),
  );
  reporter.info(renderReportText(report, reporter.color).replace(/\n$/, ''));
  reporter.result(report);
  await writeMarkdownReport(ctx, options.report, report, reporter);
  return estateExitCode(report, { exitCodeOnChanges: false });
}

/** --plan: what apply would send to each tenant now, computed online; nothing is sent. */
async function plan(ctx: Context, reporter: Reporter, base: EstateRunOptions, options: ApplyOptions): Promise<number> {
  const { report, tenants } = await previewApply(ctx, reporter, base);
  const shown = tenants.map((tenant) => ({ name: tenant.name, requests: tenant.requests.map(masked) }));
  const text = [
    renderReportText(report, reporter.color).replace(/\n$/, ''),
    ...shown.flatMap((tenant) => (tenant.requests.length === 0 ? [] : ['', `Would send to ${quoted(tenant.name)}:`, ...tenant.requests.map((request) => requestText(request))])),
  ].join('\n');
  reporter.data({ plan: true, operation: 'apply', tenants: shown, report }, text);
  reporter.info('Plan: nothing was sent.');
  await writeMarkdownReport(ctx, options.report, report, reporter);
  return estateExitCode(report, { exitCodeOnChanges: false });
}

/** --dry-run: the folder checked offline for every tenant, and what each one would be compared with. */
async function dryRun(ctx: Context, reporter: Reporter, base: EstateRunOptions): Promise<number> {
  const tenants = (await checkApplyOffline(ctx, reporter, base)).map(({ name, estate }) => ({
    name,
    sets: estate.sets.map((set) => ({ name: set.name, file: set.file, flows: set.flows.map((flow) => ({ type: flow.kind, file: flow.file })) })),
  }));
  const lines = tenants.map(
    (tenant) =>
      `${quoted(tenant.name)}: ${tenant.sets.length} flow set${tenant.sets.length === 1 ? '' : 's'} — ${tenant.sets.map((set) => `${quoted(set.name)} (${set.flows.map((f) => f.type).join(', ') || 'no flows'})`).join('; ')}`,
  );
  reporter.data({ dryRun: true, operation: 'apply', tenants }, ['The folder is valid for every tenant:', ...lines].join('\n'));
  reporter.info('Dry run: nothing was sent. Online, apply first compares each tenant with the folder (`edu-flow plan` or `apply --plan` shows what would change).');
  return ExitCode.ok;
}
