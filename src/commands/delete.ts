import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { checkId, flowPath } from '../graph/paths.js';
import { confirmDestructive, ensureCanConfirm } from '../ui/confirm.js';
import { flowTypeName } from '../ui/flow-summary.js';
import type { Reporter } from '../ui/reporter.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';
import { backupDir, writeBackup } from '../backup/backups.js';

export interface DeleteOptions {
  setId?: string;
  flowId?: string;
  yes: boolean;
  backupDir?: string;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/**
 * SPEC §6 `delete`: the flow is read first (its type goes into the question, and a wrong id fails
 * before anything is asked), confirmed on a terminal or by --yes, then deleted. A DELETE retried
 * after an unknown outcome that then finds nothing succeeded the first time.
 */
export async function runDelete(ctx: Context, reporter: Reporter, options: DeleteOptions): Promise<void> {
  const setId = checkId(options.setId, '--set-id');
  const flowId = checkId(options.flowId, '--flow-id');
  ensureCanConfirm(ctx, options.yes, '`edu-flow delete`');
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const flow = (await graph.request('GET', flowPath(setId, flowId))).body as Record<string, unknown>;
  const name = flowTypeName(flow);
  const confirmAndBackUp = async (question: string): Promise<void> => {
    await confirmDestructive(ctx, { yes: options.yes, question, what: '`edu-flow delete`' });
    const backup = await writeBackup(backupDir(options.backupDir, ctx.env), { takenAt: ctx.now().toISOString(), operation: 'delete', kind: 'flow', graphUrl: options.settings.graphUrl.value, setId, flowId, object: flow });
    reporter.info(`backup: ${backup}`);
  };
  await confirmAndBackUp(`Delete the ${name} ${flowId} in set ${setId}? SDS stops provisioning it.`);
  const response = await graph.request('DELETE', flowPath(setId, flowId), undefined, { goneAfterRetryIsSuccess: true });
  if (response.alreadyGone) reporter.info('note: the retried DELETE found the flow already gone: the earlier attempt deleted it');
  reporter.success(`Deleted the ${name} ${flowId} from set ${setId}`);
  if (reporter.format === 'json') reporter.data({ deleted: true, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
}
