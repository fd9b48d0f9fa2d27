// Carrying out one tenant's plan: every check that can refuse comes before the first write
// (password losses, unset {"$env": …} passwords), then each step in order — backup, write, read
// back and verify — and each finished step is recorded at once, so a run stopped anywhere can be
// resumed without repeating it.
import { resolveEnvRefs } from '../body/env-refs.js';
import { KIND_NAMES } from '../body/kinds.js';
import { recordBackup } from '../backup/backups.js';
import type { Credential } from '../auth/credential.js';
import { guardPasswords, describeLosses } from '../change/password-guard.js';
import { VerifyError, verifyMismatches } from '../change/verify.js';
import type { Context } from '../context.js';
import { InvalidInputError } from '../errors.js';
import { stripAnnotations } from '../graph/annotations.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath, flowSetPath, flowSetsPath, flowsPath } from '../graph/paths.js';
import { toUpdateBody } from '../graph/update-ready.js';
import { isRecord } from '../body/is-record.js';
import type { Problem } from '../problem.js';
import type { Reporter } from '../ui/reporter.js';
import { quoted } from '../ui/terminal-text.js';
import type { EstateStep } from './model.js';
import { describeStep } from './render-text.js';
import type { StepWork } from './plan.js';
import { withODataType } from '../body/prepare.js';

export interface ApplyTenantOptions {
  graph: GraphClient;
  credential: Credential;
  backupDir?: string;
  /** --drop-default-passwords: let a write remove live default passwords the folder does not name. */
  dropDefaultPasswords: boolean;
  /** Steps an earlier, interrupted run finished (apply --resume): never repeated. */
  doneEarlier: ReadonlySet<string>;
  /** Called after each step is written and verified, before the next begins. */
  onStepDone(step: EstateStep, createdId?: string): Promise<void>;
  /** Called before each step: its number (1-based) among those to do. */
  onStepStart?(step: EstateStep, index: number, total: number): void;
}

export interface ApplyTenantResult {
  applied: string[];
  backups: string[];
}

export async function applyTenant(ctx: Context, reporter: Reporter, work: StepWork[], options: ApplyTenantOptions): Promise<ApplyTenantResult> {
  const todo = work.filter((w) => {
    if (!options.doneEarlier.has(w.step.key)) return true;
    reporter.warn(`${describeStep(w.step)} was done by the interrupted run, yet the tenant differs from the folder again: not repeated (run plan to see why)`);
    return false;
  });
  const bodies = prepareBodies(ctx, todo, options.dropDefaultPasswords, reporter);
  const createdSets = new Map<string, string>();
  const result: ApplyTenantResult = { applied: [], backups: [] };
  for (const [index, w] of todo.entries()) {
    if (ctx.signal.aborted) throw ctx.signal.reason;
    options.onStepStart?.(w.step, index + 1, todo.length);
    const createdId = await carryOut(ctx, reporter, w, bodies.get(w) ?? {}, createdSets, options, result.backups);
    result.applied.push(w.step.key);
    await options.onStepDone(w.step, createdId);
  }
  return result;
}

/** Refusals first: password losses, then every {"$env": …} password the writes send, resolved now. */
function prepareBodies(ctx: Context, todo: StepWork[], dropDefaultPasswords: boolean, reporter: Reporter): Map<StepWork, Record<string, unknown>> {
  for (const w of todo) {
    if (w.step.action !== 'update' || w.step.object !== 'flow' || !w.live || !w.body) continue;
    try {
      const dropped = guardPasswords(w.live, w.body, { allowDrop: dropDefaultPasswords });
      for (const line of describeLosses(dropped)) reporter.warn(`${w.step.file}: ${line}`);
    } catch (error) {
      if (error instanceof InvalidInputError) {
        throw new InvalidInputError(`${w.step.file}: ${error.message}`, {
          details: error.details,
          hint: error.hint?.replace('--drop-default-passwords', 'apply --drop-default-passwords'),
        });
      }
      throw error;
    }
  }
  const bodies = new Map<StepWork, Record<string, unknown>>();
  const problems: Problem[] = [];
  for (const w of todo) {
    if (!w.body) continue;
    const body = structuredClone(w.body);
    const resolved = resolveEnvRefs(body, ctx.env, 'resolve');
    for (const secret of resolved.secrets) ctx.secrets.add(secret);
    problems.push(...resolved.errors.map((p) => ({ ...p, message: `${w.step.file}: ${p.message}` })));
    bodies.set(w, body);
  }
  if (problems.length > 0) {
    throw new InvalidInputError(`the writes need default passwords from the environment that are not set (${problems.length}); nothing was sent`, {
      details: problems,
      hint: 'set each variable named (in CI, from the secret store); edu-flow.json lists every password variable of the folder',
    });
  }
  return bodies;
}

async function carryOut(
  ctx: Context,
  reporter: Reporter,
  w: StepWork,
  body: Record<string, unknown>,
  createdSets: Map<string, string>,
  options: ApplyTenantOptions,
  backups: string[],
): Promise<string | undefined> {
  const { graph } = options;
  const { step } = w;
  const backup = async (object: Record<string, unknown>, operation: 'update' | 'delete', flows?: Record<string, unknown>[]): Promise<void> => {
    const path = await recordBackup(ctx, {
      backupDir: options.backupDir,
      operation,
      graphUrl: graph.baseUrl,
      credential: options.credential,
      setId: String(step.setId),
      ...(step.object === 'flow' ? { flowId: String(step.flowId) } : {}),
      object,
      ...(flows ? { flows } : {}),
    });
    backups.push(path);
    reporter.info(`backup: ${path}`);
  };
  reporter.info(describeStep(step));
  if (step.object === 'set') {
    if (step.action === 'create') {
      const created = await graph.request('POST', flowSetsPath(), body);
      const id = isRecord(created.body) ? String(created.body.id) : undefined;
      if (!id) throw new InvalidInputError(`Graph created the flow set ${quoted(step.setName)} but did not say its id; run plan to see it, then apply again`);
      createdSets.set(step.setName, id);
      await verify(graph, flowSetPath(id), body, `the flow set ${quoted(step.setName)}`, true);
      reporter.success(`created the flow set ${quoted(step.setName)} (${id})`);
      return id;
    }
    if (step.action === 'update') {
      await backup(w.live ?? {}, 'update');
      await graph.request('PATCH', flowSetPath(String(step.setId)), body);
      await verify(graph, flowSetPath(String(step.setId)), body, `the flow set ${quoted(step.setName)}`, true);
      reporter.success(`updated the flow set ${quoted(step.setName)}`);
      return undefined;
    }
    await backup(w.live ?? {}, 'delete', w.liveFlows);
    await graph.request('DELETE', flowSetPath(String(step.setId)), undefined, { goneAfterRetryIsSuccess: true });
    reporter.success(`deleted the flow set ${quoted(step.setName)} (${String(step.setId)})`);
    return undefined;
  }
  const name = `the ${KIND_NAMES[step.kind ?? 'user']} in ${quoted(step.setName)}`;
  if (step.action === 'create') {
    const setId = step.setId ?? createdSets.get(step.setName);
    if (!setId) throw new InvalidInputError(`${name}: its flow set was not created, so the flow cannot be; nothing more was sent`);
    const created = await graph.request('POST', flowsPath(setId), body);
    const id = isRecord(created.body) ? String(created.body.id) : undefined;
    if (!id) throw new InvalidInputError(`Graph created ${name} but did not say its id; run plan to see it, then apply again`);
    await verify(graph, flowPath(setId, id), body, name, false);
    reporter.success(`created ${name} (${id})`);
    return id;
  }
  const path = flowPath(String(step.setId), String(step.flowId));
  if (step.action === 'update') {
    await backup(w.live ?? {}, 'update');
    await graph.request('PATCH', path, body);
    await verify(graph, path, body, name, false);
    reporter.success(`updated ${name} (${step.changes.length} change${step.changes.length === 1 ? '' : 's'})`);
    return undefined;
  }
  await backup(w.live ?? {}, 'delete');
  await graph.request('DELETE', path, undefined, { goneAfterRetryIsSuccess: true });
  reporter.success(`deleted ${name} (${String(step.flowId)})`);
  return undefined;
}

/** Reads the object back: every member sent must hold (write-only passwords excepted). */
async function verify(graph: GraphClient, path: string, sent: Record<string, unknown>, name: string, isSet: boolean): Promise<void> {
  const read = stripAnnotations((await graph.request('GET', path)).body as Record<string, unknown>);
  const readBack = toUpdateBody(isSet ? withODataType(read, 'flowSet') : read, graph.baseUrl).body;
  const mismatches = verifyMismatches(readBack, sent);
  if (mismatches.length > 0) throw new VerifyError(`${name} does not hold what was sent (${mismatches.length} member${mismatches.length === 1 ? '' : 's'})`, mismatches);
}
