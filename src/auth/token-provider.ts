import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { AuthError } from '../errors.js';
import type { Reporter } from '../ui/reporter.js';
import type { Http } from '../net/http.js';
import { describePrincipal, readTokenClaims } from './token-claims.js';

export type { Credential, TokenProvider } from './credential.js';
import type { Credential, TokenProvider } from './credential.js';

/** A token this close to expiry is fetched anew rather than reused for the run's next request. */
const REUSE_MARGIN_MS = 15 * 1000;

export interface TokenProviderOptions {
  /** May a device-code sign-in start here? Only with a person at a terminal (stdin and stderr TTYs). */
  interactive: boolean;
  /** The HTTP stack sign-in shares with Graph calls (proxy, CA, timeout, logging). */
  http: Http;
  timeoutMs: number;
}

/**
 * The order of token sources: EDU_FLOW_ACCESS_TOKEN → (app credentials: next) → the profile's signed-in account,
 * silently refreshed → a device-code sign-in when a person is at the terminal → exit 4.
 */
export function createTokenProvider(ctx: Context, reporter: Reporter, settings: ResolvedSettings, options: TokenProviderOptions): TokenProvider {
  const deps = { reporter, http: options.http, timeoutMs: options.timeoutMs };
  let appTokens: Promise<import('./app-credentials.js').AppTokenSource> | undefined;
  let last: Credential | undefined;
  let inflight: Promise<Credential> | undefined;
  const stillGood = (credential: Credential): boolean => credential.expiresOn === undefined || credential.expiresOn.getTime() - ctx.now().getTime() > REUSE_MARGIN_MS;
  const acquire = async (forceRefresh: boolean): Promise<Credential> => {
    const envToken = ctx.env.EDU_FLOW_ACCESS_TOKEN?.trim();
    if (envToken) return environmentCredential(envToken);

    const { appCredentialsFromEnv, createAppTokenSource } = await import('./app-credentials.js');
    const app = appCredentialsFromEnv(ctx.env);
    if (app) {
      reporter.verbose(`credential: app ${app.clientId} in tenant ${app.tenantId} with a ${app.kind}`);
      appTokens ??= createAppTokenSource(ctx, deps, settings, app);
      return (await appTokens).getCredential(forceRefresh);
    }

    const { openSignIn, scopesOf } = await import('./sign-in.js');
    const signIn = await openSignIn(ctx, deps, settings);
    // Held across read → refresh → write, so concurrent processes never spend one refresh token twice.
    const cached = await signIn.lock.run(async () => {
      const current = await signIn.currentAccount();
      if (!current) return undefined;
      try {
        const result = await signIn.silent(current.account, scopesOf(current.record), forceRefresh);
        reporter.verbose(`token from the signed-in account ${current.account.username} (${result.fromCache ? 'cached' : 'refreshed'})`);
        return {
          token: result.accessToken,
          source: 'signed-in account' as const,
          tenant: current.account.tenantId,
          principal: current.account.username,
          expiresOn: result.expiresOn ?? undefined,
          scopes: result.scopes,
        };
      } catch (error) {
        if (options.interactive && error instanceof AuthError) {
          reporter.warn(`${error.message}; signing in again`);
          return undefined;
        }
        throw error;
      }
    });
    if (cached) {
      ctx.secrets.add(cached.token);
      return cached;
    }
    if (options.interactive) {
      const result = await signIn.deviceCode(scopesOf(undefined));
      ctx.secrets.add(result.accessToken);
      return {
        token: result.accessToken,
        source: 'signed-in account',
        tenant: result.account?.tenantId,
        principal: result.account?.username,
        expiresOn: result.expiresOn ?? undefined,
        scopes: result.scopes,
      };
    }
    throw notSignedIn(settings);
  };
  return {
    async getCredential({ forceRefresh = false } = {}) {
      // One run makes several requests (paging, a GET before a write, reads side by side): one
      // token serves them all, and concurrent callers share one acquisition (never two sign-ins).
      if (!forceRefresh && last && stillGood(last)) return last;
      if (!forceRefresh && inflight) return inflight;
      const attempt = acquire(forceRefresh);
      inflight = attempt;
      try {
        last = await attempt;
        return last;
      } finally {
        if (inflight === attempt) inflight = undefined;
      }
    },
  };
}

export function environmentCredential(token: string): Credential {
  const claims = readTokenClaims(token);
  const scopes = claims?.scp ? claims.scp.split(' ') : claims?.roles;
  return {
    token,
    source: 'environment token (EDU_FLOW_ACCESS_TOKEN)',
    tenant: claims?.tid,
    principal: describePrincipal(claims),
    expiresOn: claims?.exp ? new Date(claims.exp * 1000) : undefined,
    scopes,
  };
}

export function notSignedIn(settings: ResolvedSettings): AuthError {
  const profile = settings.profile.value;
  return new AuthError(`not signed in${profile === 'default' ? '' : ` (profile "${profile}")`}: no credential for Microsoft Graph`, {
    hint:
      `run \`edu-flow login${profile === 'default' ? '' : ` --profile ${profile}`}\` in a terminal; in CI set AZURE_TENANT_ID and AZURE_CLIENT_ID with ` +
      'AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (in GitHub Actions, `permissions: id-token: write` is enough), or EDU_FLOW_ACCESS_TOKEN',
  });
}
