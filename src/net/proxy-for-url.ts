import type { Env } from '../context.js';
import { isLoopbackHost } from '../config/urls.js';

/**
 * The proxy for a request, from HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (either case, lower case
 * first) and NO_PROXY, with the conventions curl and proxy-from-env follow: NO_PROXY is a comma-
 * or space-separated list of hosts, each matching itself and its subdomains (".corp" and
 * "*.corp" only subdomains), optionally with ":port"; "*" turns proxies off. Written here rather
 * than taken from proxy-from-env because that package reads process.env itself, and edu-flow
 * passes its environment in (tests run the same code with their own).
 */
export function proxyForUrl(target: string | URL, env: Env): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target;
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http' && scheme !== 'https') return undefined;
  // This machine is reached directly: a proxy would see a loopback http request (and its bearer
  // token) in clear text, and has no business with local traffic anyway.
  if (isLoopbackHost(url.hostname)) return undefined;
  const proxy = read(env, `${scheme}_proxy`) ?? read(env, 'all_proxy');
  if (!proxy) return undefined;
  if (bypassed(url, read(env, 'no_proxy') ?? '')) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function read(env: Env, name: string): string | undefined {
  const value = env[name.toLowerCase()] || env[name.toUpperCase()];
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** "host:port", "[::1]:8080", or a bare IPv6 address (several colons, no brackets: no port). */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[(.*)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2]];
  if ((entry.match(/:/g) ?? []).length > 1) return [entry, undefined];
  const at = entry.lastIndexOf(':');
  return at > 0 && /^\d+$/.test(entry.slice(at + 1)) ? [entry.slice(0, at), entry.slice(at + 1)] : [entry, undefined];
}

function bypassed(url: URL, noProxy: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of noProxy.toLowerCase().split(/[\s,]+/)) {
    if (raw === '') continue;
    if (raw === '*') return true;
    const [entryHost, entryPort] = splitHostPort(raw);
    if (entryPort && entryPort !== port) continue;
    const suffixOnly = entryHost.startsWith('.') || entryHost.startsWith('*.');
    const domain = entryHost.replace(/^\*?\./, '');
    if (!suffixOnly && host === domain) return true;
    if (host.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/**
 * The credentials in the proxy variables, every way they may be written out: the password as
 * typed and decoded, and "user:password" (what a Proxy-Authorization header encodes), so the
 * scrubber can mask them. A password with an unencoded "@" counts up to the last "@".
 */
export function proxyCredentials(env: Env): string[] {
  const found: string[] = [];
  for (const name of ['https_proxy', 'http_proxy', 'all_proxy']) {
    const raw = read(env, name);
    const userinfo = raw === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/([^/]*)@/i.exec(raw)?.[1];
    if (userinfo === undefined) continue;
    const colon = userinfo.indexOf(':');
    if (colon < 0) continue;
    const user = userinfo.slice(0, colon);
    const password = userinfo.slice(colon + 1);
    const decoded = safeDecode(password);
    found.push(password, decoded, `${safeDecode(user)}:${decoded}`, userinfo);
  }
  return found;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
