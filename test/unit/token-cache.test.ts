import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TokenCacheContext } from '@azure/msal-node';
import { CorruptCacheError, fileCachePlugin } from '../../src/auth/cache-file.js';
import { createCacheLock } from '../../src/auth/cache-lock.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edu-flow-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Just enough of MSAL's TokenCacheContext: what the plugin reads and writes. */
function fakeContext(serialized: string, changed: boolean) {
  const seen: string[] = [];
  const context = {
    cacheHasChanged: changed,
    tokenCache: { deserialize: (text: string) => seen.push(text), serialize: () => serialized },
  } as unknown as TokenCacheContext;
  return { context, seen };
}

const VALID = JSON.stringify({ Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} });

describe('the cache plugin', () => {
  test('reads the file before access and writes it atomically (0600 in 0700) after a change', async () => {
    const path = join(dir, 'token-cache', 'default.json');
    const plugin = fileCachePlugin({ path, lock: createCacheLock(path, () => {}) });
    const first = fakeContext(VALID, true);
    await plugin.beforeCacheAccess(first.context);
    expect(first.seen).toEqual([]); // no file yet
    await plugin.afterCacheAccess(first.context);
    expect(readFileSync(path, 'utf8')).toBe(VALID);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'token-cache')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(dir, 'token-cache')).filter((n) => n.endsWith('.tmp'))).toEqual([]);

    const second = fakeContext('{"changed": false}', false);
    await plugin.beforeCacheAccess(second.context);
    await plugin.afterCacheAccess(second.context);
    expect(second.seen).toEqual([VALID]);
    expect(readFileSync(path, 'utf8')).toBe(VALID); // unchanged cache: not rewritten
    expect(existsSync(`${path}.lock`)).toBe(false); // lock released
  });

  test.each([['not json {'], ['[]'], ['{"AccessToken": 5}'], ['null']])('a damaged file %p is exit 4 naming the file and login', async (text) => {
    const path = join(dir, 'c.json');
    writeFileSync(path, text);
    const plugin = fileCachePlugin({ path, lock: createCacheLock(path, () => {}) });
    const { context } = fakeContext(VALID, false);
    const error = await plugin.beforeCacheAccess(context).then(
      () => undefined,
      (e: unknown) => e,
    );
    await plugin.afterCacheAccess(context); // MSAL calls it in a finally: the lock must be released
    expect(error).toBeInstanceOf(CorruptCacheError);
    expect((error as CorruptCacheError).exitCode).toBe(4);
    expect((error as Error).message).toContain(path);
    expect((error as CorruptCacheError).hint).toMatch(/run `edu-flow( --profile \S+)? login`/);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test('login repairs a damaged file: set aside, then a fresh cache', async () => {
    const path = join(dir, 'c.json');
    writeFileSync(path, 'garbage');
    const moved: string[] = [];
    const plugin = fileCachePlugin({ path, lock: createCacheLock(path, () => {}), repair: (to) => moved.push(to) });
    const { context, seen } = fakeContext(VALID, true);
    await plugin.beforeCacheAccess(context);
    await plugin.afterCacheAccess(context);
    expect(seen).toEqual([]);
    expect(moved).toHaveLength(1);
    expect(readFileSync(moved[0], 'utf8')).toBe('garbage');
    expect(readFileSync(path, 'utf8')).toBe(VALID);
  });
});

describe('the cache lock', () => {
  test('critical sections of separate lock holders never overlap', async () => {
    const path = join(dir, 'token-cache', 'p.json');
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        createCacheLock(path, () => {}).run(async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 15));
          order.push(i);
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('re-entrant within one holder, released only by the outermost', async () => {
    const path = join(dir, 'r.json');
    const lock = createCacheLock(path, () => {});
    await lock.acquire();
    await lock.acquire();
    await lock.release();
    expect(existsSync(`${path}.lock`)).toBe(true);
    await lock.release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test('a stale lock left by a crashed process is taken over', async () => {
    const path = join(dir, 's.json');
    const lockDir = `${path}.lock`;
    const { mkdirSync, utimesSync } = await import('node:fs');
    mkdirSync(lockDir);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lockDir, old, old);
    await createCacheLock(path, () => {}).run(async () => undefined);
    expect(existsSync(lockDir)).toBe(false);
  });
});
