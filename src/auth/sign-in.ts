import type { AccountInfo, AuthenticationResult, PublicClientApplication } from '@azure/msal-node';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { AuthError } from '../errors.js';
import { startSpinner } from '../ui/spinner.js';
import { readAccountRecord, writeAccountRecord, type AccountRecord } from './account-record.js';
import { fileCachePlugin } from './cache-file.js';
import { createCacheLock, type CacheLock } from './cache-lock.js';
import { fromMsalError } from './msal-errors.js';
import { cachePathFor, createPublicClient, DEFAULT_SCOPES, type MsalDeps } from './msal-app.js';

/**
 * A profile's delegated sign-in: MSAL's public client over the profile's token cache file, with
 * the cache lock. login, logout, status and the token provider all go through this one object.
 */
export interface SignIn {
  cachePath: string;
  lock: CacheLock;
  /** The account this profile signed in with (or the first cached one), if any. */
  currentAccount(): Promise<{ account: AccountInfo; record?: AccountRecord } | undefined>;
  /** Cached token, refreshed when it expires within 5 minutes or when forced. */
  silent(account: AccountInfo, scopes: string[], forceRefresh: boolean): Promise<AuthenticationResult>;
  /** Device-code sign-in: prints the code at once, waits (spinner on a terminal), records the account. */
  deviceCode(scopes: string[]): Promise<AuthenticationResult>;
  removeAllAccounts(): Promise<number>;
  /** "run `edu-flow login`" with the profile named when it is not the default. */
  signInAgain: string;
}

export interface SignInOptions {
  /** login: a damaged cache is set aside instead of failing. */
  repair?: boolean;
}

export async function openSignIn(ctx: Context, deps: MsalDeps, settings: ResolvedSettings, options: SignInOptions = {}): Promise<SignIn> {
  const { reporter } = deps;
  const profile = settings.profile.value;
  const cachePath = cachePathFor(settings.configDir, profile);
  const lock = createCacheLock(cachePath, (message) => reporter.warn(message));
  const plugin = fileCachePlugin({
    path: cachePath,
    lock,
    repair: options.repair ? (aside) => reporter.warn(`the token cache was damaged; it was set aside as ${aside} and a new one is started`) : undefined,
  });
  const pca: PublicClientApplication = await createPublicClient(settings, plugin, deps);
  const signInAgain = `run \`edu-flow login${profile === 'default' ? '' : ` --profile ${profile}`}\``;
  const msal = <T>(promise: Promise<T>): Promise<T> => promise.catch((error: unknown) => Promise.reject(fromMsalError(error, signInAgain)));

  return {
    cachePath,
    lock,
    signInAgain,
    async currentAccount() {
      const accounts = await msal(pca.getTokenCache().getAllAccounts());
      if (accounts.length === 0) return undefined;
      const record = await readAccountRecord(settings.configDir, profile);
      const account = accounts.find((a) => a.homeAccountId === record?.homeAccountId) ?? accounts[0];
      return { account, record: record?.homeAccountId === account.homeAccountId ? record : undefined };
    },
    silent(account, scopes, forceRefresh) {
      return msal(pca.acquireTokenSilent({ account, scopes, forceRefresh }));
    },
    async deviceCode(scopes) {
      let spinner: { stop(): void } | undefined;
      const request = {
        scopes,
        cancel: false,
        deviceCodeCallback: (response: { message: string }) => {
          // At once, and also without a terminal, so a CI log shows the code. MSAL calls
          // this even when the device-code request failed, with every field undefined.
          if (!response.message) return;
          reporter.info(response.message);
          void startSpinner(ctx.io.stderr, ctx.io.stderrIsTTY, 'Waiting for you to sign in in the browser… (Ctrl-C to cancel)').then((s) => {
            if (request.cancel) s.stop();
            else spinner = s;
          });
        },
      };
      const onAbort = (): void => {
        request.cancel = true; // MSAL stops polling at its next turn
      };
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await msal(pca.acquireTokenByDeviceCode(request));
        if (!result?.account) throw new AuthError('the sign-in service returned no account', { hint: signInAgain });
        // One account per profile: a new sign-in replaces the previous one.
        const cache = pca.getTokenCache();
        for (const other of await msal(cache.getAllAccounts())) {
          if (other.homeAccountId !== result.account.homeAccountId) await msal(cache.removeAccount(other));
        }
        await writeAccountRecord(settings.configDir, profile, {
          homeAccountId: result.account.homeAccountId,
          username: result.account.username,
          tenantId: result.account.tenantId,
          scopes,
          signedInAt: ctx.now().toISOString(),
        });
        return result;
      } finally {
        request.cancel = true;
        spinner?.stop();
        ctx.signal.removeEventListener('abort', onAbort);
      }
    },
    async removeAllAccounts() {
      const cache = pca.getTokenCache();
      return lock.run(async () => {
        const accounts = await msal(cache.getAllAccounts());
        for (const account of accounts) await msal(cache.removeAccount(account));
        return accounts.length;
      });
    },
  };
}

export function scopesOf(record: AccountRecord | undefined): string[] {
  return record?.scopes.length ? record.scopes : DEFAULT_SCOPES;
}
