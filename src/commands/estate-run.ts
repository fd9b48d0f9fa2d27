// What plan and apply share when they run: the targets, the progress view of a fleet, and
// writing the Markdown report.
import { writeFile } from 'node:fs/promises';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import type { EstateReport } from '../estate/model.js';
import { renderReportMarkdown } from '../estate/render-markdown.js';
import { estateTargets } from '../estate/targets.js';
import type { EstateRunOptions } from '../estate/plan-tenants.js';
import { createFleetProgress } from '../fleet/progress.js';
import type { NetworkSettings } from '../session/network-options.js';
import type { Reporter } from '../ui/reporter.js';

export interface EstateFlags {
  folder: string;
  fleet?: string;
  tenants?: string;
  concurrency: number;
  continueOnError: boolean;
  prune: boolean;
  variables: Record<string, unknown>;
  report?: string;
  strict: boolean;
  network: NetworkSettings;
}

export async function estateRunOptions(ctx: Context, reporter: Reporter, flags: EstateFlags, settings: ResolvedSettings): Promise<EstateRunOptions> {
  const targets = await estateTargets(ctx, settings, { fleet: flags.fleet, tenants: flags.tenants, variables: flags.variables });
  const fleet = flags.fleet !== undefined;
  const live = ctx.io.stderrIsTTY && ((ctx.io.stderr as { columns?: number }).columns ?? 0) > 0;
  return {
    folder: flags.folder,
    targets,
    ...(fleet ? { fleet: flags.fleet } : {}),
    concurrency: flags.concurrency,
    continueOnError: flags.continueOnError,
    prune: flags.prune,
    strict: flags.strict,
    settings,
    network: flags.network,
    holdTenantLines: fleet && live,
    progress: fleet
      ? (names) =>
          createFleetProgress(ctx.io.stderr, {
            isTTY: live,
            columns: (ctx.io.stderr as { columns?: number }).columns,
            color: reporter.color,
            names,
            scrub: (text) => ctx.secrets.scrub(text),
          })
      : undefined,
  };
}

/** --report: the Markdown summary, written whole. */
export async function writeMarkdownReport(ctx: Context, path: string | undefined, report: EstateReport, reporter: Reporter): Promise<void> {
  if (path === undefined) return;
  // The file bypasses the reporter: it is scrubbed of this run's secrets here.
  await writeFile(path, ctx.secrets.scrub(renderReportMarkdown(report)));
  reporter.info(`report: ${path}`);
}
