import { settleAll } from '../../settle-all.js';
import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { recordBackup } from '../../backup/backups.js';
import { listAll } from '../../graph/pager.js';
import { flowSetPath, flowsPath } from '../../graph/paths.js';
import { confirmWrite, describeTarget, ensureCanConfirm, type WriteTarget } from '../../ui/confirm.js';
import { flowTypeName } from '../../ui/flow-summary.js';
import type { Reporter } from '../../ui/reporter.js';
import { printDryRun, printPlan } from '../../ui/request-preview.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { quoted } from '../../ui/terminal-text.js';
import { findSet, dryRunNote, offlineUrl, settleSet, type SetSelector } from '../../session/targets.js';

export interface SetsDeleteFlags {
  set: SetSelector;
  yes: boolean;
  /** --plan: online, the exact DELETE; nothing sent, no backup. */
  plan: boolean;
  /** --dry-run: offline, no token: the DELETE as built from the id alone. */
  dryRun: boolean;
  backupDir?: string;
  network: NetworkSettings;
}

export type SetsDeleteOptions = SetsDeleteFlags & { settings: ResolvedSettings };

const WHAT = '`edu-flow sets delete`';

/**
 * `sets delete`: a set goes with every flow in it, so the backup holds both — the set and all its
 * flows (every page), in one file — and `edu-flow restore <file>` recreates them. Offline first
 * (the id, and --yes without a terminal), then the write permission before any read, the set and
 * its flows read, the question naming each flow, the backup, the DELETE.
 */
export async function runSetsDelete(ctx: Context, reporter: Reporter, options: SetsDeleteOptions): Promise<void> {
  const chosen = settleSet(options.set, options.settings);
  if (options.dryRun) {
    printDryRun(
      ctx,
      reporter,
      [{ method: 'DELETE', url: offlineUrl(options.settings.graphUrl.value, chosen) }],
      dryRunNote(
        'Online, edu-flow first reads the set and its flows (a wrong id stops there), asks on a terminal (--yes otherwise) and backs up the set with every flow in it before it sends this DELETE; `--plan` checks all that without sending.',
        chosen,
      ),
    );
    return;
  }
  if (!options.plan) ensureCanConfirm(ctx, options.yes, WHAT);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  const { id: setId } = await findSet(graph, reporter, chosen);
  const [setResponse, flows] = await settleAll([graph.request('GET', flowSetPath(setId)), listAll(graph, flowsPath(setId))]);
  const set = (setResponse.body ?? {}) as Record<string, unknown>;
  const setName = typeof set.displayName === 'string' ? set.displayName : undefined;
  const target: WriteTarget = { tenant: credential.tenant ?? 'unknown', principal: credential.principal ?? 'unknown', source: credential.source, setId, setName };
  const flowLines = flows.map((flow) => `${flowTypeName(flow)} ${String(flow.id)}`);
  const summary =
    flows.length === 0
      ? ['deletes the set; it holds no flows']
      : [`deletes the set and the ${flows.length === 1 ? 'flow' : `${flows.length} flows`} in it:`, ...flowLines.map((line) => `  - ${line}`)];
  const url = `${graph.baseUrl}${flowSetPath(setId)}`;
  if (options.plan) {
    printPlan(reporter, [{ method: 'DELETE', url }], {
      lines: ['Delete:', ...describeTarget(target, summary)],
      extra: {
        operation: 'sets delete',
        setId,
        setName,
        // The names `status` and `login` use for who is signed in where.
        tenant: target.tenant,
        account: target.principal,
        flows: flows.map((flow) => ({ type: flowTypeName(flow), id: flow.id })),
      },
    });
    return;
  }
  await confirmWrite(ctx, reporter, {
    yes: options.yes,
    what: WHAT,
    question: `Delete the flow set ${setId}${setName ? ` (${quoted(setName)})` : ''} and ${flows.length === 1 ? 'its flow' : `its ${flows.length} flows`}?`,
    target,
    summary,
  });
  const backup = await recordBackup(ctx, { backupDir: options.backupDir, operation: 'delete', graphUrl: graph.baseUrl, credential, setId, object: set, flows });
  reporter.info(`backup: ${backup} (the set and its ${flows.length} flow${flows.length === 1 ? '' : 's'}; \`edu-flow restore\` recreates them)`);
  const response = await graph.request('DELETE', flowSetPath(setId), undefined, { goneAfterRetryIsSuccess: true });
  if (response.alreadyGone) reporter.info('note: the retried DELETE found the set already gone: the earlier attempt deleted it');
  reporter.success(`Deleted the flow set ${setId}${setName ? ` (${quoted(setName)})` : ''} and its ${flows.length} flow${flows.length === 1 ? '' : 's'}`);
  reporter.result({
    deleted: true,
    setId,
    flows: flows.map((flow) => ({ type: flowTypeName(flow), id: flow.id })),
    backup,
    requestId: response.requestId,
    clientRequestId: response.clientRequestId,
  });
}
