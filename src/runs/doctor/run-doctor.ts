// doctor over the run's own tenant or every tenant of a fleet, as plan runs over them
// (estate/plan-tenants.ts and apply-tenants.ts): each tenant with its own session, credential and retries, a few at once,
// a live line per tenant. Unlike plan, one tenant's trouble never stops the others: finding it is
// the point. A tenant that cannot be reached at all gets one failed check saying why.
import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { EduFlowError, InterruptedError } from '../../errors.js';
import { tenantReporter, type TenantReporter } from '../../estate/tenant-reporter.js';
import { checkCredentialTenant, fleetTenantSession, ownTenantSession, type EstateTarget, type TenantSession } from '../../estate/tenant-session.js';
import { runPool } from '../../fleet/pool.js';
import type { FleetProgress } from '../../fleet/progress.js';
import type { NetworkSettings } from '../../session/network-options.js';
import type { Reporter } from '../../ui/reporter.js';
import { doctorReport, summarise, type DoctorCheck, type DoctorReport, type TenantChecks } from './model.js';
import { messageOf } from './read-outcome.js';
import { describeCounts } from './render-text.js';
import { tenantChecks } from './tenant-checks.js';

export interface DoctorRunOptions {
  targets: EstateTarget[];
  /** Whether the targets come from a fleet file (each tenant with its own session and prefixed lines). */
  fleet: boolean;
  concurrency: number;
  settings: ResolvedSettings;
  network: NetworkSettings;
  /** A fleet's live view, or undefined for none. */
  progress?: (names: string[]) => FleetProgress | undefined;
  /** With a view drawn in place on a terminal: each tenant's lines are held until it stops. */
  holdTenantLines?: boolean;
}

/** The one check of a tenant that could not be signed in to or reached. */
export function unreachableCheck(error: unknown): DoctorCheck {
  const hint = error instanceof EduFlowError ? error.hint : undefined;
  return {
    id: 'tenant.reachable',
    status: 'fail',
    title: 'reach the tenant',
    reason: messageOf(error),
    fix: hint ?? 'check the tenant and its credential (`edu-flow status` shows them), then run doctor again',
  };
}

/** A reason short enough for a tenant's live line. */
const cut = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}…` : text);

const isInterruption = (error: unknown, signal: AbortSignal): boolean => error instanceof InterruptedError || signal.aborted;

async function doctorOne(ctx: Context, reporter: Reporter, options: DoctorRunOptions, target: EstateTarget): Promise<TenantChecks> {
  let session: TenantSession;
  let token: string;
  let tenant: string | null = target.tenant ?? null;
  try {
    session = options.fleet
      ? await fleetTenantSession(ctx, reporter, options.settings, target, options.network)
      : await ownTenantSession(ctx, reporter, options.settings, options.network);
    const credential = await session.graph.credential();
    ctx.secrets.add(credential.token);
    checkCredentialTenant(target, credential);
    token = credential.token;
    tenant ??= credential.tenant ?? null;
  } catch (error) {
    if (isInterruption(error, ctx.signal)) throw error;
    return { name: target.name, tenant, checks: [unreachableCheck(error)] };
  }
  const checks = await tenantChecks({ graph: session.graph, token, signal: ctx.signal, now: () => ctx.now() });
  return { name: target.name, tenant, checks };
}

export async function runDoctor(ctx: Context, reporter: Reporter, options: DoctorRunOptions): Promise<DoctorReport> {
  const names = options.targets.map((target) => target.name);
  const progress = options.progress?.(names);
  const reporters: (TenantReporter | undefined)[] = options.targets.map((target) =>
    options.fleet ? tenantReporter(reporter, target.name, Boolean(options.holdTenantLines), (wait) => progress?.update(target.name, 'running', wait)) : undefined,
  );
  const outcomes = await runPool(options.targets, { concurrency: options.concurrency, signal: ctx.signal, stopOnFailure: false }, async (target, index) => {
    progress?.update(target.name, 'running', 'checking…');
    const result = await doctorOne(ctx, reporters[index] ?? reporter, options, target);
    const failed = result.checks.some((check) => check.status === 'fail');
    const unreachable = result.checks.find((check) => check.id === 'tenant.reachable');
    progress?.update(target.name, failed ? 'failed' : 'done', unreachable ? cut(unreachable.reason) : describeCounts(summarise([result])));
    return result;
  });
  progress?.stop();
  for (const held of reporters) held?.flush();
  // Checks never reject: what does is an interruption (or a bug), and it ends the run; only an abort skips a tenant.
  if (ctx.signal.aborted) throw ctx.signal.reason;
  return doctorReport(
    outcomes.map((outcome) => {
      if (outcome.status === 'fulfilled') return outcome.value;
      throw outcome.status === 'rejected' ? outcome.reason : new Error('doctor: a tenant was skipped although the run was not interrupted');
    }),
  );
}
