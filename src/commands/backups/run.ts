import type { Context } from '../../context.js';
import type { FlowKind } from '../../body/kinds.js';
import { backupDir, listBackups } from '../../backup/backups.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTable } from '../../ui/table.js';

/** `backups list`: offline, newest first; a table on a terminal, JSON otherwise. */
export interface BackupsListFlags {
  /** Only the backups of this set (and of this flow). */
  setId?: string;
  flowId?: string;
  /** --flow-type: only backups of flows of this type. */
  flowKind?: FlowKind;
  backupDir?: string;
}

export async function runBackupsList(ctx: Context, reporter: Reporter, options: BackupsListFlags): Promise<void> {
  const { setId, flowId, flowKind } = options;
  const folder = backupDir(options.backupDir, ctx.env);
  const entries = await listBackups(folder, { setId, flowId, flowKind });
  const rows = entries.map((e) => [
    e.takenAt,
    e.operation,
    e.kind === 'flow' ? 'flow' : `set${e.flows === undefined ? '' : ` (${e.flows} flows)`}`,
    e.setId,
    e.flowId ?? '-',
    e.tenant ?? 'unknown',
    e.path,
  ]);
  reporter.data(entries, entries.length ? renderTable(['TAKEN', 'BEFORE', 'KIND', 'SET', 'FLOW', 'TENANT', 'FILE'], rows, reporter.tableWidth) : `No backups in ${folder}.`);
}
