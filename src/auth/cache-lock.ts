import { rmSync } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../config/files.js';
import { AuthError } from '../errors.js';

/**
 * One edu-flow process at a time may read-refresh-write a profile's token cache. Refresh tokens
 * are single-use: two processes refreshing with the same one would leave one of them, and perhaps
 * the cache, with a dead token. The lock (proper-lockfile: an atomic mkdir, kept fresh while
 * held, taken over when stale after a crash) serialises them; a waiting process then finds the
 * new token in the cache instead of refreshing again.
 *
 * Re-entrant within a process: the token provider holds it around a whole silent sign-in while
 * MSAL's cache plugin asks for it again around each read and write.
 */
export interface CacheLock {
  acquire(): Promise<void>;
  release(): Promise<void>;
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** Longest wait for another process's sign-in before giving up. */
const WAIT_RETRIES = { retries: 400, minTimeout: 20, maxTimeout: 200, factor: 1.2, randomize: true };
/** A lock not refreshed for this long belongs to a process that died: take it over. */
const STALE_MS = 20_000;

export function createCacheLock(cachePath: string, warn: (message: string) => void): CacheLock {
  let depth = 0;
  let releaseFile: (() => Promise<void>) | undefined;
  const lockfilePath = `${cachePath}.lock`;
  const ownerPath = `${cachePath}.lock-owner`;
  const removeOwnerOnExit = (): void => rmSync(ownerPath, { force: true });

  const lock: CacheLock = {
    async acquire() {
      depth++;
      if (depth > 1) return;
      try {
        // The lock lives beside the cache: the private folder must exist first.
        await ensurePrivateDir(dirname(cachePath));
        await removeLockOfDeadProcess(lockfilePath, ownerPath);
        const { default: lockfile } = await import('proper-lockfile');
        releaseFile = await lockfile.lock(cachePath, {
          realpath: false,
          lockfilePath,
          stale: STALE_MS,
          retries: WAIT_RETRIES,
          onCompromised: () => warn(`the token cache lock ${lockfilePath} was taken over by another process`),
        });
        // Who holds it: a process that finds the lock and this process gone takes it over at once.
        await writeFile(ownerPath, `${process.pid} ${hostname()}\n`, { mode: 0o600 }).catch(() => undefined);
        // An interrupted run (Ctrl-C, SIGTERM) exits without releasing: proper-lockfile removes the
        // lock then, and this removes the owner file with it.
        process.once('exit', removeOwnerOnExit);
      } catch (error) {
        depth--;
        throw new AuthError(`the token cache is locked by another edu-flow process (${lockfilePath})`, {
          hint: `wait for it to finish; if no edu-flow is running, delete ${lockfilePath}`,
          cause: error,
        });
      }
    },
    async release() {
      if (depth === 0) return;
      depth--;
      if (depth > 0) return;
      const release = releaseFile;
      releaseFile = undefined;
      process.off('exit', removeOwnerOnExit);
      await rm(ownerPath, { force: true }).catch(() => undefined);
      await release?.().catch(() => undefined);
    },
    async run(fn) {
      await lock.acquire();
      try {
        return await fn();
      } finally {
        await lock.release();
      }
    },
  };
  return lock;
}

/**
 * A lock left by a process that was killed on this machine is removed at once instead of waiting
 * for it to go stale (20 s): its owner file (beside the lock) names a process id that no longer runs. Removed only
 * when the lock is still the same one (its folder unchanged since the owner was read), so a lock
 * another process has just taken is never touched. A lock without an owner file, or from another
 * machine, is left to the staleness rule.
 */
async function removeLockOfDeadProcess(lockfilePath: string, ownerPath: string): Promise<void> {
  try {
    const before = await stat(lockfilePath);
    const [pid, host] = (await readFile(ownerPath, 'utf8')).trim().split(' ');
    if (host !== hostname() || !/^\d+$/.test(pid) || Number(pid) === process.pid || isRunning(Number(pid))) return;
    const after = await stat(lockfilePath);
    if (after.mtimeMs !== before.mtimeMs || after.ino !== before.ino) return;
    await rm(lockfilePath, { recursive: true, force: true });
    await rm(ownerPath, { force: true });
  } catch {
    // No lock, no owner file, or it changed under us: the normal rules apply.
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
