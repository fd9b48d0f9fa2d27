import type { Context } from '../../context.js';
import { flowPath } from '../../graph/paths.js';
import type { Reporter } from '../../ui/reporter.js';
import { runDestructiveFlowAction, type DestructiveFlowOptions } from '../../session/destructive-flow-action.js';

export type DeleteOptions = DestructiveFlowOptions;

/**
 * `delete`: asks on a terminal (--yes otherwise), backs the flow up, then one DELETE. A DELETE
 * retried after an unknown outcome that then finds nothing succeeded the first time.
 */
export async function runDelete(ctx: Context, reporter: Reporter, options: DeleteOptions): Promise<void> {
  await runDestructiveFlowAction(ctx, reporter, options, {
    operation: 'delete',
    request: (setId, flowId) => ({ method: 'DELETE', path: flowPath(setId, flowId) }),
    question: (name, setId, flowId) => `Delete the ${name} ${flowId} in set ${setId}? SDS stops provisioning it.`,
    summary: (name) => [`change:   the ${name} is deleted; SDS stops provisioning it (a backup is written first)`],
    async run({ graph, setId, flowId, name }) {
      const response = await graph.request('DELETE', flowPath(setId, flowId), undefined, { goneAfterRetryIsSuccess: true });
      if (response.alreadyGone) reporter.info('note: the retried DELETE found the flow already gone: the earlier attempt deleted it');
      reporter.success(`Deleted the ${name} ${flowId} from set ${setId}`);
      if (reporter.format === 'json') reporter.data({ deleted: true, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
    },
  });
}
