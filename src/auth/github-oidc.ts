import type { Context } from '../context.js';
import { AuthError, UnavailableError } from '../errors.js';
import type { Http } from '../net/http.js';
import { isLoopbackHost, redactUrl } from '../config/urls.js';

/** The audience Entra expects on a federated assertion. */
export const FEDERATION_AUDIENCE = 'api://AzureADTokenExchange';

/**
 * Inside GitHub Actions (with `permissions: id-token: write`), the job's own OIDC token, asked
 * for afresh on every call: it lives minutes, and Entra accepts it as the client assertion.
 */
export async function fetchGitHubOidcToken(ctx: Context, http: Http, requestUrl: string, requestToken: string, timeoutMs: number): Promise<string> {
  ctx.secrets.add(requestToken);
  refuseCleartextRequestUrl(requestUrl);
  const url = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(FEDERATION_AUDIENCE)}`;
  let response;
  try {
    response = await http.send(url, { method: 'GET', headers: { authorization: `Bearer ${requestToken}`, accept: 'application/json' }, timeoutMs });
  } catch (error) {
    throw new UnavailableError(`cannot reach GitHub's OIDC token service (${(error as { code?: string }).code ?? 'error'})`, { cause: error });
  }
  if (response.statusCode !== 200) {
    throw new AuthError(`GitHub refused the OIDC token request (HTTP ${response.statusCode})`, {
      hint: 'give the job `permissions: id-token: write`, or set AZURE_FEDERATED_TOKEN_FILE / AZURE_CLIENT_SECRET instead',
    });
  }
  let value: unknown;
  try {
    value = (JSON.parse(response.body) as { value?: unknown }).value;
  } catch {
    value = undefined;
  }
  if (typeof value !== 'string' || value.split('.').length !== 3) throw new AuthError('GitHub answered the OIDC token request without a token');
  ctx.secrets.add(value);
  return value;
}

/** The request token is a credential: it goes over TLS only (or directly to this machine, in tests). */
function refuseCleartextRequestUrl(requestUrl: string): void {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new AuthError('ACTIONS_ID_TOKEN_REQUEST_URL is not a URL', { hint: 'GitHub Actions sets it for jobs with `permissions: id-token: write`; do not set it by hand' });
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return;
  throw new AuthError(`ACTIONS_ID_TOKEN_REQUEST_URL is not an https:// URL (${redactUrl(url.origin)}): the request token was not sent`, {
    hint: 'GitHub Actions gives an https:// URL; check what sets ACTIONS_ID_TOKEN_REQUEST_URL in this job',
  });
}
