import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { backupDir, writeBackup } from '../backup/backups.js';
import type { GraphClient } from '../graph/client.js';
import { checkId, flowPath } from '../graph/paths.js';
import { confirmDestructive, ensureCanConfirm } from '../ui/confirm.js';
import { flowTypeName } from '../ui/flow-summary.js';
import type { Reporter } from '../ui/reporter.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';

export interface DestructiveFlowOptions {
  setId?: string;
  flowId?: string;
  yes: boolean;
  backupDir?: string;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

export interface DestructiveTarget {
  graph: GraphClient;
  setId: string;
  flowId: string;
  /** "user provisioning flow", for messages. */
  name: string;
}

/**
 * What `delete` and `reset` share (SPEC §6): ids checked and --yes required without a terminal
 * before any network work; the flow read first (its type goes into the question, and a wrong id
 * fails before anything is asked); confirmation; a backup of the live flow; then the operation.
 */
export async function runDestructiveFlowAction(
  ctx: Context,
  reporter: Reporter,
  options: DestructiveFlowOptions,
  action: { operation: 'delete' | 'reset'; question: (name: string, setId: string, flowId: string) => string; run: (target: DestructiveTarget) => Promise<void> },
): Promise<void> {
  const what = `\`edu-flow ${action.operation}\``;
  const setId = checkId(options.setId, '--set-id');
  const flowId = checkId(options.flowId, '--flow-id');
  ensureCanConfirm(ctx, options.yes, what);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const flow = (await graph.request('GET', flowPath(setId, flowId))).body as Record<string, unknown>;
  const name = flowTypeName(flow);
  await confirmDestructive(ctx, { yes: options.yes, question: action.question(name, setId, flowId), what });
  const backup = await writeBackup(backupDir(options.backupDir, ctx.env), {
    takenAt: ctx.now().toISOString(),
    operation: action.operation,
    kind: 'flow',
    graphUrl: options.settings.graphUrl.value,
    setId,
    flowId,
    object: flow,
  });
  reporter.info(`backup: ${backup}`);
  await action.run({ graph, setId, flowId, name });
}
