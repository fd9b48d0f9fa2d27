import type { Agent } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import type { Context, Http } from '../context.js';
import { proxyForUrl } from './proxy-for-url.js';
import { redactUrl } from '../config/urls.js';

export type { Http, HttpRequest, HttpResponse } from '../context.js';

/**
 * The one HTTP stack for Graph and for sign-in (MSAL's networkClient): got with the proxy the
 * environment asks for, Node's trust store (so NODE_EXTRA_CA_CERTS applies), a per-attempt
 * timeout, and the run's abort signal. No retries and no redirects here: callers decide. A run
 * that brings its own stack (ctx.http) gets that one.
 */
export function createHttp(ctx: Context): Http {
  if (ctx.http) return ctx.http;
  const agents = new Map<string, Agent>();

  const agentFor = async (url: URL): Promise<Agent | undefined> => {
    const proxy = proxyForUrl(url, ctx.env);
    if (!proxy) return undefined;
    const key = `${url.protocol}${proxy}`;
    let agent = agents.get(key);
    if (!agent) {
      // Loaded only when a proxy is configured.
      if (url.protocol === 'https:') {
        const { HttpsProxyAgent } = await import('https-proxy-agent');
        agent = new HttpsProxyAgent(proxy);
      } else {
        const { HttpProxyAgent } = await import('http-proxy-agent');
        agent = new HttpProxyAgent(proxy);
      }
      agents.set(key, agent);
    }
    return agent;
  };

  return {
    proxyFor: (url) => proxyForUrl(url, ctx.env),
    async send(url, request) {
      const target = new URL(url);
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
        agent: agent ? { http: agent, https: agent as HttpsAgent } : undefined,
      });
      return { statusCode: response.statusCode, statusMessage: response.statusMessage ?? '', headers: response.headers, body: response.body };
    },
  };
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
