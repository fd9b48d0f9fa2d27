import { readdir, rm } from 'node:fs/promises';
import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import type { Reporter } from '../../ui/reporter.js';

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

  const results: { profile: string; removedAccounts: number }[] = [];
  for (const profile of profiles) {
    const profileSettings: ResolvedSettings = { ...settings, profile: { ...settings.profile, value: profile } };
    const signIn = await openSignIn(ctx, { reporter, http, timeoutMs: SIGN_IN_TIMEOUT_MS }, profileSettings);
    const removed = await signIn.lock.run(async () => {
      const count = await signIn.removeAllAccounts();
      await rm(signIn.cachePath, { force: true });
      await removeAccountRecord(settings.configDir, profile);
      return count;
    });
    results.push({ profile, removedAccounts: removed });
    if (removed > 0) reporter.success(`Signed out of profile "${profile}" (${removed} account${removed === 1 ? '' : 's'} removed from the token cache)`);
    else reporter.info(`No account was signed in for profile "${profile}"`);
  }
  if (options.all && profiles.length === 0) reporter.info('No profile had a signed-in account');
  if (ctx.env.EDU_FLOW_ACCESS_TOKEN) reporter.warn('EDU_FLOW_ACCESS_TOKEN is still set in this environment: unset it to stop using that token');
  reporter.result({ profiles: results });
}

/** Profiles with a token cache file (`<profile>.json`, not the `.account.json` records). */
async function cachedProfiles(folder: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.endsWith('.account.json'))
    .map((n) => n.slice(0, -'.json'.length))
    .sort();
}
