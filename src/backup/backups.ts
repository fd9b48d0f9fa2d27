import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, Env } from '../context.js';
import type { Credential } from '../auth/credential.js';
import { writeFileAtomic } from '../config/files.js';
import { InvalidInputError } from '../errors.js';
import { isValidId } from '../body/graph-names.js';
import { ODATA_TYPE_OF, type FlowKind } from '../body/kinds.js';
import { stripAnnotations } from '../graph/annotations.js';
import { stateDir } from '../config/folders.js';

export type BackupOperation = 'update' | 'delete' | 'reset' | 'restore';

/** The format written now. Version 1 files (no tenant, no flows of a set) are still read. */
export const BACKUP_FORMAT = 'edu-flow-backup/2';
const FORMATS = ['edu-flow-backup/1', BACKUP_FORMAT] as const;

/** What a backup file holds: enough to put the object back with `edu-flow restore`. */
export interface Backup {
  format: (typeof FORMATS)[number];
  takenAt: string;
  operation: BackupOperation;
  kind: 'flow' | 'flowSet';
  graphUrl: string;
  /**
   * The tenant the object was read from (version 2). null when the credential did not say;
   * undefined in a version 1 file. Either way restore cannot check the tenant and says so.
   */
  tenant?: string | null;
  setId: string;
  flowId?: string;
  /** The live object before the operation, annotations dropped, passwords masked. */
  object: Record<string, unknown>;
  /** A set's backup (version 2): every flow in the set, each like `object`. */
  flows?: Record<string, unknown>[];
}

/** `--backup-dir`, else `<state folder>/backups`. */
export function backupDir(flag: string | undefined, env: Env): string {
  return flag ?? join(stateDir(env), 'backups');
}

/** What a command knows when it backs something up; recordBackup() adds the rest. */
export interface BackupRequest {
  /** `--backup-dir` as given (undefined: the default folder). */
  backupDir?: string;
  operation: BackupOperation;
  /** The Graph URL the object was read from (graph.baseUrl). */
  graphUrl: string;
  /** The credential of the run (graph.preflightWrite()): its tenant goes into the record. */
  credential?: Pick<Credential, 'tenant'>;
  setId: string;
  /** Present for a flow; absent for a set. */
  flowId?: string;
  /** The object as read from Graph (annotations and passwords are dealt with here). */
  object: Record<string, unknown>;
  /** A set: the flows in it, as read (all pages). */
  flows?: Record<string, unknown>[];
}

/**
 * The one way every command (update, delete, reset, restore, sets update, sets delete) backs up:
 * builds the record — format, time, operation, kind (a flow when flowId is given, else a set),
 * Graph URL, tenant, ids, the object and a set's flows — and writes it. Returns the file's path,
 * for the "backup: …" line the command prints before its write.
 */
export function recordBackup(ctx: Pick<Context, 'env' | 'now'>, request: BackupRequest): Promise<string> {
  return writeBackup(backupDir(request.backupDir, ctx.env), {
    takenAt: ctx.now().toISOString(),
    operation: request.operation,
    kind: request.flowId === undefined ? 'flowSet' : 'flow',
    graphUrl: request.graphUrl,
    tenant: request.credential?.tenant ?? null,
    setId: request.setId,
    ...(request.flowId === undefined ? {} : { flowId: request.flowId }),
    object: request.object,
    ...(request.flows === undefined ? {} : { flows: request.flows }),
  });
}

const clean = (object: Record<string, unknown>): Record<string, unknown> => stripAnnotations(object, { maskPasswords: true });

/**
 * Writes a backup record: the live object to a file named by time, set, flow and operation, 0600
 * in a 0700 folder, written atomically. Passwords are masked (a backup never holds a secret), so
 * restore cannot bring them back and names them instead. Prefer recordBackup(), which fills in the
 * time and the tenant; a record without `tenant` is written with tenant null (unknown).
 */
export async function writeBackup(folder: string, backup: Omit<Backup, 'format'>): Promise<string> {
  const stamp = backup.takenAt.replace(/:/g, '-');
  const name = `${stamp}_${backup.setId}_${backup.flowId ?? 'set'}_${backup.operation}.json`;
  const path = join(folder, name);
  const { flows, tenant, ...rest } = backup;
  const content: Backup = {
    format: BACKUP_FORMAT,
    ...rest,
    tenant: tenant ?? null,
    object: clean(backup.object),
    ...(flows === undefined ? {} : { flows: flows.map(clean) }),
  };
  await writeFileAtomic(path, `${JSON.stringify(content, null, 2)}\n`);
  return path;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Reads and checks a backup file: the format, the kind, and the ids it names (well-formed, so a
 * tampered ".." can never reach a URL path). Anything else is invalid input (exit 3), before any
 * network. The object itself is checked against its schema by the restore.
 */
export async function readBackup(path: string): Promise<Backup> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InvalidInputError(code === 'ENOENT' ? `the backup ${path} does not exist` : `the backup ${path} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const hint = 'backups are the files edu-flow prints as "backup: …" before a change; `edu-flow backups list` shows them';
  const refuse = (why: string): InvalidInputError => new InvalidInputError(`${path} is not a usable edu-flow backup: ${why}; nothing was sent`, { hint });
  if (!isObject(parsed) || !FORMATS.includes(parsed.format as Backup['format'])) throw refuse(`"format" is not ${FORMATS.join(' or ')}`);
  if (parsed.kind !== 'flow' && parsed.kind !== 'flowSet') throw refuse('"kind" is neither "flow" nor "flowSet"');
  if (typeof parsed.setId !== 'string' || !isValidId(parsed.setId)) throw refuse(`"setId" ${JSON.stringify(parsed.setId)} is not a valid id`);
  if (parsed.kind === 'flow' && (typeof parsed.flowId !== 'string' || !isValidId(parsed.flowId))) throw refuse(`"flowId" ${JSON.stringify(parsed.flowId)} is not a valid id`);
  if (parsed.kind === 'flowSet' && parsed.flowId !== undefined) throw refuse('a set backup has no "flowId"');
  if (!isObject(parsed.object)) throw refuse('"object" is not a JSON object');
  if (typeof parsed.graphUrl !== 'string') throw refuse('"graphUrl" is missing');
  if (parsed.tenant !== undefined && parsed.tenant !== null && typeof parsed.tenant !== 'string') throw refuse('"tenant" is not a string');
  if (parsed.flows !== undefined) {
    if (parsed.kind !== 'flowSet' || !Array.isArray(parsed.flows) || !parsed.flows.every(isObject)) throw refuse('"flows" is not a list of flows of a set backup');
    for (const [index, flow] of parsed.flows.entries()) {
      if (flow.id !== undefined && (typeof flow.id !== 'string' || !isValidId(flow.id))) throw refuse(`"flows/${index}/id" ${JSON.stringify(flow.id)} is not a valid id`);
    }
  }
  return parsed as unknown as Backup;
}

/** One line of `backups list`. */
export interface BackupEntry {
  path: string;
  takenAt: string;
  operation: string;
  kind: Backup['kind'];
  setId: string;
  flowId?: string;
  tenant: string | null;
  graphUrl: string;
  /** A set backup: how many flows it holds (undefined in a version 1 file). */
  flows?: number;
}

/**
 * The backups in a folder, newest first (by the time recorded in each), optionally only those of
 * a set and/or flow. Files that are not backups are skipped; a missing folder is an empty list.
 */
export async function listBackups(folder: string, filter: { setId?: string; flowId?: string; flowKind?: FlowKind } = {}): Promise<BackupEntry[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InvalidInputError(`the backup folder ${folder} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  const entries: BackupEntry[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const path = join(folder, name);
    let backup: Backup;
    try {
      backup = await readBackup(path);
    } catch {
      continue;
    }
    if (filter.setId !== undefined && backup.setId !== filter.setId) continue;
    if (filter.flowId !== undefined && backup.flowId !== filter.flowId) continue;
    // A flow backup holds the flow as read, @odata.type included: its type is known offline.
    if (filter.flowKind !== undefined && (backup.kind !== 'flow' || backup.object['@odata.type'] !== ODATA_TYPE_OF[filter.flowKind])) continue;
    entries.push({
      path,
      takenAt: String(backup.takenAt),
      operation: String(backup.operation),
      kind: backup.kind,
      setId: backup.setId,
      ...(backup.flowId === undefined ? {} : { flowId: backup.flowId }),
      tenant: backup.tenant ?? null,
      graphUrl: backup.graphUrl,
      ...(backup.flows === undefined ? {} : { flows: backup.flows.length }),
    });
  }
  return entries.sort((a, b) => (a.takenAt === b.takenAt ? b.path.localeCompare(a.path) : b.takenAt.localeCompare(a.takenAt)));
}
