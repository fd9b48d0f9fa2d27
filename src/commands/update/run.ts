import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { recordBackup } from '../../backup/backups.js';
import { VerifyError, verifyMismatches } from '../../change/verify.js';
import { ExitCode } from '../../errors.js';
import { describeLosses, guardPasswords } from '../../change/password-guard.js';
import { planUpdate, prepareUpdate, type UpdatePlan } from '../../change/plan.js';
import type { TargetedBodyRequest } from '../body-flags.js';
import { findTarget, dryRunNote, offlineUrl, settleSet } from '../../session/targets.js';
import { countChanges, renderChanges } from '../../change/render-changes.js';
import { KIND_NAMES } from '../../body/prepare.js';
import { toUpdateBody } from '../../graph/update-ready.js';
import type { GraphClient } from '../../graph/client.js';
import { flowPath } from '../../graph/paths.js';
import { roleGroupCacheFor } from '../../graph/role-group-cache.js';
import type { Reporter } from '../../ui/reporter.js';
import { printDryRun, printPlan } from '../../ui/request-preview.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { describePlan } from '../../change/describe-plan.js';

export interface UpdateFlags extends TargetedBodyRequest {
  dryRun: boolean;
  /** --plan: the exact PATCH that would be sent, computed online; sends nothing. */
  plan: boolean;
  /** --force: send every member the body touches, even when nothing would change. */
  force: boolean;
  /** --drop-default-passwords: let the PATCH remove live default passwords it does not supply. */
  dropDefaultPasswords: boolean;
  /** --verify/--no-verify; undefined: verify when a person watches (stderr is a terminal). */
  verify?: boolean;
  backupDir?: string;
  /** --wait-run: after the update, wait this long at most for the run that covers it. */
  waitRunMs?: number;
  network: NetworkSettings;
}

export type UpdateOptions = UpdateFlags & { settings: ResolvedSettings };

const DRY_RUN_NOTE =
  'The body shown is the offline one: online, edu-flow first reads the live flow, completes each member the body touches from it, and sends only the members that change (`--plan` shows that exact request).';

/**
 * validate (offline) → token → write permission → GET the live flow → the minimal PATCH → the
 * password guard → backup → PATCH → verify. Nothing is sent when nothing would change, unless --force.
 */
export async function runUpdate(ctx: Context, reporter: Reporter, options: UpdateOptions): Promise<number> {
  const set = settleSet(options.set, options.settings);
  const offline = await prepareUpdate(ctx, reporter, options, options.settings, !options.dryRun);
  if (options.dryRun) {
    const note = dryRunNote(offline.kindFrom === 'live' ? `${DRY_RUN_NOTE} The body names no flow type: online it takes the live flow's.` : DRY_RUN_NOTE, set, options.flow);
    printDryRun(ctx, reporter, [{ method: 'PATCH', url: offlineUrl(options.settings.graphUrl.value, set, options.flow), body: offline.body }], note);
    return ExitCode.ok;
  }
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  const target = await findTarget(graph, reporter, set, options.flow);
  const roleGroups = roleGroupCacheFor(ctx, options.settings, graph.baseUrl, credential);
  const plan = await planUpdate(graph, reporter, offline, target, { force: options.force, roleGroups });
  const url = (graphUrl: string): string => `${graphUrl}${flowPath(plan.setId, plan.flowId)}`;
  const dropped = guardPasswords(plan.live, plan.patch, { allowDrop: options.dropDefaultPasswords });
  const { setId, flowId } = plan;
  const name = KIND_NAMES[plan.kind];
  const changes = plan.comparison.changes;
  const willSend = changes.length > 0 || options.force;

  if (options.plan) {
    const view = describePlan(plan, reporter.color);
    printPlan(reporter, willSend ? [{ method: 'PATCH', url: url(graph.baseUrl), body: plan.patch }] : [], { lines: view.lines, extra: view.value });
    return ExitCode.ok;
  }
  for (const pointer of plan.comparison.notReturned) reporter.info(`note: ${pointer} is not returned by the service any more: it cannot be compared`);
  if (!willSend) {
    reporter.success(`Nothing to change: the ${name} ${flowId} already holds this body (use --force to send it anyway)`);
    if (options.waitRunMs !== undefined) return waitForRun(ctx, reporter, graph, plan, options.waitRunMs, { status: null, changed: false, setId, flowId });
    reporter.result({ status: null, changed: false, setId, flowId });
    return ExitCode.ok;
  }
  const backup = await recordBackup(ctx, { backupDir: options.backupDir, operation: 'update', graphUrl: graph.baseUrl, credential, setId, flowId, object: plan.live });
  reporter.info(`backup: ${backup}`);
  reporter.info(`Updating the ${name} ${flowId} in set ${setId} (${countChanges(changes.length)}; sending ${sentMembers(plan.patch)})`);
  if (changes.length > 0) reporter.info(renderChanges(changes, reporter.color));
  for (const line of describeLosses(dropped)) reporter.warn(line);
  const response = await graph.request('PATCH', flowPath(setId, flowId), plan.patch);
  reporter.success(`Updated the ${name} ${flowId} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);

  const verify = options.verify ?? ctx.io.stderrIsTTY;
  if (verify) await verifyUpdate(graph, reporter, plan);
  const outcome = {
    status: response.status,
    changed: true,
    setId,
    flowId,
    requestId: response.requestId,
    clientRequestId: response.clientRequestId,
    backup,
    verified: verify,
    changes: changes.length,
    sent: Object.keys(plan.patch).filter((key) => key !== '@odata.type'),
    passwordsRemoved: dropped.map((loss) => loss.roleGroup),
  };
  if (options.waitRunMs !== undefined) return waitForRun(ctx, reporter, graph, plan, options.waitRunMs, outcome);
  reporter.result(outcome);
  return ExitCode.ok;
}

/** --wait-run: the run that covers the flow's last change, reported; the result gains a `run` member. */
async function waitForRun(
  ctx: Context,
  reporter: Reporter,
  graph: GraphClient,
  target: { setId: string; flowId: string },
  maxWaitMs: number,
  outcome: Record<string, unknown>,
): Promise<number> {
  const { waitAndReport, waitResultValue } = await import('../../runs/wait-report.js');
  const { exitCode, result } = await waitAndReport(ctx, reporter, graph, { setId: target.setId, flowId: target.flowId }, maxWaitMs);
  reporter.result({ ...outcome, run: waitResultValue(result) });
  return exitCode;
}

const sentMembers = (patch: Record<string, unknown>): string => {
  const members = Object.keys(patch).filter((key) => key !== '@odata.type');
  return members.length ? members.join(', ') : 'only @odata.type';
};

/** A GET after the PATCH: every sent member must hold (write-only passwords excepted). */
async function verifyUpdate(graph: GraphClient, reporter: Reporter, plan: UpdatePlan): Promise<void> {
  const after = toUpdateBody((await graph.request('GET', flowPath(plan.setId, plan.flowId))).body as Record<string, unknown>, graph.baseUrl).body;
  const mismatches = verifyMismatches(after, plan.patch);
  if (mismatches.length > 0) {
    throw new VerifyError(`the ${KIND_NAMES[plan.kind]} ${plan.flowId} does not hold what was sent (${mismatches.length} member${mismatches.length === 1 ? '' : 's'})`, mismatches);
  }
  reporter.success('Verified: the live flow holds every member sent');
}
