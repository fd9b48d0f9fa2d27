// Which tenant a run of plan/apply talks to, and with which credential. Without a fleet: the
// run's own settings and credential, as for any command. With a fleet: each entry's `tenant`
// picks the tenant for the app credentials in the environment (one multi-tenant app consented in
// every district), or, when the entry names a `profile`, that profile's sign-in is used instead.
import { appCredentialsFromEnv } from '../auth/app-credentials.js';
import type { Credential } from '../auth/credential.js';
import type { Context, Env } from '../context.js';
import { resolveSettings, type ResolvedSettings } from '../config/resolve.js';
import { isGuid } from '../config/profile-keys.js';
import { AuthError, UsageError } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { openGraph } from '../session/graph-session.js';
import type { NetworkSettings } from '../session/network-options.js';
import type { Reporter } from '../ui/reporter.js';

/** One tenant a run covers: a fleet entry, or the run's own tenant. */
export interface EstateTarget {
  name: string;
  /** The tenant as configured (id or domain); undefined: whatever the credential says. */
  tenant?: string;
  profile?: string;
  variables: Readonly<Record<string, unknown>>;
}

/** The app-credential variables a fleet entry with a profile must not see (its profile's sign-in is meant). */
const APP_VARIABLES = [
  'AZURE_TENANT_ID',
  'AZURE_CLIENT_ID',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  'AZURE_FEDERATED_TOKEN_FILE',
];

/**
 * Before anything is read: a fleet cannot use one ready token for many tenants, and an entry
 * without a profile needs the app credentials that its tenant is given to.
 */
export function checkFleetCredentials(env: Env, targets: EstateTarget[]): void {
  if (env.EDU_FLOW_ACCESS_TOKEN?.trim()) {
    throw new UsageError('EDU_FLOW_ACCESS_TOKEN holds a token for one tenant, but a fleet covers many: unset it for --fleet', {
      hint: 'give the fleet app credentials (AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, a certificate or a federated token: each entry picks its tenant), or a profile per entry',
    });
  }
  const needApp = targets.filter((t) => t.profile === undefined);
  if (needApp.length > 0 && !appCredentialsFromEnv({ ...env, AZURE_TENANT_ID: needApp[0].tenant ?? 'organizations' })) {
    throw new UsageError(`fleet entries without a profile (${needApp.map((t) => t.name).join(', ')}) sign in with app credentials, and none are set`, {
      hint: 'set AZURE_CLIENT_ID with AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH or AZURE_FEDERATED_TOKEN_FILE (the app must be consented in each tenant), or give each entry a "profile"',
    });
  }
}

export interface TenantSession {
  ctx: Context;
  settings: ResolvedSettings;
  graph: GraphClient;
}

/** The run's own tenant: its settings and context as they are. */
export async function ownTenantSession(ctx: Context, reporter: Reporter, settings: ResolvedSettings, network: NetworkSettings): Promise<TenantSession> {
  return { ctx, settings, graph: await openGraph(ctx, reporter, settings, network) };
}

/** A fleet entry's tenant: its own environment for the credential, its own settings, its own Graph client (and retries). */
export async function fleetTenantSession(ctx: Context, reporter: Reporter, base: ResolvedSettings, target: EstateTarget, network: NetworkSettings): Promise<TenantSession> {
  const env: Record<string, string | undefined> = { ...ctx.env };
  if (target.profile !== undefined) for (const name of APP_VARIABLES) delete env[name];
  else env.AZURE_TENANT_ID = target.tenant;
  // Flags given on the command line (--graph-url …) still apply; the profile and tenant are the entry's.
  const flag = (setting: { value: string; source: string }): string | undefined => (setting.source === 'flag' ? setting.value : undefined);
  const settings = await resolveSettings(
    {
      profile: target.profile ?? base.profile.value,
      tenant: target.tenant,
      graphUrl: flag(base.graphUrl),
      authorityHost: flag(base.authorityHost),
      clientId: flag(base.clientId),
    },
    env,
  );
  const tenantCtx: Context = { ...ctx, env };
  // Every tenant talks to the same Graph and sign-in hosts: the pooled keep-alive connections are
  // shared, so no tenant opens a connection of its own in advance.
  return { ctx: tenantCtx, settings, graph: await openGraph(tenantCtx, reporter, settings, network, { preconnect: false }) };
}

/** A credential for another tenant than the entry names is refused before anything is read (when both are ids). */
export function checkCredentialTenant(target: EstateTarget, credential: Credential): void {
  if (target.tenant === undefined || credential.tenant === undefined || !isGuid(target.tenant)) return;
  if (credential.tenant.toLowerCase() !== target.tenant.toLowerCase()) {
    throw new AuthError(`the credential of ${target.name} is for tenant ${credential.tenant}, but the fleet file says ${target.tenant}: nothing was read or sent`, {
      hint: target.profile ? `sign in to the right tenant: edu-flow login --profile ${target.profile} --tenant ${target.tenant}` : 'check the entry\'s "tenant"',
    });
  }
}
