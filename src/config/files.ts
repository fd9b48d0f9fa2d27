import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** Owner-only: the folder that holds the token cache and config. */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates the folder (and parents) owner-only. An existing folder is tightened to 0700 too:
 * a cache must never sit in a folder other users can list or write. No-op for modes on Windows.
 */
export async function ensurePrivateDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (process.platform !== 'win32') await chmod(path, PRIVATE_DIR_MODE);
}

/**
 * Writes a whole file or nothing: a temp file beside the target (same file system), flushed to
 * disk, then renamed over it. A reader sees the old or the new content, never half of either,
 * and a crash mid-write leaves the old file intact.
 */
export async function writeFileAtomic(path: string, data: string, mode = PRIVATE_FILE_MODE): Promise<void> {
  await ensurePrivateDir(dirname(path));
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', mode);
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
    throw error;
  }
}
