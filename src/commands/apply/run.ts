import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { estateExitCode } from '../../estate/exit-code.js';
import { renderReportText } from '../../estate/render-text.js';
import { runApply } from '../../estate/apply-tenants.js';
import type { Reporter } from '../../ui/reporter.js';
import { estateRunOptions, writeMarkdownReport, type EstateFlags } from '../estate-run.js';

export interface ApplyFlags extends EstateFlags {
  yes: boolean;
  resume: boolean;
  stateFile?: string;
  backupDir?: string;
  dropDefaultPasswords: boolean;
}

export type ApplyOptions = ApplyFlags & { settings: ResolvedSettings };

/** `edu-flow apply <dir>`: plan, confirm, then each write backed up and verified. */
export async function runApplyCommand(ctx: Context, reporter: Reporter, options: ApplyOptions): Promise<number> {
  const base = await estateRunOptions(ctx, reporter, options, options.settings);
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
