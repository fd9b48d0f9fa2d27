import type { Agent as HttpsAgent } from 'node:https';
import got from 'got';
import type { Context, Http } from '../context.js';
import { proxyCredentials, proxyForUrl } from './proxy-for-url.js';
import { isLoopbackHost, redactUrl } from '../config/urls.js';
import { UnavailableError, UsageError } from '../errors.js';
import { preconnectedAgent, type Preconnection } from './preconnect.js';

export type { Http, HttpRequest, HttpResponse } from '../context.js';

/**
 * The one HTTP stack for Graph and for sign-in (MSAL's networkClient): got with the proxy the
 * environment asks for, Node's trust store (so NODE_EXTRA_CA_CERTS applies), a per-attempt
 * timeout, and the run's abort signal. No retries and no redirects here: callers decide. A run
 * that brings its own stack (ctx.http) gets that one.
 */
export function createHttp(ctx: Context, options: { preconnection?: Preconnection } = {}): Http {
  for (const secret of proxyCredentials(ctx.env)) ctx.secrets.add(secret);
  if (ctx.http) return ctx.http;
  const limit = maxResponseSize(ctx.env);
  const agents = new Map<string, HttpsAgent>();
  const { preconnection } = options;
  let preconnected: HttpsAgent | undefined;

  const agentFor = async (url: URL): Promise<HttpsAgent | undefined> => {
    const proxy = proxyForUrl(url, ctx.env);
    if (!proxy) {
      // Direct: Node's global agent, but for the origin a connection was opened to in advance.
      if (preconnection === undefined || url.origin !== preconnection.origin) return undefined;
      preconnected ??= preconnectedAgent(preconnection);
      return preconnected;
    }
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
      const call = got(target, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        throwHttpErrors: false,
        followRedirect: false,
        retry: { limit: 0 },
        timeout: { request: request.timeoutMs },
        signal: ctx.signal,
        responseType: 'text',
        // Uncompressed, so the bytes counted against the cap are the bytes held in memory.
        decompress: false,
        agent: agent ? { https: agent } : undefined,
      });
      // A bounded read: an answer larger than the cap is not read to the end (no answer edu-flow
      // needs comes near it), whether its Content-Length says so or it just keeps coming.
      let tooLarge = false;
      const stop = (): void => {
        tooLarge = true;
        call.cancel();
      };
      call.on('response', (response: { headers: Record<string, string | string[] | undefined> }) => {
        if (Number(response.headers['content-length'] ?? 0) > limit.bytes) stop();
      });
      call.on('downloadProgress', (progress: { transferred: number }) => {
        if (progress.transferred > limit.bytes) stop();
      });
      try {
        const response = await call;
        return { statusCode: response.statusCode, statusMessage: response.statusMessage ?? '', headers: response.headers, body: response.body };
      } catch (error) {
        if (tooLarge) {
          throw new UnavailableError(`the answer from ${target.host} is larger than ${limit.mib} MiB: edu-flow stopped reading it and sent nothing more`, {
            hint: `no Graph or sign-in answer edu-flow reads is that large; if this one should be, raise ${MAX_RESPONSE_ENV} (MiB, default ${DEFAULT_MAX_RESPONSE_MIB})`,
          });
        }
        throw error;
      }
    },
  };
}

/** The largest answer read, in MiB: EDU_FLOW_MAX_RESPONSE_MB, else 16. */
export const MAX_RESPONSE_ENV = 'EDU_FLOW_MAX_RESPONSE_MB';
export const DEFAULT_MAX_RESPONSE_MIB = 16;

export function maxResponseSize(env: Context['env']): { mib: number; bytes: number } {
  const raw = env[MAX_RESPONSE_ENV];
  if (raw === undefined || raw.trim() === '') return { mib: DEFAULT_MAX_RESPONSE_MIB, bytes: DEFAULT_MAX_RESPONSE_MIB * 1024 * 1024 };
  const mib = Number(raw);
  if (!Number.isFinite(mib) || mib < 1 || mib > 1024) {
    throw new UsageError(`${MAX_RESPONSE_ENV} takes a number of MiB from 1 to 1024, not ${JSON.stringify(raw)}`);
  }
  return { mib, bytes: Math.floor(mib * 1024 * 1024) };
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
