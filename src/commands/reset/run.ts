import type { Context } from '../../context.js';
import { resetPath } from '../../graph/paths.js';
import type { Reporter } from '../../ui/reporter.js';
import { runDestructiveFlowAction, type DestructiveFlowOptions } from '../../session/destructive-flow-action.js';

export type ResetOptions = DestructiveFlowOptions;

/**
 * `reset`: reprovisions all current data as on the first run and clears the flow's errors. A
 * POST: sent once, and re-sent only when it provably never arrived.
 */
export async function runReset(ctx: Context, reporter: Reporter, options: ResetOptions): Promise<void> {
  await runDestructiveFlowAction(ctx, reporter, options, {
    operation: 'reset',
    request: (setId, flowId) => ({ method: 'POST', path: resetPath(setId, flowId) }),
    question: (name, _setId, flowId) => `Reset the ${name} ${flowId}? SDS reprovisions all its data as on the first run and clears its errors.`,
    summary: () => ['change:   reset: SDS reprovisions all its data as on the first run and clears its errors (a backup is written first)'],
    async run({ graph, setId, flowId, name }) {
      const response = await graph.request('POST', resetPath(setId, flowId));
      reporter.success(`Reset the ${name} ${flowId} (HTTP ${response.status}): SDS reprovisions it on its next run`);
      if (reporter.format === 'json')
        reporter.data({ reset: true, status: response.status, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
    },
  });
}
