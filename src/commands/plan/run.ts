import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { estateExitCode } from '../../estate/exit-code.js';
import { renderReportText } from '../../estate/render-text.js';
import { runPlan } from '../../estate/plan-tenants.js';
import type { Reporter } from '../../ui/reporter.js';
import { estateRunOptions, writeMarkdownReport, type EstateFlags } from '../estate-run.js';

export interface PlanFlags extends EstateFlags {
  /** --exit-code: exit 8 when anything would change. */
  exitCode: boolean;
}

export type PlanOptions = PlanFlags & { settings: ResolvedSettings };

/** `edu-flow plan <dir>`: the folder against the tenant (or a fleet), nothing sent. */
export async function runPlanCommand(ctx: Context, reporter: Reporter, options: PlanOptions): Promise<number> {
  const report = await runPlan(ctx, reporter, await estateRunOptions(ctx, reporter, options, options.settings));
  reporter.data(report, renderReportText(report, reporter.color));
  await writeMarkdownReport(ctx, options.report, report, reporter);
  const code = estateExitCode(report, { exitCodeOnChanges: options.exitCode });
  if (code === 8) reporter.info('the tenant differs from the folder (exit 8, --exit-code)');
  return code;
}
