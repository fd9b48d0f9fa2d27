import type { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import type { Context, Http } from '../context.js';
import { proxyCredentials, proxyForUrl } from './proxy-for-url.js';
import { isLoopbackHost, redactUrl } from '../config/urls.js';
import { UsageError } from '../errors.js';

export type { Http, HttpRequest, HttpResponse } from '../context.js';

/**
 * The one HTTP stack for Graph and for sign-in (MSAL's networkClient): got with the proxy the
 * environment asks for, Node's trust store (so NODE_EXTRA_CA_CERTS applies), a per-attempt
 * timeout, and the run's abort signal. No retries and no redirects here: callers decide. A run
 * that brings its own stack (ctx.http) gets that one.
 */
export function createHttp(ctx: Context): Http {
  for (const secret of proxyCredentials(ctx.env)) ctx.secrets.add(secret);
  if (ctx.http) return ctx.http;
  const agents = new Map<string, HttpsAgent>();

  const agentFor = async (url: URL): Promise<HttpsAgent | undefined> => {
    const proxy = proxyForUrl(url, ctx.env);
    if (!proxy) return undefined;
    const key = `${url.protocol}${proxy}`;
    let agent = agents.get(key);
    if (!agent) {
      // Loaded only when a proxy is configured. Only https targets ever go through one (a tunnel:
      // the proxy sees the host name, never a header); plain http is sent to loopback alone, directly.
      const { HttpsProxyAgent } = await import('https-proxy-agent');
      agent = new HttpsProxyAgent(proxy);
      agents.set(key, agent);
    }
    return agent;
  };

  return {
    proxyFor: (url) => proxyForUrl(url, ctx.env),
    async send(url, request) {
      const target = new URL(url);
      refuseCleartext(target);
      const agent = await agentFor(target);
      const response = await got(target, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { request: request.timeoutMs },
        signal: ctx.signal,
        responseType: 'text',
        agent: agent ? { https: agent } : undefined,
      });
      return { statusCode: response.statusCode, statusMessage: response.statusMessage ?? '', headers: response.headers, body: response.body };
    },
  };
}

/**
 * Nothing leaves this machine in clear text: every request edu-flow makes carries a token, a client
 * secret or an assertion, so plain http is for loopback only (a local emulator), and never through
 * a proxy. The Graph URL and the authority are checked when read; this is the last line.
 */
function refuseCleartext(target: URL): void {
  if (target.protocol === 'https:') return;
  if (target.protocol === 'http:' && isLoopbackHost(target.hostname)) return;
  throw new UsageError(`refusing to send a request to ${redactUrl(target.origin)} without TLS: only https://, or http:// to 127.0.0.1, [::1] or localhost`);
}

/** " via proxy http://user:********@proxy:3128" for --verbose lines; "" when direct. */
export function via(http: Http, url: string): string {
  const proxy = http.proxyFor(url);
  return proxy ? ` via proxy ${redactUrl(proxy)}` : '';
}

/** A proxy that wants other credentials answers 407 in place of the server. */
export const PROXY_AUTH_REQUIRED = 407;
export const PROXY_AUTH_HINT =
  'the proxy refused the credentials in HTTPS_PROXY (407 Proxy Authentication Required): check the user and password in http://user:password@proxy:port';
