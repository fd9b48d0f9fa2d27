// Turning a Reply into bytes on the wire: Graph error bodies, correlation headers, delays, drops.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Reply } from './types.js';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Shorthand used by the routes: a Graph error reply. */
export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { graphError: { status, code, message, headers } };
}

/**
 * The reply sent `ms` later than it would have been (network latency on top of any delay the reply
 * already has). A drop stays immediate: there is no answer to hold back.
 */
export function withLatency(reply: Reply, ms: number): Reply {
  if (!(ms > 0) || 'drop' in reply) return reply;
  return { ...reply, delayMs: (reply.delayMs ?? 0) + ms };
}

/** Lower-cases the names so a test's `Content-Type` replaces the default `content-type`. */
function lower(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
}

/** A header value as one string (Node gives string[] for repeated headers). */
function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

/**
 * Writes `reply` to `res` (after reply.delayMs, through `schedule` so the emulator can cancel
 * the timer on close). Every answer carries a fresh `request-id` and echoes `client-request-id`;
 * like Graph, a request without one gets the request-id back as its client-request-id.
 */
export function writeReply(req: IncomingMessage, res: ServerResponse, reply: Reply, schedule: (fn: () => void, ms: number) => void): void {
  if ('drop' in reply) {
    req.socket.destroy();
    return;
  }
  const requestId = randomUUID();
  const clientRequestId = headerValue(req, 'client-request-id') ?? requestId;
  const correlation = { 'request-id': requestId, 'client-request-id': clientRequestId };

  let status: number;
  let headers: Record<string, string>;
  let payload: string | undefined;
  if ('graphError' in reply) {
    const e = reply.graphError;
    status = e.status;
    headers = { 'content-type': JSON_TYPE, ...correlation, ...lower(e.headers) };
    payload = JSON.stringify({
      error: {
        code: e.code,
        message: e.message,
        // Graph's innerError date has no fraction and no zone: "2021-11-30T12:17:46".
        innerError: { date: new Date().toISOString().slice(0, 19), 'request-id': requestId, 'client-request-id': clientRequestId },
      },
    });
  } else {
    status = reply.status;
    headers = { ...correlation };
    if (typeof reply.body === 'string') payload = reply.body;
    else if (reply.body !== undefined) {
      headers['content-type'] = JSON_TYPE;
      payload = JSON.stringify(reply.body);
    }
    Object.assign(headers, lower(reply.headers));
  }

  const send = () => {
    // The client may have given up (timeout test) while we waited: nothing left to answer.
    if (res.destroyed || req.socket.destroyed) return;
    res.writeHead(status, headers);
    res.end(payload);
  };
  if (reply.delayMs && reply.delayMs > 0) schedule(send, reply.delayMs);
  else send();
}
