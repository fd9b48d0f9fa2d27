import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { checkId, flowPath, resetPath } from '../graph/paths.js';
import { confirmDestructive, ensureCanConfirm } from '../ui/confirm.js';
import { flowTypeName } from '../ui/flow-summary.js';
import type { Reporter } from '../ui/reporter.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';
import { backupDir, writeBackup } from '../backup/backups.js';

export interface ResetOptions {
  setId?: string;
  flowId?: string;
  yes: boolean;
  backupDir?: string;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/**
 * SPEC §6 `reset`: reprovisions all current data as on the first run and clears the flow's errors.
 * A POST: sent once, and re-sent only when it provably never arrived (SPEC §6 item 7).
 */
export async function runReset(ctx: Context, reporter: Reporter, options: ResetOptions): Promise<void> {
  const setId = checkId(options.setId, '--set-id');
  const flowId = checkId(options.flowId, '--flow-id');
  ensureCanConfirm(ctx, options.yes, '`edu-flow reset`');
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const flow = (await graph.request('GET', flowPath(setId, flowId))).body as Record<string, unknown>;
  const name = flowTypeName(flow);
  const confirmAndBackUp = async (question: string): Promise<void> => {
    await confirmDestructive(ctx, { yes: options.yes, question, what: '`edu-flow reset`' });
    const backup = await writeBackup(backupDir(options.backupDir, ctx.env), { takenAt: ctx.now().toISOString(), operation: 'reset', kind: 'flow', graphUrl: options.settings.graphUrl.value, setId, flowId, object: flow });
    reporter.info(`backup: ${backup}`);
  };
  await confirmAndBackUp(`Reset the ${name} ${flowId}? SDS reprovisions all its data as on the first run and clears its errors.`);
  const response = await graph.request('POST', resetPath(setId, flowId));
  reporter.success(`Reset the ${name} ${flowId} (HTTP ${response.status}): SDS reprovisions it on its next run`);
  if (reporter.format === 'json') reporter.data({ reset: true, status: response.status, setId, flowId, requestId: response.requestId, clientRequestId: response.clientRequestId });
}
