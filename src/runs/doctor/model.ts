// What `edu-flow doctor` reports: per tenant, a list of checks, each ok, a warning or a failure,
// with the reason and (for warnings and failures) the fix. The JSON output is this shape as it is,
// so the ids and members here are a promise to monitoring scripts: add, never rename.
import { ExitCode } from '../../errors.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

/** The stable id of each kind of check; a check about one flow or SKU also names its subject. */
export type CheckId =
  | 'tenant.reachable'
  | 'permissions.token'
  | 'permissions.read-flows'
  | 'permissions.write-flows'
  | 'permissions.read-runs'
  | 'permissions.start-runs'
  | 'permissions.read-role-groups'
  | 'flow.readiness'
  | 'flow.age-group'
  | 'flow.role-groups'
  | 'flow.licence-skus'
  | 'runs.latest';

export interface DoctorCheck {
  id: CheckId;
  status: CheckStatus;
  /** What was checked, for people: "read flows", "readiness". */
  title: string;
  /** Why it has that status. */
  reason: string;
  /** What to do about a warning or failure. */
  fix?: string;
  /** What the check is about when it is one of many: a flow, a SKU, a run. */
  subject?: string;
}

export interface TenantChecks {
  name: string;
  /** The tenant id or domain, as configured or as the credential says; null when neither does. */
  tenant: string | null;
  checks: DoctorCheck[];
}

export interface DoctorSummary {
  ok: number;
  warnings: number;
  failed: number;
}

export interface DoctorReport {
  tenants: TenantChecks[];
  summary: DoctorSummary;
}

export function summarise(tenants: readonly TenantChecks[]): DoctorSummary {
  const all = tenants.flatMap((tenant) => tenant.checks);
  const count = (status: CheckStatus): number => all.filter((check) => check.status === status).length;
  return { ok: count('ok'), warnings: count('warn'), failed: count('fail') };
}

export function doctorReport(tenants: TenantChecks[]): DoctorReport {
  return { tenants, summary: summarise(tenants) };
}

/** 0 when nothing failed (warnings are allowed); ExitCode.doctorFailed when any check of any tenant failed. */
export function doctorExitCode(report: DoctorReport): number {
  return report.tenants.some((tenant) => tenant.checks.some((check) => check.status === 'fail')) ? ExitCode.doctorFailed : ExitCode.ok;
}
