import { AuthError, EduFlowError, InterruptedError, UnavailableError } from '../errors.js';

/** The fields MSAL's errors carry; read by shape so this stays testable without MSAL. */
interface MsalLikeError {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  status?: number;
  httpStatus?: number;
  message?: string;
}

/** Errors that mean: this sign-in is over, sign in again (invalid_grant is a ServerError in MSAL). */
const SIGN_IN_AGAIN = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'bad_token',
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_found',
  'token_refresh_required',
]);
const UNREACHABLE = new Set(['network_error', 'endpoints_resolution_error', 'openid_config_error', 'no_network_connectivity', 'endpoint_timeout', 'temporarily_unavailable']);

/**
 * An MSAL error → the tool's error with the right exit code: 4 when the sign-in itself was
 * refused or has to be repeated, 6 when the sign-in service could not be reached or is down.
 */
export function fromMsalError(error: unknown, signInAgain: string, invalidClientHint?: string): EduFlowError {
  if (error instanceof EduFlowError) return error;
  const e = (error ?? {}) as MsalLikeError;
  const code = e.errorCode ?? '';
  const text = `${e.errorMessage ?? ''} ${e.message ?? ''}`;
  const reason = entraDescription(e.errorMessage || e.message || code || 'unknown error');
  const status = e.status ?? e.httpStatus;

  if (code === 'device_code_polling_cancelled' || code === 'user_canceled') return new InterruptedError('SIGINT');
  if (/authorization_declined/.test(text)) {
    return new AuthError('sign-in was declined at the device-code page', { hint: `${signInAgain}, and approve the request`, cause: error });
  }
  if (/expired_token|device_code_expired/.test(text) || code === 'device_code_expired') {
    return new AuthError('the sign-in code expired before it was used', { hint: `${signInAgain}, and enter the code within 15 minutes`, cause: error });
  }
  if (SIGN_IN_AGAIN.has(code) || SIGN_IN_AGAIN.has(e.subError ?? '') || e.name === 'InteractionRequiredAuthError') {
    return new AuthError(`your sign-in has expired or was revoked (${code || e.subError})`, { hint: signInAgain, cause: error });
  }
  // Device-code polling wraps every server answer as post_request_failed: the real error is in the text.
  if (
    UNREACHABLE.has(code) ||
    /temporarily_unavailable|server_error|service_unavailable/.test(text) ||
    (status !== undefined && (status >= 500 || status === 429)) ||
    (e.name === 'ServerError' && code === '')
  ) {
    return new UnavailableError(`the sign-in service is unavailable: ${reason}`, {
      hint: 'try again in a few minutes; behind a proxy, check HTTPS_PROXY and NODE_EXTRA_CA_CERTS',
      cause: error,
    });
  }
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new AuthError(`the sign-in service refused the application credentials: ${reason}`, {
      hint: invalidClientHint ?? 'check --client-id / EDU_FLOW_CLIENT_ID, and that the app allows public client flows (device code)',
      cause: error,
    });
  }
  return new AuthError(`sign-in failed: ${code ? `${code}: ` : ''}${reason}`, { hint: signInAgain, cause: error });
}

/** Longer than any description Entra writes; past it, cut at the end of a sentence. */
const MAX_DESCRIPTION = 1500;

/**
 * Entra's error description whole, on one line, without the trace id, correlation id and
 * timestamp it appends (they identify the request for Microsoft support, not the problem).
 */
export function entraDescription(text: string): string {
  // MSAL writes server errors as "Error(s): 7000215 - Timestamp: … - Description: AADSTS…: … - Trace ID: …".
  const described = /\bDescription:\s*/i.exec(text);
  const from = described ? text.slice(described.index + described[0].length) : text;
  const ids = from.search(/\s*(?:-\s*)?(?:Trace ID|Correlation ID|Timestamp):/i);
  const description = (ids >= 0 ? from.slice(0, ids) : from).replace(/\s+/g, ' ').trim();
  if (description.length <= MAX_DESCRIPTION) return description;
  const sentenceEnd = description.lastIndexOf('. ', MAX_DESCRIPTION);
  return `${description.slice(0, sentenceEnd > 0 ? sentenceEnd + 1 : MAX_DESCRIPTION)} …`;
}
