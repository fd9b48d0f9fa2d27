import { readFile } from 'node:fs/promises';
import type { Context, Env } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { AuthError } from '../errors.js';
import { loadClientCertificate } from './certificate.js';
import { fetchGitHubOidcToken } from './github-oidc.js';
import { fromMsalError } from './msal-errors.js';
import { knownAuthoritiesFor, msalSystemOptions, type MsalDeps } from './msal-app.js';
import { describePrincipal, readTokenClaims } from './token-claims.js';
import type { Credential } from './credential.js';

export type AppCredentialKind = 'client secret' | 'client certificate' | 'federated token file' | 'GitHub Actions OIDC';

/** App-only credentials from the AZURE_* variables, or undefined to fall through. */
export interface AppCredentialConfig {
  kind: AppCredentialKind;
  tenantId: string;
  clientId: string;
}

/**
 * The same variables Azure Identity reads. A tenant and client id alone (no secret, certificate
 * or federated token) are not app credentials: they fall through to the signed-in account.
 */
export function appCredentialsFromEnv(env: Env): AppCredentialConfig | undefined {
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  if (!tenantId || !clientId) return undefined;
  const kind: AppCredentialKind | undefined = env.AZURE_CLIENT_SECRET
    ? 'client secret'
    : env.AZURE_CLIENT_CERTIFICATE_PATH
      ? 'client certificate'
      : env.AZURE_FEDERATED_TOKEN_FILE
        ? 'federated token file'
        : env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
          ? 'GitHub Actions OIDC'
          : undefined;
  return kind ? { kind, tenantId, clientId } : undefined;
}

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

export interface AppTokenSource {
  getCredential(forceRefresh: boolean): Promise<Credential>;
}

/** MSAL's ConfidentialClientApplication for one kind of app credential; tokens live in memory only. */
export async function createAppTokenSource(ctx: Context, deps: MsalDeps, settings: ResolvedSettings, config: AppCredentialConfig): Promise<AppTokenSource> {
  const { env } = ctx;
  const msal = await import('@azure/msal-node');
  const credential = await credentialOptions(ctx, deps, env, config);
  const app = new msal.ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: `${settings.authorityHost.value}/${config.tenantId}`,
      knownAuthorities: knownAuthoritiesFor(settings.authorityHost.value),
      ...credential,
    },
    system: await msalSystemOptions(deps),
  });
  const hint = hintFor(config.kind);
  return {
    async getCredential(forceRefresh) {
      let result;
      try {
        result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT_SCOPE], skipCache: forceRefresh });
      } catch (error) {
        throw fromMsalError(error, hint, hint);
      }
      if (!result?.accessToken) throw new AuthError('the sign-in service returned no token for the app', { hint });
      ctx.secrets.add(result.accessToken);
      const claims = readTokenClaims(result.accessToken);
      return {
        token: result.accessToken,
        source: `app credentials (${config.kind})`,
        tenant: claims?.tid ?? config.tenantId,
        principal: describePrincipal(claims) ?? `app ${config.clientId}`,
        expiresOn: result.expiresOn ?? undefined,
        scopes: claims?.roles,
      };
    },
  };
}

async function credentialOptions(ctx: Context, deps: MsalDeps, env: Env, config: AppCredentialConfig) {
  switch (config.kind) {
    case 'client secret': {
      const clientSecret = env.AZURE_CLIENT_SECRET as string;
      ctx.secrets.add(clientSecret);
      return { clientSecret };
    }
    case 'client certificate': {
      const certificate = await loadClientCertificate(env.AZURE_CLIENT_CERTIFICATE_PATH as string, env.AZURE_CLIENT_CERTIFICATE_PASSWORD || undefined);
      ctx.secrets.add(certificate.privateKey);
      if (env.AZURE_CLIENT_CERTIFICATE_PASSWORD) ctx.secrets.add(env.AZURE_CLIENT_CERTIFICATE_PASSWORD);
      return { clientCertificate: certificate };
    }
    case 'federated token file': {
      const path = env.AZURE_FEDERATED_TOKEN_FILE as string;
      // Read afresh for every token: the platform (Kubernetes, a CI runner) rotates the file.
      return { clientAssertion: async () => readAssertionFile(ctx, path) };
    }
    case 'GitHub Actions OIDC': {
      const url = env.ACTIONS_ID_TOKEN_REQUEST_URL as string;
      const token = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN as string;
      return { clientAssertion: async () => fetchGitHubOidcToken(ctx, deps.http, url, token, deps.timeoutMs) };
    }
  }
}

async function readAssertionFile(ctx: Context, path: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(path, 'utf8')).trim();
  } catch (error) {
    throw new AuthError(`the federated token file AZURE_FEDERATED_TOKEN_FILE=${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { cause: error });
  }
  if (text === '') throw new AuthError(`the federated token file ${path} is empty`);
  ctx.secrets.add(text);
  return text;
}

function hintFor(kind: AppCredentialKind): string {
  switch (kind) {
    case 'client secret':
      return 'check AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_CLIENT_SECRET (secrets expire: App registrations → Certificates & secrets)';
    case 'client certificate':
      return 'check that this certificate is uploaded to the app registration (Certificates & secrets) and that AZURE_CLIENT_ID and AZURE_TENANT_ID match it';
    case 'federated token file':
    case 'GitHub Actions OIDC':
      return "check the app's federated credential (App registrations → Certificates & secrets → Federated credentials): issuer, subject and audience api://AzureADTokenExchange must match the token";
  }
}
