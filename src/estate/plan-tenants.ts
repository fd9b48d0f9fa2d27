// Planning one tenant or a fleet: the folder read and checked for every tenant first (any
// problem stops everything before a request), then each tenant planned with bounded concurrency,
// each with its own credential and retries. `plan` ends here; `apply` (apply-tenants.ts) goes on.
import type { Credential } from '../auth/credential.js';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { EduFlowError, ExitCode } from '../errors.js';
import { checkRoleGroupBinds } from '../graph/role-group-check.js';
import { roleGroupCacheFor } from '../graph/role-group-cache.js';
import type { NetworkSettings } from '../session/network-options.js';
import { formatProblem } from '../ui/problems.js';
import type { Reporter } from '../ui/reporter.js';
import { runPool } from '../fleet/pool.js';
import type { ParsedBody } from '../body/parse.js';
import { desiredEstate, type DesiredEstate, type FileCheck } from './desired.js';
import { readLiveSets } from './live.js';
import type { EstateReport, TenantResult } from './model.js';
import { planTenant, type StepWork } from './plan.js';
import { folderProblems, readEstateFolder, type EstateFolder, type FileProblem } from './read-folder.js';
import { checkCredentialTenant, fleetTenantSession, ownTenantSession, type EstateTarget, type TenantSession } from './tenant-session.js';
import { tenantReporter, type TenantReporter } from './tenant-reporter.js';
import type { FleetProgress } from '../fleet/progress.js';

export interface EstateRunOptions {
  folder: string;
  /** The targets and, with a fleet, its file's path (undefined: the run's own tenant). */
  targets: EstateTarget[];
  fleet?: string;
  concurrency: number;
  continueOnError: boolean;
  prune: boolean;
  strict: boolean;
  settings: ResolvedSettings;
  network: NetworkSettings;
  /**
   * A fleet's live view for a phase (planning, then applying), or undefined for none. When the view
   * is drawn in place on a terminal, `holdTenantLines` holds each tenant's lines until it stops.
   */
  progress?: (names: string[]) => FleetProgress | undefined;
  holdTenantLines?: boolean;
}

/** The live view of the phase under way (planning, then applying), which tenants' waits are shown on. */
export interface LiveView {
  current?: FleetProgress;
}

/** What a tenant's planning left for its apply. */
export interface Planned {
  result: TenantResult;
  /** The error that failed the tenant, as thrown (a run of one tenant ends with it). */
  failure?: unknown;
  work: StepWork[];
  session?: TenantSession;
  credential?: Credential;
  reporter: Reporter;
}

/** Offline, for every tenant: the folder with its variables, checked. Throws one error listing every problem. */
export function desiredForAll(
  folder: EstateFolder,
  targets: EstateTarget[],
  options: { fleet: boolean; strict: boolean; graphUrl: string; reporter: Reporter; ctx: Context },
): DesiredEstate[] {
  // A problem every tenant has is said once; one that depends on a tenant's variables names the tenant.
  const found = new Map<string, { problem: FileProblem; tenants: string[] }>();
  const warned = new Set<string>();
  const sameForAll = new Map<ParsedBody, FileCheck>();
  const estates = targets.map((target) => {
    const result = desiredEstate(folder, { variables: target.variables, graphUrl: options.graphUrl, strict: options.strict, secrets: options.ctx.secrets, sameForAll });
    for (const problem of result.problems) {
      const key = JSON.stringify(problem);
      const entry = found.get(key) ?? { problem, tenants: [] };
      entry.tenants.push(target.name);
      found.set(key, entry);
    }
    for (const warning of result.warnings) {
      const line = formatProblem(warning.file, warning);
      if (!warned.has(line)) options.reporter.warn(line);
      warned.add(line);
    }
    return result.estate;
  });
  const problems: FileProblem[] = [...folder.problems];
  for (const { problem, tenants } of found.values()) {
    if (!options.fleet || tenants.length === targets.length) problems.push(problem);
    else problems.push(...tenants.map((name) => ({ ...problem, message: `${problem.message} (tenant ${name})` })));
  }
  if (problems.length > 0) throw folderProblems(folder.root, problems);
  return estates;
}

/** Reads the folder and plans every tenant; with `forApply`, the write permission is checked first. */
export async function planAll(
  ctx: Context,
  reporter: Reporter,
  options: EstateRunOptions,
  estates: DesiredEstate[],
  view: LiveView,
  forApply: boolean,
  skip: (target: EstateTarget) => TenantResult | undefined,
): Promise<Planned[]> {
  const fleet = options.fleet !== undefined;
  const progress = options.progress?.(options.targets.map((t) => t.name));
  view.current = progress;
  const reporters = options.targets.map((t) =>
    fleet ? tenantReporter(reporter, t.name, Boolean(options.holdTenantLines), (wait) => view.current?.update(t.name, 'running', wait)) : undefined,
  );
  const outcomes = await runPool(
    options.targets,
    { concurrency: options.concurrency, signal: ctx.signal, stopOnFailure: !options.continueOnError },
    async (target, index): Promise<Planned> => {
      const tenantRep = reporters[index] ?? reporter;
      const earlier = skip(target);
      if (earlier) {
        progress?.update(target.name, 'done', 'done by the interrupted run');
        return { result: earlier, work: [], reporter: tenantRep };
      }
      progress?.update(target.name, 'running', 'planning…');
      try {
        const session = fleet
          ? await fleetTenantSession(ctx, tenantRep, options.settings, target, options.network)
          : await ownTenantSession(ctx, tenantRep, options.settings, options.network);
        const credential = forApply ? await session.graph.preflightWrite() : await session.graph.credential();
        checkCredentialTenant(target, credential);
        const live = await readLiveSets(session.graph, ctx.signal);
        const { plan, work } = planTenant(estates[index], live, { prune: options.prune, graphUrl: session.graph.baseUrl });
        const cache = roleGroupCacheFor(session.ctx, session.settings, session.graph.baseUrl, credential);
        for (const w of work) {
          if (w.parsed && w.body && w.step.action !== 'delete') await checkRoleGroupBinds(session.graph, tenantRep, w.parsed, w.body, cache);
        }
        const changes = plan.steps.length;
        progress?.update(target.name, 'done', changes ? `${changes} change${changes === 1 ? '' : 's'}` : 'no changes');
        const result: TenantResult = {
          name: target.name,
          tenant: target.tenant ?? credential.tenant ?? null,
          outcome: changes ? 'changes' : 'unchanged',
          plan,
          applied: [],
          backups: [],
        };
        return { result, work, session, credential, reporter: tenantRep };
      } catch (error) {
        progress?.update(target.name, 'failed', shortReason(error));
        throw error;
      }
    },
  );
  const planned = outcomes.map((outcome, index): Planned => {
    const target = options.targets[index];
    const tenantRep = reporters[index] ?? reporter;
    if (outcome.status === 'fulfilled') return outcome.value;
    if (outcome.status === 'skipped') {
      progress?.update(target.name, 'skipped', 'not started');
      return { result: { name: target.name, tenant: target.tenant ?? null, outcome: 'skipped', applied: [], backups: [] }, work: [], reporter: tenantRep };
    }
    return {
      result: { name: target.name, tenant: target.tenant ?? null, outcome: 'failed', applied: [], backups: [], error: tenantError(outcome.reason) },
      failure: outcome.reason,
      work: [],
      reporter: tenantRep,
    };
  });
  finish(progress, planned);
  return planned;
}

export async function runPlan(ctx: Context, reporter: Reporter, options: EstateRunOptions): Promise<EstateReport> {
  const folder = await readEstateFolder(options.folder);
  const estates = desiredForAll(folder, options.targets, { fleet: options.fleet !== undefined, strict: options.strict, graphUrl: options.settings.graphUrl.value, reporter, ctx });
  const planned = await planAll(ctx, reporter, options, estates, {}, false, () => undefined);
  rethrowSingle(options, planned);
  return { command: 'plan', folder: options.folder, ...(options.fleet ? { fleet: options.fleet } : {}), tenants: planned.map((p) => p.result) };
}

/** Without a fleet there is one tenant: its failure is the run's error (its own exit code and message). */
export function rethrowSingle(options: EstateRunOptions, planned: Planned[]): void {
  if (options.fleet !== undefined) return;
  const failed = planned.find((p) => p.result.outcome === 'failed');
  if (failed) throw failed.failure;
}

export function finish(progress: FleetProgress | undefined, planned: Planned[]): void {
  progress?.stop();
  flushAll(planned);
}

function flushAll(planned: Planned[]): void {
  for (const p of planned) (p.reporter as Partial<TenantReporter>).flush?.();
}

export function tenantError(error: unknown): NonNullable<TenantResult['error']> {
  if (error instanceof EduFlowError) return { exitCode: error.exitCode, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { exitCode: ExitCode.internal, message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

export function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 120 ? `${message.slice(0, 117)}…` : message;
}
