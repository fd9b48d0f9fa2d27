import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Env } from '../context.js';
import { writeFileAtomic } from '../config/files.js';
import { stateDir } from '../config/folders.js';

/**
 * The tenant's role-group ids, kept for a short while per profile, so an update that binds only
 * known groups needs no read of them: two requests instead of three. A bind that names a group
 * not in the cache reads them again (a new group is seen at once); a group deleted meanwhile is
 * refused by Graph on the write. The file is private (0600 in a 0700 folder), written atomically,
 * and anything wrong with it — missing, damaged, another Graph or tenant, too old — is a miss.
 */
export interface RoleGroupCache {
  load(): Promise<{ ids: string[]; ageMs: number } | undefined>;
  save(ids: string[]): Promise<void>;
}

/** How long the ids are trusted. Role groups change rarely; a new one is read at once anyway. */
export const ROLE_GROUP_CACHE_TTL_MS = 10 * 60 * 1000;
const FORMAT = 'edu-flow-role-groups/1';

export interface RoleGroupCacheKey {
  env: Env;
  profile: string;
  graphUrl: string;
  /** The tenant the credential is for (a token's tid), or the tenant setting when unknown. */
  tenant: string;
  now: () => Date;
}

export function roleGroupCachePath(env: Env, profile: string): string {
  return join(stateDir(env), 'cache', `${profile}.role-groups.json`);
}

export function fileRoleGroupCache(key: RoleGroupCacheKey): RoleGroupCache {
  const path = roleGroupCachePath(key.env, key.profile);
  return {
    async load() {
      try {
        const saved = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
        const ageMs = key.now().getTime() - Date.parse(String(saved.fetchedAt));
        const ids = saved.ids;
        if (saved.format !== FORMAT || saved.graphUrl !== key.graphUrl || saved.tenant !== key.tenant) return undefined;
        if (!(ageMs >= 0 && ageMs < ROLE_GROUP_CACHE_TTL_MS) || !Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
        return { ids, ageMs };
      } catch {
        return undefined;
      }
    },
    async save(ids) {
      const record = { format: FORMAT, graphUrl: key.graphUrl, tenant: key.tenant, fetchedAt: key.now().toISOString(), ids };
      // A cache that cannot be written (a read-only or full disk) only costs the next run a read.
      await writeFileAtomic(path, `${JSON.stringify(record)}\n`).catch(() => {});
    },
  };
}

/** The cache of the run's profile, Graph and tenant. */
export function roleGroupCacheFor(
  ctx: { env: Env; now: () => Date },
  settings: { profile: { value: string }; tenant: { value: string } },
  graphUrl: string,
  credential: { tenant?: string },
): RoleGroupCache {
  return fileRoleGroupCache({ env: ctx.env, profile: settings.profile.value, graphUrl, tenant: credential.tenant ?? settings.tenant.value, now: ctx.now });
}
