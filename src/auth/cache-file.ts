import { basename } from 'node:path';
import { readFile, rename } from 'node:fs/promises';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import { AuthError } from '../errors.js';
import { writeFileAtomic, PRIVATE_FILE_MODE } from '../config/files.js';
import type { CacheLock } from './cache-lock.js';

/** The sections of MSAL's serialized cache; anything else in their place means a damaged file. */
const SECTIONS = ['Account', 'IdToken', 'AccessToken', 'RefreshToken', 'AppMetadata'];

export class CorruptCacheError extends AuthError {
  constructor(
    readonly path: string,
    cause?: unknown,
  ) {
    const profile = basename(path, '.json');
    const login = `edu-flow${profile === 'default' ? '' : ` --profile ${profile}`} login`;
    super(`the token cache ${path} is damaged and cannot be read`, {
      hint: `run \`${login}\` to sign in again; it sets the damaged file aside (\`edu-flow logout\` removes such copies)`,
      cause,
    });
  }
}

export interface FileCacheOptions {
  path: string;
  lock: CacheLock;
  /** `login` repairs a damaged cache: set it aside and start empty instead of failing. */
  repair?: (movedTo: string) => void;
}

/**
 * MSAL's cache plugin over one file per profile: read under the lock before every access,
 * written atomically (0600) after a change, so concurrent processes never see half a file.
 */
export function fileCachePlugin(options: FileCacheOptions): ICachePlugin {
  const { path, lock } = options;
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      await lock.acquire(); // released in afterCacheAccess, which MSAL calls even when this throws
      const text = await readCacheText(path);
      if (text === undefined) return;
      if (!looksLikeCache(text)) {
        if (!options.repair) throw new CorruptCacheError(path);
        const aside = `${path}.damaged-${Date.now()}`;
        await rename(path, aside);
        options.repair(aside);
        return;
      }
      context.tokenCache.deserialize(text);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      try {
        if (context.cacheHasChanged) await writeFileAtomic(path, context.tokenCache.serialize(), PRIVATE_FILE_MODE);
      } finally {
        await lock.release();
      }
    },
  };
}

async function readCacheText(path: string): Promise<string | undefined> {
  try {
    const text = await readFile(path, 'utf8');
    return text.trim() === '' ? undefined : text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AuthError(`cannot read the token cache ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function looksLikeCache(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
  return SECTIONS.every((section) => {
    const value = (parsed as Record<string, unknown>)[section];
    return value === undefined || (value !== null && typeof value === 'object' && !Array.isArray(value));
  });
}
