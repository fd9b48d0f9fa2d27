import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { UsageError } from '../../errors.js';
import type { Reporter } from '../../ui/reporter.js';

export interface LoginFlags {
  /** --scopes: comma- or space-separated; default the delegated scopes of msal-app.ts. */
  scopes?: string;
}

export type LoginOptions = LoginFlags & { settings: ResolvedSettings };

/** `login`: device code, code and URL on stderr at once, the account into the profile's cache. */
export async function runLogin(ctx: Context, reporter: Reporter, options: LoginOptions): Promise<void> {
  const { settings } = options;
  const { DEFAULT_SCOPES } = await import('../../auth/msal-app.js');
  const scopes = options.scopes === undefined ? DEFAULT_SCOPES : parseScopes(options.scopes);
  if (ctx.env.EDU_FLOW_ACCESS_TOKEN) {
    reporter.warn('EDU_FLOW_ACCESS_TOKEN is set: commands will keep using it instead of this sign-in until it is unset');
  }
  const profile = settings.profile.value;
  reporter.info(`Signing in to tenant ${settings.tenant.value} (profile "${profile}") through ${settings.authorityHost.value}`);
  const { openSignIn } = await import('../../auth/sign-in.js');
  const { createHttp } = await import('../../net/http.js');
  const { SIGN_IN_TIMEOUT_MS } = await import('../../auth/msal-app.js');
  const signIn = await openSignIn(ctx, { reporter, http: createHttp(ctx), timeoutMs: SIGN_IN_TIMEOUT_MS }, settings, { repair: true });
  const result = await signIn.deviceCode(scopes);
  const account = result.account;
  reporter.success(`Signed in as ${account?.username ?? 'unknown'} (tenant ${account?.tenantId ?? 'unknown'}, profile "${profile}")`);
  reporter.info(`Token cache: ${signIn.cachePath} (readable only by you)`);
  // The same names as `edu-flow status --output json`: a script reads one shape for both.
  reporter.result({
    profile,
    credential: {
      usable: true,
      source: 'signed-in account',
      account: account?.username,
      tenant: account?.tenantId,
      scopes: result.scopes,
      expiresOn: result.expiresOn?.toISOString(),
    },
    tokenCache: { path: signIn.cachePath },
  });
}

function parseScopes(raw: string): string[] {
  const scopes = raw.split(/[\s,]+/).filter((s) => s !== '');
  if (scopes.length === 0) throw new UsageError('--scopes needs at least one scope, e.g. IndustryData-OutboundFlow.Read.All');
  return scopes;
}
