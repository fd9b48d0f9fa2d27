import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { backupDir, readBackup, writeBackup, type Backup } from '../backup/backups.js';
import { compare } from '../change/compare.js';
import { toUpdateBody } from '../graph/update-ready.js';
import { isRecord } from '../body/is-record.js';
import { GraphError } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath, flowSetPath, flowSetsPath, flowsPath } from '../graph/paths.js';
import type { Reporter } from '../ui/reporter.js';
import { openGraph } from './graph-session.js';
import type { NetworkSettings } from './network-options.js';

export interface RestoreOptions {
  file: string;
  backupDir?: string;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

/**
 * `edu-flow restore <backup>` (issue 6): the saved object goes back — a PATCH when it still exists
 * (itself backed up first), a POST when it was deleted (Graph gives it a new id). Passwords were
 * masked in the backup, so they are left out and stay as they are.
 */
export async function runRestore(ctx: Context, reporter: Reporter, options: RestoreOptions): Promise<void> {
  const backup = await readBackup(options.file);
  const graphUrl = options.settings.graphUrl.value;
  if (backup.graphUrl !== graphUrl) reporter.warn(`the backup was taken from ${backup.graphUrl}; restoring to ${graphUrl}`);
  const { body, notes } = toUpdateBody(backup.object, graphUrl);
  for (const note of notes) reporter.warn(`${note} (the backup holds no password)`);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const itemPath = backup.kind === 'flow' ? flowPath(backup.setId, backup.flowId as string) : flowSetPath(backup.setId);
  const what = backup.kind === 'flow' ? `flow ${backup.flowId} in set ${backup.setId}` : `flow set ${backup.setId}`;

  const current = await readCurrent(graph, itemPath);
  if (!current) {
    const response = await graph.request('POST', backup.kind === 'flow' ? flowsPath(backup.setId) : flowSetsPath(), body);
    const created = isRecord(response.body) ? response.body : {};
    reporter.success(`The ${what} no longer existed: created again as ${String(created.id ?? '?')} (Graph gives a new id)`);
    if (reporter.format === 'json') reporter.data({ restored: true, created: true, id: created.id, requestId: response.requestId });
    return;
  }
  const currentBody = toUpdateBody(current, graphUrl).body;
  // Members the backup lacks (a filter added since, say) are cleared: the saved state, whole.
  const patch: Record<string, unknown> = { ...body };
  if (backup.kind === 'flowSet' && !('filter' in patch)) patch.filter = null;
  const { changes } = compare(currentBody, patch);
  if (changes.length === 0) {
    reporter.success(`The ${what} already holds the backed-up state: nothing was sent`);
    if (reporter.format === 'json') reporter.data({ restored: true, changed: false });
    return;
  }
  const saved = await writeBackup(backupDir(options.backupDir, ctx.env), snapshotOf(ctx, backup, current, graphUrl));
  reporter.info(`backup of the current state: ${saved}`);
  const response = await graph.request('PATCH', itemPath, patch);
  reporter.success(`Restored the ${what} from ${options.file} (${changes.length} change${changes.length === 1 ? '' : 's'}, HTTP ${response.status})`);
  if (reporter.format === 'json') reporter.data({ restored: true, changed: true, backup: saved, requestId: response.requestId, clientRequestId: response.clientRequestId });
}

async function readCurrent(graph: GraphClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await graph.request('GET', path)).body as Record<string, unknown>;
  } catch (error) {
    if (error instanceof GraphError && error.info.status === 404) return undefined;
    throw error;
  }
}

function snapshotOf(ctx: Context, backup: Backup, current: Record<string, unknown>, graphUrl: string) {
  return { takenAt: ctx.now().toISOString(), operation: 'restore' as const, kind: backup.kind, graphUrl, setId: backup.setId, flowId: backup.flowId, object: current };
}
