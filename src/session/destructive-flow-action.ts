import { settleAll } from '../settle-all.js';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { recordBackup } from '../backup/backups.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath, flowSetPath } from '../graph/paths.js';
import { confirmWrite, describeTarget, ensureCanConfirm, type WriteTarget } from '../ui/confirm.js';
import { flowTypeName } from '../ui/flow-summary.js';
import type { Reporter } from '../ui/reporter.js';
import { printDryRun, printPlan, type PlannedRequest } from '../ui/request-preview.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';
import { findTarget, dryRunNote, offlineUrl, settleSet, type FlowSelector, type SetSelector } from './targets.js';

export interface DestructiveFlowFlags {
  set: SetSelector;
  flow: FlowSelector;
  yes: boolean;
  /** --plan: online, the exact request that would be sent; nothing sent, no backup. */
  plan: boolean;
  /** --dry-run: offline, no token: the request as built from the ids alone. */
  dryRun: boolean;
  backupDir?: string;
  network: NetworkSettings;
}

export type DestructiveFlowOptions = DestructiveFlowFlags & { settings: ResolvedSettings };

export interface DestructiveTarget {
  graph: GraphClient;
  setId: string;
  flowId: string;
  /** "user provisioning flow", for messages. */
  name: string;
}

export interface DestructiveAction {
  operation: 'delete' | 'reset';
  /** The request the operation sends (no body for either). */
  request: (setId: string, flowId: string) => { method: 'DELETE' | 'POST'; path: string };
  question: (name: string, setId: string, flowId: string) => string;
  /** What the write does, shown under the target before the question. */
  summary: (name: string) => string[];
  run: (target: DestructiveTarget) => Promise<void>;
}

/**
 * What `delete` and `reset` share. Offline first: ids checked, and --yes required without a
 * terminal, before any network work. Then the write permission (a read-only token is refused
 * before any read), the flow and its set read side by side (the flow's type and the set's name go
 * into the question, and a wrong id fails before anything is asked), confirmation, a backup of
 * the live flow, and the operation. --plan stops before the confirmation; --dry-run never goes online.
 */
export async function runDestructiveFlowAction(ctx: Context, reporter: Reporter, options: DestructiveFlowOptions, action: DestructiveAction): Promise<void> {
  const what = `\`edu-flow ${action.operation}\``;
  const chosenSet = settleSet(options.set, options.settings);
  if (options.dryRun) {
    // The request's path past the flow's own ("/reset" or nothing), for a URL that may hold placeholders.
    const sample = action.request('s', 'f');
    const planned: PlannedRequest = {
      method: sample.method,
      url: offlineUrl(options.settings.graphUrl.value, chosenSet, options.flow, sample.path.slice(flowPath('s', 'f').length)),
    };
    printDryRun(
      ctx,
      reporter,
      [planned],
      dryRunNote(
        `Online, edu-flow first reads the flow (a wrong id stops there), asks for confirmation on a terminal (--yes otherwise) and backs the flow up before it sends this ${sample.method}; \`--plan\` checks all that without sending.`,
        chosenSet,
        options.flow,
      ),
    );
    return;
  }
  if (!options.plan) ensureCanConfirm(ctx, options.yes, what);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  const { setId, flowId } = await findTarget(graph, reporter, chosenSet, options.flow);
  const { method, path } = action.request(setId, flowId);
  const [flowResponse, setResponse] = await settleAll([graph.request('GET', flowPath(setId, flowId)), graph.request('GET', flowSetPath(setId))]);
  const flow = flowResponse.body as Record<string, unknown>;
  const set = (setResponse.body ?? {}) as Record<string, unknown>;
  const name = flowTypeName(flow);
  const target: WriteTarget = {
    tenant: credential.tenant ?? 'unknown',
    principal: credential.principal ?? 'unknown',
    source: credential.source,
    setId,
    setName: typeof set.displayName === 'string' ? set.displayName : undefined,
    flowType: name,
    flowId,
  };
  const summary = action.summary(name);
  if (options.plan) {
    printPlan(reporter, [{ method, url: `${graph.baseUrl}${path}` }], {
      lines: [`${action.operation === 'delete' ? 'Delete' : 'Reset'}:`, ...describeTarget(target, summary)],
      extra: { operation: action.operation, setId, flowId, setName: target.setName, flowType: name, tenant: target.tenant, account: target.principal },
    });
    return;
  }
  await confirmWrite(ctx, reporter, { yes: options.yes, what, question: action.question(name, setId, flowId), target, summary });
  const backup = await recordBackup(ctx, { backupDir: options.backupDir, operation: action.operation, graphUrl: graph.baseUrl, credential, setId, flowId, object: flow });
  reporter.info(`backup: ${backup}`);
  await action.run({ graph, setId, flowId, name });
}
