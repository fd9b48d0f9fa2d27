import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import { EduFlowError, GraphError, UnavailableError, InterruptedError, UntrustedResponseError } from '../errors.js';
import type { Credential, TokenProvider } from '../auth/token-provider.js';
import type { Reporter } from '../ui/reporter.js';
import { PROXY_AUTH_HINT, PROXY_AUTH_REQUIRED, via, type Http, type HttpResponse } from '../net/http.js';
import { maskPasswords } from '../secrets.js';
import { graphErrorFrom } from './graph-error.js';
import { checkWritePermission, flowSetWriteWarning, writePermissionFor } from '../auth/preflight.js';
import { decideRetry, parseRetryAfter, type Failure, type Method } from './retry-policy.js';
import { MAX_RESPONSE_DEPTH, nestingBeyond } from '../json-nesting.js';

export interface GraphClientOptions {
  /** Base URL with version, no trailing slash (settings checked it). */
  baseUrl: string;
  http: Http;
  tokens: TokenProvider;
  retries: number;
  maxWaitMs: number;
  timeoutMs: number;
}

export interface GraphResponse {
  status: number;
  body: unknown;
  requestId?: string;
  clientRequestId: string;
  attempts: number;
  credential: Credential;
  /** A retried DELETE found the object gone: the earlier attempt most likely did it, so the DELETE counts as done. */
  alreadyGone?: boolean;
}

export interface RequestOptions {
  /** DELETE: a 404 after a retry whose earlier attempt had an unknown outcome counts as done. */
  goneAfterRetryIsSuccess?: boolean;
}

export interface GraphClient {
  /** `target` is a path under the Graph base URL ("/external/…"), or an absolute URL the pager already checked. */
  request(method: Method, target: string, body?: unknown, options?: RequestOptions): Promise<GraphResponse>;
  /**
   * For a command that is going to write: the credential it will write with (tenant, principal,
   * source), refused with exit 4 when the token plainly lacks the write permission. Called before
   * the first read, so a read-only token costs no request and leaves no backup behind.
   */
  preflightWrite(): Promise<Credential>;
  /** The credential requests go out with (no permission check): its tenant keys per-tenant caches. */
  credential(): Promise<Credential>;
  readonly baseUrl: string;
}

/**
 * The one way to Graph: bearer token, correlation headers, bounded and announced retries, typed
 * errors. got's own retry is off: it would not retry PATCH, nor fail fast on a long Retry-After
 * (got's own retry cannot do either), and the waits must be announced and abortable.
 */
export function createGraphClient(ctx: Context, reporter: Reporter, options: GraphClientOptions): GraphClient {
  const userAgent = `edu-flow/${ctx.version}`;

  return {
    baseUrl: options.baseUrl,
    credential: () => options.tokens.getCredential(),
    async preflightWrite() {
      const credential = await options.tokens.getCredential();
      ctx.secrets.add(credential.token);
      const refusal = checkWritePermission(credential.token);
      if (refusal) throw refusal;
      return credential;
    },
    async request(method, target, body, requestOptions = {}) {
      const url = target.startsWith('/') ? `${options.baseUrl}${target}` : target;
      const path = new URL(url).pathname;
      const clientRequestId = randomUUID();
      let credential = await options.tokens.getCredential();
      ctx.secrets.add(credential.token);
      if (method !== 'GET') {
        // A write to the wrong tenant must be visible before it happens.
        reporter.info(`  ${describeCredential(credential)}`);
        const refusal = checkWritePermission(credential.token, writePermissionFor(path));
        if (refusal) throw refusal;
        const warning = flowSetWriteWarning(method, path, credential.token);
        if (warning) reporter.warn(warning);
      }
      let refreshedAfter401 = false;
      // Set once an attempt failed in a way that may still have reached the service.
      let outcomeUnknown = false;

      for (let attempt = 1; ; attempt++) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        const headers: Record<string, string> = {
          authorization: `Bearer ${credential.token}`,
          accept: 'application/json',
          'client-request-id': clientRequestId,
          'user-agent': userAgent,
        };
        if (body !== undefined) headers['content-type'] = 'application/json';
        logRequest(reporter, method, url, headers, body);

        const started = Date.now();
        let failure: Failure;
        let lastError: GraphError | UnavailableError;
        try {
          const response = await options.http.send(url, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            timeoutMs: options.timeoutMs,
          });
          const requestId = header(response, 'request-id');
          reporter.verbose(`${method} ${url} → ${response.statusCode} in ${Date.now() - started} ms (request-id ${requestId ?? '-'}, attempt ${attempt})${via(options.http, url)}`);
          reporter.debug(`  response headers: ${JSON.stringify(response.headers)}`);
          if (response.body) reporter.debugBody('response body', response.body);

          if (response.statusCode === PROXY_AUTH_REQUIRED) {
            throw new UnavailableError(`cannot reach ${new URL(url).host} through the proxy`, { hint: PROXY_AUTH_HINT });
          }
          if (response.statusCode === 404 && outcomeUnknown && requestOptions.goneAfterRetryIsSuccess) {
            return { status: 404, body: undefined, requestId, clientRequestId, attempts: attempt, credential, alreadyGone: true };
          }
          if (response.statusCode >= 200 && response.statusCode < 300) {
            return { status: response.statusCode, body: parseSuccessBody(response, method, url, reporter), requestId, clientRequestId, attempts: attempt, credential };
          }
          lastError = graphErrorFrom(response.statusCode, response.statusMessage, response.body, response.headers, method, url, clientRequestId);
          if (response.statusCode === 401 && !refreshedAfter401) {
            // One fresh token, one retry; a source that cannot refresh gives the same token back.
            refreshedAfter401 = true;
            const fresh = await options.tokens.getCredential({ forceRefresh: true });
            if (fresh.token !== credential.token) {
              credential = fresh;
              ctx.secrets.add(credential.token);
              reporter.info('Graph refused the token (401); retrying once with a fresh one');
              continue;
            }
          }
          failure = { kind: 'status', status: response.statusCode, retryAfterMs: parseRetryAfter(header(response, 'retry-after'), ctx.now()) };
        } catch (error) {
          // Our own verdicts (a proxy refusal, an unreadable 2xx body) are final, not network noise to retry.
          if (error instanceof EduFlowError) throw error;
          if (ctx.signal.aborted) throw ctx.signal.reason instanceof InterruptedError ? ctx.signal.reason : new InterruptedError('SIGINT');
          const code = networkCode(error);
          reporter.verbose(`${method} ${url} → ${code} after ${Date.now() - started} ms (attempt ${attempt})`);
          lastError = networkError(code, error, url, options.timeoutMs);
          failure = { kind: 'network', code };
        }

        const decision = decideRetry(method, failure, attempt, options.retries, options.maxWaitMs);
        if (!decision.retry) {
          if (decision.why === 'wait-too-long') {
            const at = new Date(ctx.now().getTime() + decision.waitMs);
            throw new UnavailableError(
              `Graph asked to wait ${seconds(decision.waitMs)} before retrying (Retry-After), longer than --max-wait ${seconds(options.maxWaitMs)}: nothing more was sent`,
              { hint: `retry after ${at.toISOString()}, or raise --max-wait`, cause: lastError },
            );
          }
          if (decision.why === 'exhausted' && lastError instanceof GraphError) {
            throw new GraphError(lastError.info, { hint: `gave up after ${attempt} attempts; ${lastError.hint ?? 'try again later'}` });
          }
          throw lastError;
        }
        outcomeUnknown = true;
        const what = failure.kind === 'status' ? `${failure.status}` : failure.code;
        reporter.info(
          `Graph answered ${what} to ${method}; retrying in ${seconds(decision.waitMs)}${decision.becauseOf === 'retry-after' ? ' (Retry-After)' : ''}, attempt ${attempt + 1} of ${options.retries + 1}`,
        );
        try {
          await ctx.sleep(decision.waitMs, ctx.signal);
        } catch {
          throw ctx.signal.reason instanceof InterruptedError ? ctx.signal.reason : new InterruptedError('SIGINT');
        }
      }
    },
  };
}

export function describeCredential(credential: Credential): string {
  return `tenant ${credential.tenant ?? 'unknown (opaque token)'}, as ${credential.principal ?? 'unknown'}, credential: ${credential.source}`;
}

function header(response: HttpResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A 2xx body: empty (204) is fine; JSON otherwise. An unreadable body on a read is exit 6. */
function parseSuccessBody(response: HttpResponse, method: string, url: string, reporter: Reporter): unknown {
  if (response.body.trim() === '') return undefined;
  if (nestingBeyond(response.body, MAX_RESPONSE_DEPTH)) {
    throw new UntrustedResponseError(
      `Graph answered ${method} ${url} with a body nested more than ${MAX_RESPONSE_DEPTH} levels deep: not read`,
      'no Graph object is nested that deep; this is not an answer edu-flow can use',
    );
  }
  try {
    return JSON.parse(response.body);
  } catch {
    if (method === 'GET') throw new UnavailableError(`Graph answered ${method} ${url} with ${response.statusCode} but a body that is not JSON`);
    // A write Graph accepted stays accepted (an unreadable body is exit 6 only on reads);
    // its answer is simply unknown, never passed on as if it were the object.
    reporter.warn(`Graph accepted the ${method} (HTTP ${response.statusCode}) but its answer is not JSON and could not be read`);
    return undefined;
  }
}

function logRequest(reporter: Reporter, method: string, url: string, headers: Record<string, string>, body: unknown): void {
  if (!reporter.debugEnabled) return;
  const shown = { ...headers, authorization: 'Bearer ********' };
  reporter.debug(`${method} ${url}\n  request headers: ${JSON.stringify(shown)}`);
  if (body !== undefined) reporter.debug(`  request body: ${JSON.stringify(maskPasswords(body))}`);
}

function networkCode(error: unknown): string {
  const e = error as { code?: string; name?: string; cause?: { code?: string } };
  if (e.name === 'TimeoutError') return 'ETIMEDOUT';
  return e.code ?? e.cause?.code ?? 'ENETWORK';
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS/;

function networkError(code: string, cause: unknown, url: string, timeoutMs: number): UnavailableError {
  const host = new URL(url).host;
  if (code === 'ETIMEDOUT')
    return new UnavailableError(`no answer from ${host} within ${seconds(timeoutMs)} (--timeout)`, { hint: 'check the network, or raise --timeout', cause });
  if (code === 'ECONNREFUSED') return new UnavailableError(`${host} refused the connection`, { hint: 'check --graph-url / EDU_FLOW_GRAPH_URL and any proxy', cause });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new UnavailableError(`cannot resolve ${host} (DNS)`, { hint: 'check the network and --graph-url', cause });
  if (code === 'ECONNRESET' || code === 'EPIPE')
    return new UnavailableError(`${host} closed the connection`, { hint: 'a proxy or firewall may be cutting the connection; try again', cause });
  if (TLS_CODES.test(code)) {
    return new UnavailableError(`the TLS certificate of ${host} is not trusted (${code})`, {
      hint: 'behind a TLS-inspecting proxy, point NODE_EXTRA_CA_CERTS at its CA certificate (PEM)',
      cause,
    });
  }
  return new UnavailableError(`request to ${host} failed (${code})`, { cause });
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}
