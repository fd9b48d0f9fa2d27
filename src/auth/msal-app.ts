import { join } from 'node:path';
import type { Configuration, PublicClientApplication } from '@azure/msal-node';
import type { Http } from '../net/http.js';
import { msalNetworkClient } from './msal-network.js';
import type { ResolvedSettings } from '../config/resolve.js';
import type { Reporter } from '../ui/reporter.js';

export { DEFAULT_SCOPES } from './preflight.js';
const PUBLIC_CLOUD_HOST = 'login.microsoftonline.com';
/** Per request to the sign-in service (the device-code wait is many short polls). */
export const SIGN_IN_TIMEOUT_MS = 30_000;

/** One token cache (and its lock) per profile, so each profile keeps its own accounts. */
export function tokenCacheDir(configDir: string): string {
  return join(configDir, 'token-cache');
}

export function cachePathFor(configDir: string, profile: string): string {
  return join(tokenCacheDir(configDir), `${profile}.json`);
}

export function authorityOf(settings: ResolvedSettings): string {
  return `${settings.authorityHost.value}/${settings.tenant.value}`;
}

/** What every MSAL application of edu-flow shares: its network stack and its logging. */
export interface MsalDeps {
  http: Http;
  timeoutMs: number;
  reporter: Reporter;
}

/** A host MSAL does not know (the local emulator, a test host) must be trusted explicitly, or
 *  MSAL tries instance discovery at login.microsoftonline.com. */
export function knownAuthoritiesFor(authorityHost: string): string[] {
  const host = new URL(authorityHost).host;
  return host === PUBLIC_CLOUD_HOST ? [] : [host];
}

export async function msalSystemOptions(deps: MsalDeps): Promise<NonNullable<Configuration['system']>> {
  const msal = await import('@azure/msal-node');
  return {
    networkClient: msalNetworkClient(deps.http, deps.reporter, deps.timeoutMs),
    loggerOptions: {
      piiLoggingEnabled: false,
      logLevel: deps.reporter.debugEnabled ? msal.LogLevel.Info : msal.LogLevel.Error,
      loggerCallback: (_level, message) => deps.reporter.debug(`msal: ${message}`),
    },
  };
}

/** msal-node is loaded here, only by commands that need a token (it costs ~160 ms to import). */
export async function createPublicClient(settings: ResolvedSettings, cachePlugin: import('@azure/msal-node').ICachePlugin, deps: MsalDeps): Promise<PublicClientApplication> {
  const msal = await import('@azure/msal-node');
  return new msal.PublicClientApplication({
    auth: {
      clientId: settings.clientId.value,
      authority: authorityOf(settings),
      knownAuthorities: knownAuthoritiesFor(settings.authorityHost.value),
    },
    cache: { cachePlugin },
    system: await msalSystemOptions(deps),
  });
}
