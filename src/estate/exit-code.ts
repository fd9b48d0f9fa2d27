// The exit code of a plan or apply run: the ordinary codes for one tenant, two more for a fleet,
// so a pipeline can tell "some tenants failed" from "nothing was done at all".
import { ExitCode } from '../errors.js';
import type { EstateReport, TenantOutcome, TenantResult } from './model.js';

/** The exit codes only a run over a fleet (--fleet) ends with (their meaning is in errors.ts). */
export const FLEET_EXIT = { someFailed: ExitCode.fleetSomeFailed, noneDone: ExitCode.fleetNoneDone } as const;

/** Outcomes of a tenant whose run went to its end. */
const FINISHED: ReadonlySet<TenantOutcome> = new Set<TenantOutcome>(['unchanged', 'changes', 'applied', 'done-earlier']);
/** Ctrl-C or a SIGTERM: the shell and CI must learn the run was stopped, whatever else happened. */
const INTERRUPTED: ReadonlySet<number> = new Set<number>([ExitCode.sigint, ExitCode.sigterm]);

/**
 * A failed tenant's own exit code. A failure must never exit 0, so an error that lacks a usable
 * code (absent, 0, not a whole number, beyond what a process can return) counts as internal.
 */
function failureCode(result: TenantResult): number {
  const code = result.error?.exitCode;
  return code !== undefined && Number.isInteger(code) && code > 0 && code <= 255 ? code : ExitCode.internal;
}

/**
 * How a plan or apply run ends:
 * - a tenant interrupted (its error 130 or 143): that code, whatever the other tenants did;
 * - one tenant without a fleet that failed: its own code (4 auth, 5 refused, 6 unavailable, …);
 * - tenants that failed or were skipped while others finished: FLEET_EXIT.someFailed; none
 *   finished: FLEET_EXIT.noneDone (a skipped tenant is work not done, never a success);
 * - otherwise a plan with changes under --exit-code: ExitCode.differs; else 0.
 */
export function estateExitCode(report: EstateReport, options: { exitCodeOnChanges: boolean }): number {
  const interrupted = report.tenants.find((result) => result.error !== undefined && INTERRUPTED.has(result.error.exitCode));
  if (interrupted?.error) return interrupted.error.exitCode;

  if (report.fleet === undefined && report.tenants.length === 1 && report.tenants[0].outcome === 'failed') return failureCode(report.tenants[0]);

  const finished = report.tenants.filter((result) => FINISHED.has(result.outcome)).length;
  if (finished < report.tenants.length) return finished > 0 ? FLEET_EXIT.someFailed : FLEET_EXIT.noneDone;

  const hasChanges = report.command === 'plan' && report.tenants.some((result) => result.outcome === 'changes');
  return hasChanges && options.exitCodeOnChanges ? ExitCode.differs : ExitCode.ok;
}
