import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { checkId, flowPath } from '../graph/paths.js';
import { confirmDestructive, ensureCanConfirm } from '../ui/confirm.js';
import { flowTypeName } from '../ui/flow-summary.js';
import type { Reporter } from '../ui/reporter.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';

export interface DeleteOptions {
  setId?: string;
  flowId?: string;
  yes: boolean;
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
  await confirmDestructive(ctx, {
    yes: options.yes,
    question: `Delete the ${name} ${flowId} in set ${setId}? SDS stops provisioning it.`,
    what: '`edu-flow delete`',
  });
  const response = await graph.request('DELETE', flowPath(setId, flowId), undefined, { goneAfterRetryIsSuccess: true });
  if (response.alreadyGone) reporter.info('note: the retried DELETE found the flow already gone: the earlier attempt deleted it');
  reporter.success(`Deleted the ${name} ${flowId} from set ${setId}`);
  if (reporter.format === 'json') reporter.data({ deleted: true, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
}
