import { UsageError } from '../errors.js';
import { DEFAULT_AUTHORITY_HOST, DEFAULT_GRAPH_URL } from './defaults.js';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** 127.0.0.1, [::1] or localhost: this machine, where plain http cannot be read on the way. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname.toLowerCase());

/**
 * The Graph base URL, with version, without a trailing slash. https only, except http on a
 * loopback host (a local emulator); anything else could leak the bearer token: exit 2.
 */
export function checkGraphUrl(raw: string, origin: string): string {
  const url = parseUrl(raw, origin);
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError(`${origin} must be an https:// URL (http:// only for 127.0.0.1, [::1] or localhost): ${redactUrl(raw)}`, {
      hint: `the default is ${DEFAULT_GRAPH_URL}`,
    });
  }
  refuseExtras(url, raw, origin);
  return url.href.replace(/\/+$/, '');
}

/** The Entra authority host: always https (MSAL refuses anything else). */
export function checkAuthorityHost(raw: string, origin: string): string {
  const url = parseUrl(raw, origin);
  if (url.protocol !== 'https:') {
    throw new UsageError(`${origin} must be an https:// URL: ${redactUrl(raw)}`, { hint: `the default is ${DEFAULT_AUTHORITY_HOST}` });
  }
  refuseExtras(url, raw, origin);
  return url.href.replace(/\/+$/, '');
}

function parseUrl(raw: string, origin: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new UsageError(`${origin} is not a URL: ${JSON.stringify(redactUrl(raw))}`);
  }
}

function refuseExtras(url: URL, raw: string, origin: string): void {
  // raw, not url.search/url.hash: a bare "?" or "#" leaves those empty but would still break every path.
  if (url.username || url.password || raw.includes('?') || raw.includes('#')) {
    throw new UsageError(`${origin} must not carry credentials, a query or a fragment: ${redactUrl(raw)}`);
  }
}

/**
 * A URL for a message, without the password it may carry (user:pass@host). The password runs to
 * the last "@" before the path: one written with an unencoded "@" is masked whole.
 */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/]*@/i, '$1:********@');
}
