// An HTTP stub for in-process runs (after gh's httpmock): each expected request is registered with
// its reply; a request nobody expected, or an expectation no request used, fails verify(). It
// stands in for the whole HTTP stack (ctx.http), so nothing leaves the process.
import type { Http, HttpRequest, HttpResponse } from '../../src/context.js';

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Instead of an answer: a network failure with this code (ECONNRESET, ECONNREFUSED, …). */
  networkError?: string;
}

interface Expectation {
  method: HttpRequest['method'];
  path: string;
  reply: StubReply;
  used: boolean;
}

export interface RecordedCall {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HttpStub {
  /** The Graph URL runs should use (EDU_FLOW_GRAPH_URL). */
  graphUrl: string;
  http: Http;
  /** Expect `method path` (path under graphUrl, query left out) once per reply given, in order. */
  on(method: HttpRequest['method'], path: string, ...replies: StubReply[]): void;
  calls: RecordedCall[];
  /** Throws when a request matched no expectation or an expectation was not used. */
  verify(): void;
}

export function httpStub(graphUrl = 'https://graph.stub.test/beta'): HttpStub {
  const expectations: Expectation[] = [];
  const unexpected: string[] = [];
  const calls: RecordedCall[] = [];
  const base = new URL(graphUrl);
  return {
    graphUrl,
    calls,
    on(method, path, ...replies) {
      for (const reply of replies.length ? replies : [{}]) expectations.push({ method, path, reply, used: false });
    },
    http: {
      proxyFor: () => undefined,
      async send(url, request): Promise<HttpResponse> {
        calls.push({ method: request.method, url, headers: request.headers, body: request.body });
        const target = new URL(url);
        const path = target.origin === base.origin && target.pathname.startsWith(base.pathname) ? target.pathname.slice(base.pathname.length) : target.href;
        const expectation = expectations.find((e) => !e.used && e.method === request.method && e.path === path);
        if (!expectation) {
          unexpected.push(`${request.method} ${url}`);
          throw Object.assign(new Error(`the HTTP stub expected no ${request.method} ${url}`), { code: 'ESTUBUNEXPECTED' });
        }
        expectation.used = true;
        const { reply } = expectation;
        if (reply.networkError) throw Object.assign(new Error(reply.networkError), { code: reply.networkError });
        const json = reply.body !== undefined && typeof reply.body !== 'string';
        return {
          statusCode: reply.status ?? 200,
          statusMessage: '',
          headers: { ...(json ? { 'content-type': 'application/json' } : {}), 'request-id': `stub-${calls.length}`, ...reply.headers },
          body: reply.body === undefined ? '' : json ? JSON.stringify(reply.body) : String(reply.body),
        };
      },
    },
    verify() {
      const unused = expectations.filter((e) => !e.used).map((e) => `${e.method} ${e.path}`);
      const problems = [...unexpected.map((r) => `unexpected request: ${r}`), ...unused.map((r) => `expected but not made: ${r}`)];
      if (problems.length) throw new Error(`HTTP stub:\n  ${problems.join('\n  ')}`);
    },
  };
}
