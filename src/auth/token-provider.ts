import type { Env } from '../context.js';
import { AuthError } from '../errors.js';
import { describePrincipal, readTokenClaims } from './token-claims.js';

/** Where a token came from (SPEC §5 order); named on every write. */
export type CredentialSource = 'environment token (EDU_FLOW_ACCESS_TOKEN)' | 'app credentials' | 'signed-in account';

export interface Credential {
  token: string;
  source: CredentialSource;
  /** Tenant id when the token says (or the sign-in knows); undefined for opaque tokens. */
  tenant?: string;
  /** The user or app, when known. */
  principal?: string;
}

/**
 * The one seam every command asks for a token. `forceRefresh` is for the single retry after a
 * 401 (SPEC §5); a source that cannot refresh returns the same token and the caller gives up.
 */
export interface TokenProvider {
  getCredential(options?: { forceRefresh?: boolean }): Promise<Credential>;
}

/** SPEC §5, first source. Nothing else exists yet: MSAL sources slot in behind this. */
export function createTokenProvider(env: Env): TokenProvider {
  return {
    async getCredential() {
      const token = env.EDU_FLOW_ACCESS_TOKEN?.trim();
      if (token) {
        const claims = readTokenClaims(token);
        return { token, source: 'environment token (EDU_FLOW_ACCESS_TOKEN)', tenant: claims?.tid, principal: describePrincipal(claims) };
      }
      throw new AuthError('not signed in: no credential for Microsoft Graph', {
        hint:
          'run `edu-flow login` (coming with the sign-in work), or set EDU_FLOW_ACCESS_TOKEN to a Graph access token ' +
          '(e.g. from `az account get-access-token --resource-type ms-graph --query accessToken -o tsv`); ' +
          'for CI set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or a certificate / federated token)',
      });
    },
  };
}
