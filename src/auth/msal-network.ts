import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { Reporter } from '../ui/reporter.js';
import { PROXY_AUTH_HINT, PROXY_AUTH_REQUIRED, via, type Http } from '../net/http.js';

/** Form fields and response members that carry secrets: never shown, even under --debug. */
const SECRET_FIELDS = new Set([
  'client_secret',
  'client_assertion',
  'assertion',
  'refresh_token',
  'access_token',
  'id_token',
  'device_code',
  'code',
  'password',
  'client_info',
]);

/**
 * MSAL's HTTP goes through edu-flow's own stack (SPEC §4): the same proxy, trust store, timeout
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
      reporter.verbose(`${method} ${shownUrl} → ${(error as { code?: string }).code ?? 'failed'} after ${Date.now() - started} ms (sign-in)`);
      throw error;
    }
    reporter.verbose(`${method} ${shownUrl} → ${response.statusCode} in ${Date.now() - started} ms (sign-in)${via(http, url)}`);
    if (response.statusCode === PROXY_AUTH_REQUIRED) {
      // MSAL turns any failure here into a bare network_error: say the real reason first.
      reporter.warn(PROXY_AUTH_HINT);
      throw new Error('proxy authentication required');
    }
    let body: unknown = {};
    try {
      body = response.body.trim() === '' ? {} : JSON.parse(response.body);
    } catch {
      body = {}; // a proxy's HTML page: MSAL reports the status
    }
    if (reporter.debugEnabled) reporter.debug(`  sign-in response: ${JSON.stringify(maskJson(body)).slice(0, 2000)}`);
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
  for (const [key, value] of form) shown.push(`${key}=${SECRET_FIELDS.has(key) ? '********' : value}`);
  return shown.join('&');
}

function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '********' : maskJson(v)]));
  }
  return value;
}
