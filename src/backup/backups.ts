import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../context.js';
import { writeFileAtomic } from '../config/files.js';
import { InvalidInputError } from '../errors.js';
import { stripAnnotations } from '../graph/annotations.js';
import { stateDir } from '../settings.js';
import { maskPasswords } from '../ui/secrets.js';

export type BackupOperation = 'update' | 'delete' | 'reset' | 'restore';

/** What a backup file holds: enough to put the object back with `edu-flow restore`. */
export interface Backup {
  format: 'edu-flow-backup/1';
  takenAt: string;
  operation: BackupOperation;
  kind: 'flow' | 'flowSet';
  graphUrl: string;
  setId: string;
  flowId?: string;
  /** The live object before the operation, annotations dropped, passwords masked. */
  object: Record<string, unknown>;
}

/** `--backup-dir`, else `<state folder>/backups` (SPEC §4). */
export function backupDir(flag: string | undefined, env: Env): string {
  return flag ?? join(stateDir(env), 'backups');
}

/**
 * Before every PATCH, DELETE and reset (issue 6): the live object goes to a file named by time, set,
 * flow and operation, 0600 in a 0700 folder, written atomically. Passwords are masked — a backup
 * never holds a secret — so restoring leaves them as they are.
 */
export async function writeBackup(folder: string, backup: Omit<Backup, 'format' | 'object'> & { object: Record<string, unknown> }): Promise<string> {
  const stamp = backup.takenAt.replace(/:/g, '-');
  const name = `${stamp}_${backup.setId}_${backup.flowId ?? 'set'}_${backup.operation}.json`;
  const path = join(folder, name);
  const content: Backup = { format: 'edu-flow-backup/1', ...backup, object: maskPasswords(stripAnnotations(backup.object)) };
  await writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

export async function readBackup(path: string): Promise<Backup> {
  let parsed: Partial<Backup>;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<Backup>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(code === 'ENOENT' ? `the backup ${path} does not exist` : `the backup ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const valid =
    parsed?.format === 'edu-flow-backup/1' &&
    (parsed.kind === 'flow' || parsed.kind === 'flowSet') &&
    typeof parsed.setId === 'string' &&
    (parsed.kind === 'flowSet' || typeof parsed.flowId === 'string') &&
    parsed.object !== null && typeof parsed.object === 'object' && !Array.isArray(parsed.object);
  if (!valid) throw new InvalidInputError(`${path} is not an edu-flow backup`, { hint: 'backups are the files edu-flow prints as "backup: …" before a change' });
  return parsed as Backup;
}
