import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { backupDir, writeBackup } from '../backup/backups.js';
import { compare } from '../change/compare.js';
import { planUpdate, prepareUpdate, type BodyRequest, type UpdatePlan } from '../change/plan.js';
import { KIND_NAMES } from '../body/prepare.js';
import { toUpdateBody } from '../body/update-ready.js';
import { EduFlowError, ExitCode } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath } from '../graph/paths.js';
import type { Reporter } from '../ui/reporter.js';
import { maskPasswords, MASK } from '../ui/secrets.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';
import { printPlan } from './diff.js';

export interface UpdateOptions extends BodyRequest {
  dryRun: boolean;
  /** --plan: show what would change (like `diff`) and send nothing. */
  plan: boolean;
  /** --force: send even when nothing would change. */
  force: boolean;
  /** --verify/--no-verify; undefined: verify when a person watches (stderr is a terminal). */
  verify?: boolean;
  backupDir?: string;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/** Exit 7: the PATCH was accepted but the live flow does not hold what was sent. */
export class VerifyError extends EduFlowError {
  constructor(message: string, details: { pointer: string; message: string }[]) {
    super(ExitCode.verifyFailed, message, { details, hint: 'Graph accepted the PATCH but ignored or changed these members: check them in the SDS portal, or run `edu-flow get`' });
  }
}

/**
 * SPEC §6 update: validate (offline) → token → GET the live flow → compute the change → backup →
 * PATCH → verify. Nothing is sent when nothing would change, unless --force.
 */
export async function runUpdate(ctx: Context, reporter: Reporter, options: UpdateOptions): Promise<void> {
  const offline = await prepareUpdate(ctx, reporter, options, options.settings, !options.dryRun);
  if (options.dryRun) {
    printDryRun(ctx, reporter, `${options.settings.graphUrl.value}${flowPath(offline.setId, offline.flowId)}`, offline.body);
    return;
  }
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const plan = await planUpdate(graph, reporter, offline, options.settings.graphUrl.value);
  if (options.plan) {
    printPlan(reporter, plan);
    return;
  }
  const { setId, flowId } = plan;
  const name = KIND_NAMES[plan.kind];
  for (const pointer of plan.comparison.notReturned) reporter.info(`note: ${pointer} is not returned by the service any more: it cannot be compared`);
  if (plan.comparison.changes.length === 0 && !options.force) {
    reporter.success(`Nothing to change: the ${name} ${flowId} already holds this body (use --force to send it anyway)`);
    if (reporter.format === 'json') reporter.data({ status: null, changed: false, setId, flowId });
    return;
  }
  const backup = await writeBackup(backupDir(options.backupDir, ctx.env), {
    takenAt: ctx.now().toISOString(),
    operation: 'update',
    kind: 'flow',
    graphUrl: options.settings.graphUrl.value,
    setId,
    flowId,
    object: plan.live,
  });
  reporter.info(`backup: ${backup}`);
  reporter.info(`Updating the ${name} ${flowId} in set ${setId} (${plan.comparison.changes.length} change${plan.comparison.changes.length === 1 ? '' : 's'})`);
  const response = await graph.request('PATCH', flowPath(setId, flowId), plan.patch);
  reporter.success(`Updated the ${name} ${flowId} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);

  const verify = options.verify ?? ctx.io.stderrIsTTY;
  if (verify) await verifyUpdate(graph, reporter, plan, options.settings.graphUrl.value);
  if (reporter.format === 'json') {
    reporter.data({ status: response.status, changed: true, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId, backup, verified: verify });
  }
}

/** A GET after the PATCH: every sent member must hold (write-only passwords excepted). */
async function verifyUpdate(graph: GraphClient, reporter: Reporter, plan: UpdatePlan, graphUrl: string): Promise<void> {
  const after = toUpdateBody((await graph.request('GET', flowPath(plan.setId, plan.flowId))).body as Record<string, unknown>, graphUrl).body;
  const { changes } = compare(after, plan.patch);
  const mismatches = changes.filter((change) => !change.pointer.toLowerCase().endsWith('/password'));
  if (mismatches.length > 0) {
    throw new VerifyError(
      `the ${KIND_NAMES[plan.kind]} ${plan.flowId} does not hold what was sent (${mismatches.length} member${mismatches.length === 1 ? '' : 's'})`,
      mismatches.map((m) => ({ pointer: m.pointer, message: `sent ${JSON.stringify(m.after)}, Graph holds ${m.before === undefined ? 'nothing' : JSON.stringify(m.before)}` })),
    );
  }
  reporter.success('Verified: the live flow holds every member sent');
}

/** The PATCH as it would go out, secrets masked (SPEC §6 item 5); needs no token. */
function printDryRun(ctx: Context, reporter: Reporter, url: string, body: Record<string, unknown>): void {
  const headers = {
    Authorization: `Bearer ${MASK}`,
    'Content-Type': 'application/json',
    'client-request-id': randomUUID(),
    'User-Agent': `edu-flow/${ctx.version}`,
  };
  const masked = maskPasswords(body);
  const text = [`PATCH ${url}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', JSON.stringify(masked, null, 2)].join('\n');
  reporter.data({ method: 'PATCH', url, headers, body: masked }, text);
  reporter.info('Dry run: nothing was sent. (Online, only the members that differ from the live flow are changed.)');
}
