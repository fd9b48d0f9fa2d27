import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Reporter } from '../ui/reporter.js';
import { PROXY_AUTH_HINT, PROXY_AUTH_REQUIRED, via, type Http } from '../net/http.js';
import { MASK } from '../secrets.js';
import { MAX_RESPONSE_DEPTH, nestingBeyond } from '../json-nesting.js';

/** Form fields and response members that carry secrets: never shown, even under --debug. */
const SECRET_FIELDS = new Set(['client_secret', 'client_assertion', 'assertion', 'refresh_token', 'access_token', 'id_token', 'device_code', 'code', 'password', 'client_info']);

/**
 * MSAL's HTTP goes through edu-flow's own stack: the same proxy, trust store, timeout
 * and --verbose/--debug logging as Graph calls. MSAL's built-in client is Node's fetch, which
 * ignores HTTPS_PROXY on Node 20.
 */
export function msalNetworkClient(http: Http, reporter: Reporter, timeoutMs: number): INetworkModule {
  const send = async <T>(method: 'GET' | 'POST', url: string, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> => {
    const started = Date.now();
    const shownUrl = withoutQuery(url);
    if (reporter.debugEnabled && options?.body) reporter.debug(`${method} ${shownUrl}\n  sign-in form: ${maskForm(options.body)}`);
    let response;
    try {
      response = await http.send(url, { method, headers: options?.headers ?? {}, body: options?.body, timeoutMs: timeout ?? timeoutMs });
    } catch (error) {
      const code = (error as { code?: string; name?: string }).name === 'TimeoutError' ? 'ETIMEDOUT' : ((error as { code?: string }).code ?? 'failed');
      reporter.verbose(`${method} ${shownUrl} → ${code} after ${Date.now() - started} ms (sign-in)`);
      const host = new URL(url).host;
      // An MSAL AuthError passes through MSAL untouched; anything else becomes a bare network_error.
      throw await msalError(
        reporter,
        code === 'ETIMEDOUT' ? 'endpoint_timeout' : 'network_error',
        code === 'ETIMEDOUT' ? `no answer from ${host} within ${((timeout ?? timeoutMs) / 1000).toFixed(1)} s (--timeout)` : `request to ${host} failed (${code})`,
      );
    }
    reporter.verbose(`${method} ${shownUrl} → ${response.statusCode} in ${Date.now() - started} ms (sign-in)${via(http, url)}`);
    if (response.statusCode === PROXY_AUTH_REQUIRED) {
      // MSAL turns any failure here into a bare network_error: say the real reason first.
      reporter.warn(PROXY_AUTH_HINT);
      throw new Error('proxy authentication required');
    }
    if (response.statusCode >= 500 || response.statusCode === 429) {
      // Down or throttled: exit 6 with the status, whatever the body is (an HTML error page parsed
      // as {} would otherwise look to MSAL like a success without a token).
      throw await msalError(reporter, 'temporarily_unavailable', `HTTP ${response.statusCode} from ${new URL(url).host}`);
    }
    let body: unknown = {};
    try {
      if (nestingBeyond(response.body, MAX_RESPONSE_DEPTH)) throw new Error('nested too deep');
      body = response.body.trim() === '' ? {} : JSON.parse(response.body);
    } catch {
      throw await msalError(
        reporter,
        'temporarily_unavailable',
        `HTTP ${response.statusCode} from ${new URL(url).host} with a body that is not JSON it can read (a proxy's page, or nested without end?)`,
      );
    }
    if (reporter.debugEnabled) reporter.debugBody('sign-in response', JSON.stringify(maskJson(body)));
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    return { status: response.statusCode, headers, body: body as T };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send('GET', url, options, timeout),
    sendPostRequestAsync: (url, options) => send('POST', url, options),
  };
}

function withoutQuery(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at)}?…`;
}

export function maskForm(body: string): string {
  const form = new URLSearchParams(body);
  const shown: string[] = [];
  for (const [key, value] of form) shown.push(`${key}=${SECRET_FIELDS.has(key) ? MASK : value}`);
  return shown.join('&');
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? MASK : maskJson(v)]));
  }
  return value;
}

/**
 * An MSAL AuthError passes through MSAL as is (anything else becomes a bare network_error), and
 * its code maps to exit 6. MSAL's message for it is a link to its docs, so the real reason goes
 * to stderr first.
 */
async function msalError(reporter: Reporter, code: string, message: string): Promise<Error> {
  reporter.warn(`sign-in: ${message}`);
  const { AuthError } = await import('@azure/msal-node');
  return new AuthError(code, message);
}
