import type { Context } from '../context.js';
import { flowPath } from '../graph/paths.js';
import type { Reporter } from '../ui/reporter.js';
import { runDestructiveFlowAction, type DestructiveFlowOptions } from './destructive-flow-action.js';

export type DeleteOptions = DestructiveFlowOptions;

/**
 * SPEC §6 `delete`. A DELETE retried after an unknown outcome that then finds nothing succeeded
 * the first time.
 */
export async function runDelete(ctx: Context, reporter: Reporter, options: DeleteOptions): Promise<void> {
  await runDestructiveFlowAction(ctx, reporter, options, {
    operation: 'delete',
    question: (name, setId, flowId) => `Delete the ${name} ${flowId} in set ${setId}? SDS stops provisioning it.`,
    async run({ graph, setId, flowId, name }) {
      const response = await graph.request('DELETE', flowPath(setId, flowId), undefined, { goneAfterRetryIsSuccess: true });
      if (response.alreadyGone) reporter.info('note: the retried DELETE found the flow already gone: the earlier attempt deleted it');
      reporter.success(`Deleted the ${name} ${flowId} from set ${setId}`);
      if (reporter.format === 'json') reporter.data({ deleted: true, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
    },
  });
}
