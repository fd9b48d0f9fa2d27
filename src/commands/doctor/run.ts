import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { estateTargets } from '../../estate/targets.js';
import { createFleetProgress } from '../../fleet/progress.js';
import { doctorExitCode } from '../../runs/doctor/model.js';
import { renderDoctorText } from '../../runs/doctor/render-text.js';
import { runDoctor } from '../../runs/doctor/run-doctor.js';
import type { NetworkSettings } from '../../session/network-options.js';
import type { Reporter } from '../../ui/reporter.js';

export interface DoctorFlags {
  fleet?: string;
  tenants?: string;
  concurrency: number;
  network: NetworkSettings;
}

export type DoctorOptions = DoctorFlags & { settings: ResolvedSettings };

/** `edu-flow doctor`: the checklist of the run's own tenant, or of every tenant of a fleet; exit 14 when a check failed. */
export async function runDoctorCommand(ctx: Context, reporter: Reporter, options: DoctorOptions): Promise<number> {
  const targets = await estateTargets(ctx, options.settings, { fleet: options.fleet, tenants: options.tenants, variables: {} });
  const fleet = options.fleet !== undefined;
  // As plan's view (commands/estate-run.ts): redrawn in place only on a terminal that gives its width.
  const columns = (ctx.io.stderr as { columns?: number }).columns;
  const live = ctx.io.stderrIsTTY && (columns ?? 0) > 0;
  const report = await runDoctor(ctx, reporter, {
    targets,
    fleet,
    concurrency: options.concurrency,
    settings: options.settings,
    network: options.network,
    holdTenantLines: fleet && live,
    progress: fleet ? (names) => createFleetProgress(ctx.io.stderr, { isTTY: live, columns, color: reporter.color, names, scrub: (text) => ctx.secrets.scrub(text) }) : undefined,
  });
  reporter.data(report, renderDoctorText(report, reporter.color));
  const code = doctorExitCode(report);
  if (code !== 0) {
    const { failed } = report.summary;
    reporter.failure(code, `${failed} check${failed === 1 ? '' : 's'} failed`, 'each failed check in the report says why, and what to do');
  }
  return code;
}
