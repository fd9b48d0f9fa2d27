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

  const lock: CacheLock = {
    async acquire() {
      depth++;
      if (depth > 1) return;
      try {
        // The lock lives beside the cache: the private folder must exist first.
        await ensurePrivateDir(dirname(cachePath));
        const { default: lockfile } = await import('proper-lockfile');
        releaseFile = await lockfile.lock(cachePath, {
          realpath: false,
          lockfilePath,
          stale: STALE_MS,
          retries: WAIT_RETRIES,
          onCompromised: () => warn(`the token cache lock ${lockfilePath} was taken over by another process`),
        });
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
