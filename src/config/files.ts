import type { Stats } from 'node:fs';
import { chmod, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { LocalFileError } from '../errors.js';

/** Owner-only: the folder that holds the token cache and config. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * The folder for the token cache, settings or backups: created owner-only (0700, parents too) when
 * it does not exist. An existing folder is never changed (it may be a team share, or $HOME): it is
 * used as it is when no one else can write to it (the files inside are 0600 anyway), and refused
 * when others can, since they could replace or read-swap what edu-flow keeps there.
 */
export async function ensurePrivateDir(path: string): Promise<void> {
  let info: Stats | undefined;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (info === undefined) {
    await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
    return;
  }
  if (!info.isDirectory()) throw new LocalFileError(`${path} is not a folder`, { hint: 'point edu-flow at a folder (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR or --backup-dir)' });
  if (process.platform !== 'win32' && (info.mode & 0o022) !== 0) {
    const mode = (info.mode & 0o7777).toString(8).padStart(4, '0');
    throw new LocalFileError(`${path} can be written by other users (mode ${mode}): edu-flow keeps tokens, settings and backups only in a folder no one else can change`, {
      hint: `remove their write permission (chmod go-w ${path}), or point edu-flow at a folder of your own (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR or --backup-dir); edu-flow never changes the mode of a folder it did not create`,
    });
  }
}

/**
 * Writes a whole file or nothing (in a private folder unless told `shared`): a temp file beside the target (same file system), flushed to
 * disk, then renamed over it, and the folder flushed so the rename itself survives a crash. A
 * reader sees the old or the new content, never half of either, and a failure (a full disk, say)
 * leaves the old file intact and no temp file behind. A failure names the target file.
 */
export async function writeFileAtomic(path: string, data: string, mode = PRIVATE_FILE_MODE, folderKind: 'private' | 'shared' = 'private'): Promise<void> {
  const folder = dirname(path);
  // A shared folder (an export meant for git) is made as any folder is, and used as it is.
  if (folderKind === 'private') await ensurePrivateDir(folder);
  else await mkdir(folder, { recursive: true });
  // node:crypto loaded here, not with the module: reading settings (every command) needs none of it.
  const { randomBytes } = await import('node:crypto');
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode).catch((error: unknown) => {
    throw naming(error, path);
  });
  try {
    try {
      await handle.writeFile(data, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (process.platform !== 'win32') await chmod(temp, mode); // umask may have narrowed or widened it
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw naming(error, path);
  }
  await syncFolder(folder);
}

/** Flushes a folder's entries (the rename just made) to disk; where the OS cannot, nothing is lost but that. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r').catch(() => undefined);
  if (handle === undefined) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder; the file itself was flushed already.
  } finally {
    await handle.close();
  }
}

/** A write error (fd-based ones carry no path) with the file it was for, so the message names it. */
function naming(error: unknown, path: string): unknown {
  if (typeof error === 'object' && error !== null && typeof (error as NodeJS.ErrnoException).code === 'string') Object.assign(error, { path });
  return error;
}
