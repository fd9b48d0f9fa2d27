// Applying one tenant or a fleet: plan (plan-tenants.ts), confirm once, then each tenant's steps
// with bounded concurrency, recording every finished write in the state file that --resume goes on
// from. One report at the end: per tenant, what changed, what failed and why.
import type { Credential } from '../auth/credential.js';
import type { Context } from '../context.js';
import { InterruptedError, UsageError } from '../errors.js';
import { describeCredential } from '../graph/client.js';
import { confirmLines, ensureCanConfirm } from '../ui/confirm.js';
import type { Reporter } from '../ui/reporter.js';
import { runPool } from '../fleet/pool.js';
import { applyTenant } from './apply.js';
import { applyStatePath, applyStateStore, newApplyState, readApplyState, type ApplyStateStore } from './apply-state.js';
import type { EstateReport } from './model.js';
import { readEstateFolder, type EstateFolder } from './read-folder.js';
import type { TenantSession } from './tenant-session.js';
import { desiredForAll, finish, planAll, rethrowSingle, shortReason, tenantError, type EstateRunOptions, type LiveView, type Planned } from './plan-tenants.js';

export interface ApplyRunOptions extends EstateRunOptions {
  yes: boolean;
  resume: boolean;
  stateFile?: string;
  backupDir?: string;
  dropDefaultPasswords: boolean;
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

const isInterruption = (error: unknown): boolean => error instanceof InterruptedError;
