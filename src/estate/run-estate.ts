// plan and apply over one tenant or a fleet: the folder read and checked for every tenant first
// (any problem stops everything before a request), then each tenant planned — and, for apply,
// confirmed once and carried out — with bounded concurrency, each tenant with its own credential
// and retries. One report at the end: per tenant, what changed, what failed and why.
import type { Credential } from '../auth/credential.js';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { EduFlowError, ExitCode, InterruptedError, UsageError } from '../errors.js';
import { describeCredential } from '../graph/client.js';
import { checkRoleGroupBinds } from '../graph/role-group-check.js';
import { roleGroupCacheFor } from '../graph/role-group-cache.js';
import type { NetworkSettings } from '../session/network-options.js';
import { confirmLines, ensureCanConfirm } from '../ui/confirm.js';
import { formatProblem } from '../ui/problems.js';
import type { Reporter } from '../ui/reporter.js';
import { runPool } from '../fleet/pool.js';
import { applyTenant } from './apply.js';
import { applyStatePath, applyStateStore, newApplyState, readApplyState, type ApplyStateStore } from './apply-state.js';
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

export interface ApplyRunOptions extends EstateRunOptions {
  yes: boolean;
  resume: boolean;
  stateFile?: string;
  backupDir?: string;
  dropDefaultPasswords: boolean;
}

/** The live view of the phase under way (planning, then applying), which tenants' waits are shown on. */
interface LiveView {
  current?: FleetProgress;
}

/** What a tenant's planning left for its apply. */
interface Planned {
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
async function planAll(
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

export async function runApply(ctx: Context, reporter: Reporter, options: ApplyRunOptions, showPlan: (report: EstateReport) => string): Promise<EstateReport> {
  const folder = await readEstateFolder(options.folder);
  const estates = desiredForAll(folder, options.targets, { fleet: options.fleet !== undefined, strict: options.strict, graphUrl: options.settings.graphUrl.value, reporter, ctx });
  ensureCanConfirm(ctx, options.yes, 'edu-flow apply');
  const store = await openState(ctx, reporter, options, folder);
  const view: LiveView = {};
  const planned = await planAll(ctx, reporter, options, estates, view, true, (target) => {
    const earlier = store.state.tenants[target.name];
    if (!options.resume || earlier?.status !== 'done') return undefined;
    return { name: target.name, tenant: earlier.tenant, outcome: 'done-earlier', applied: [], backups: [] };
  });
  const report: EstateReport = { command: 'apply', folder: options.folder, ...(options.fleet ? { fleet: options.fleet } : {}), tenants: planned.map((p) => p.result) };
  const withSteps = planned.filter((p) => p.work.length > 0);
  const failedEarly = planned.some((p) => p.result.outcome === 'failed');
  if (withSteps.length === 0 || (failedEarly && !options.continueOnError)) {
    for (const p of planned) await recordPlanned(store, p);
    await closeState(store, report, reporter);
    rethrowSingle(options, planned);
    return report;
  }
  const steps = withSteps.reduce((n, p) => n + p.work.length, 0);
  await confirmLines(ctx, reporter, {
    yes: options.yes,
    what: 'edu-flow apply',
    question: `Apply ${steps} change${steps === 1 ? '' : 's'} to ${withSteps.length} tenant${withSteps.length === 1 ? '' : 's'}?`,
    // Which tenant, and as whom: a write to the wrong tenant must be visible before it happens.
    lines: [
      showPlan({ ...report, command: 'plan' }).replace(/\n$/, ''),
      ...withSteps.map((p) => `${p.result.name}: ${p.credential ? describeCredential(p.credential) : 'credential unknown'}`),
    ],
  });
  const progress = options.progress?.(withSteps.map((p) => p.result.name));
  view.current = progress;
  const outcomes = await runPool(withSteps, { concurrency: options.concurrency, signal: ctx.signal, stopOnFailure: !options.continueOnError }, async (p) => {
    const name = p.result.name;
    const tenantState = store.tenant(name);
    tenantState.status = 'running';
    tenantState.tenant = p.result.tenant;
    await store.save();
    progress?.update(name, 'running', `applying 0/${p.work.length}`);
    try {
      const done = await applyTenant(p.session?.ctx ?? ctx, p.reporter, p.work, {
        graph: (p.session as TenantSession).graph,
        credential: p.credential as Credential,
        backupDir: options.backupDir,
        dropDefaultPasswords: options.dropDefaultPasswords,
        doneEarlier: new Set(options.resume ? tenantState.done : []),
        onStepStart: (_step, index, total) => progress?.update(name, 'running', `applying ${index}/${total}`),
        async onStepDone(step, createdId) {
          tenantState.done.push(step.key);
          if (createdId) tenantState.created[step.key] = createdId;
          await store.save();
        },
      });
      tenantState.status = 'done';
      await store.save();
      progress?.update(name, 'done', `${done.applied.length} applied`);
      return done;
    } catch (error) {
      tenantState.status = isInterruption(error) ? 'interrupted' : 'failed';
      tenantState.error = error instanceof Error ? error.message : String(error);
      await store.save();
      progress?.update(name, 'failed', shortReason(error));
      throw error;
    }
  });
  outcomes.forEach((outcome, index) => {
    const result = withSteps[index].result;
    if (outcome.status === 'fulfilled') Object.assign(result, { outcome: 'applied', applied: outcome.value.applied, backups: outcome.value.backups });
    else if (outcome.status === 'rejected') {
      Object.assign(result, { outcome: 'failed', applied: store.tenant(result.name).done.slice(), error: tenantError(outcome.reason) });
      withSteps[index].failure = outcome.reason;
    } else result.outcome = 'skipped';
  });
  for (const p of planned) if (p.work.length === 0) await recordPlanned(store, p);
  finish(progress, planned);
  await closeState(store, report, reporter);
  rethrowSingle(options, planned);
  return report;
}

/** The state file: a new one, or with --resume the earlier run's (which must be of this folder, unchanged). */
async function openState(ctx: Context, reporter: Reporter, options: ApplyRunOptions, folder: EstateFolder): Promise<ApplyStateStore> {
  const path = applyStatePath(ctx.env, options.folder, options.fleet, options.stateFile);
  const earlier = await readApplyState(path);
  if (options.resume) {
    if (!earlier) throw new UsageError(`nothing to resume: no apply state at ${path}`, { hint: 'run apply without --resume' });
    if (earlier.digest !== folder.digest) {
      throw new UsageError(`the folder changed since the apply that stopped (${earlier.startedAt}): --resume goes on only with the same files`, {
        hint: 'run plan to see what is left, then apply without --resume',
      });
    }
    if (earlier.finished) reporter.info(`the apply of ${earlier.startedAt} finished; planning again`);
    return applyStateStore(path, earlier, ctx.now, (text) => ctx.secrets.scrub(text));
  }
  if (earlier && !earlier.finished)
    reporter.info(`note: the apply of ${earlier.startedAt} did not finish; this run plans anew from the tenant (--resume would have gone on from it)`);
  return applyStateStore(path, newApplyState(options.folder, options.fleet, folder.digest, ctx.now()), ctx.now, (text) => ctx.secrets.scrub(text));
}

/** The run's end in the state file: finished when no tenant failed or was left out; else where --resume goes on from. */
async function closeState(store: ApplyStateStore, report: EstateReport, reporter: Reporter): Promise<void> {
  store.state.finished = report.tenants.every((t) => t.outcome !== 'failed' && t.outcome !== 'skipped');
  await store.save();
  if (!store.state.finished) reporter.info(`progress: ${store.path} (\`edu-flow apply … --resume\` goes on from there)`);
}

async function recordPlanned(store: ApplyStateStore, p: Planned): Promise<void> {
  if (p.result.outcome === 'skipped' || p.result.outcome === 'done-earlier') return;
  const state = store.tenant(p.result.name);
  state.tenant = p.result.tenant;
  state.status = p.result.outcome === 'failed' ? 'failed' : 'done';
  if (p.result.error) state.error = p.result.error.message;
  await store.save();
}

/** Without a fleet there is one tenant: its failure is the run's error (its own exit code and message). */
function rethrowSingle(options: EstateRunOptions, planned: Planned[]): void {
  if (options.fleet !== undefined) return;
  const failed = planned.find((p) => p.result.outcome === 'failed');
  if (failed) throw failed.failure;
}

function finish(progress: FleetProgress | undefined, planned: Planned[]): void {
  progress?.stop();
  flushAll(planned);
}

function flushAll(planned: Planned[]): void {
  for (const p of planned) (p.reporter as Partial<TenantReporter>).flush?.();
}

const isInterruption = (error: unknown): boolean => error instanceof InterruptedError;

function tenantError(error: unknown): NonNullable<TenantResult['error']> {
  if (error instanceof EduFlowError) return { exitCode: error.exitCode, message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
  return { exitCode: ExitCode.internal, message: `internal error: ${error instanceof Error ? error.message : String(error)}` };
}

function shortReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 120 ? `${message.slice(0, 117)}…` : message;
}
