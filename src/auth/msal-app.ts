import { join } from 'node:path';
import type { PublicClientApplication } from '@azure/msal-node';
import type { ResolvedSettings } from '../config/resolve.js';
import type { Reporter } from '../ui/reporter.js';

/** Delegated scopes of SPEC §5; MSAL adds openid, profile and offline_access itself. */
export const DEFAULT_SCOPES = ['IndustryData-OutboundFlow.ReadWrite.All', 'IndustryData-ReferenceDefinition.Read.All'];
const PUBLIC_CLOUD_HOST = 'login.microsoftonline.com';

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

/** msal-node is loaded here, only by commands that need a token (it costs ~160 ms to import). */
export async function createPublicClient(
  settings: ResolvedSettings,
  cachePlugin: import('@azure/msal-node').ICachePlugin,
  reporter: Reporter,
): Promise<PublicClientApplication> {
  const msal = await import('@azure/msal-node');
  const host = new URL(settings.authorityHost.value).host;
  return new msal.PublicClientApplication({
    auth: {
      clientId: settings.clientId.value,
      authority: authorityOf(settings),
      // A host MSAL does not know (a sovereign test host, the local emulator) must be trusted
      // explicitly, or MSAL tries instance discovery at login.microsoftonline.com.
      knownAuthorities: host === PUBLIC_CLOUD_HOST ? [] : [host],
    },
    cache: { cachePlugin },
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel: reporter.debugEnabled ? msal.LogLevel.Info : msal.LogLevel.Error,
        loggerCallback: (_level, message) => reporter.debug(`msal: ${message}`),
      },
    },
  });
}
