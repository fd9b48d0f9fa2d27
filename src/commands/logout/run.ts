import { readdir, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import type { Reporter } from '../../ui/reporter.js';
import { CorruptCacheError } from '../../auth/cache-file.js';

export interface LogoutFlags {
  /** Every profile's accounts, not only the chosen profile's. */
  all: boolean;
}

export type LogoutOptions = LogoutFlags & { settings: ResolvedSettings };

/** `logout [--all]`: the accounts leave the cache; the cache file goes with them. */
export async function runLogout(ctx: Context, reporter: Reporter, options: LogoutOptions): Promise<void> {
  const { tokenCacheDir, SIGN_IN_TIMEOUT_MS } = await import('../../auth/msal-app.js');
  const { openSignIn } = await import('../../auth/sign-in.js');
  const { removeAccountRecord } = await import('../../auth/account-record.js');
  const { createHttp } = await import('../../net/http.js');
  const http = createHttp(ctx);
  const { settings } = options;
  const profiles = options.all ? await cachedProfiles(tokenCacheDir(settings.configDir)) : [settings.profile.value];

  const results: { profile: string; removedAccounts: number; removedDamagedCopies: number }[] = [];
  for (const profile of profiles) {
    const profileSettings: ResolvedSettings = { ...settings, profile: { ...settings.profile, value: profile } };
    const signIn = await openSignIn(ctx, { reporter, http, timeoutMs: SIGN_IN_TIMEOUT_MS }, profileSettings);
    const { removed, damagedCopies } = await signIn.lock.run(async () => {
      // A damaged cache holds no account MSAL can read, but may hold tokens: it goes all the same.
      const count = await signIn.removeAllAccounts().catch((error: unknown) => {
        if (error instanceof CorruptCacheError) return 0;
        throw error;
      });
      await rm(signIn.cachePath, { force: true });
      await removeAccountRecord(settings.configDir, profile);
      // Copies `login` set aside when it found the cache damaged: they may hold tokens too.
      const copies = await damagedCopiesOf(signIn.cachePath);
      for (const copy of copies) await rm(copy, { force: true });
      return { removed: count, damagedCopies: copies.length };
    });
    results.push({ profile, removedAccounts: removed, removedDamagedCopies: damagedCopies });
    if (removed > 0) reporter.success(`Signed out of profile "${profile}" (${removed} account${removed === 1 ? '' : 's'} removed from the token cache)`);
    else reporter.info(`No account was signed in for profile "${profile}"`);
    if (damagedCopies > 0) reporter.info(`Removed ${damagedCopies} damaged cop${damagedCopies === 1 ? 'y' : 'ies'} of profile "${profile}"'s token cache`);
  }
  if (options.all && profiles.length === 0) reporter.info('No profile had a signed-in account');
  if (ctx.env.EDU_FLOW_ACCESS_TOKEN) reporter.warn('EDU_FLOW_ACCESS_TOKEN is still set in this environment: unset it to stop using that token');
  reporter.result({ profiles: results });
}

const DAMAGED_COPY = /^(.+)\.json\.damaged-\d+$/;

/** Profiles with a token cache file (`<profile>.json`, not the `.account.json` records) or a damaged copy of one. */
async function cachedProfiles(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const profiles = names.flatMap((n) => {
    if (n.endsWith('.json') && !n.endsWith('.account.json')) return [n.slice(0, -'.json'.length)];
    const damaged = DAMAGED_COPY.exec(n);
    return damaged ? [damaged[1]] : [];
  });
  return [...new Set(profiles)].sort();
}

/** The `<cache>.damaged-<time>` copies beside a profile's token cache. */
async function damagedCopiesOf(cachePath: string): Promise<string[]> {
  const folder = dirname(cachePath);
  const prefix = `${basename(cachePath)}.damaged-`;
  const names = await readdir(folder).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith(prefix) && /^\d+$/.test(n.slice(prefix.length))).map((n) => join(folder, n));
}
