// Shared shapes of the test emulator. emulator.ts re-exports the public ones.
import type { IncomingHttpHeaders } from 'node:http';

/** One request as the emulator received it (recorded before it is answered). */
export interface RecordedRequest {
  method: string;
  /** The pathname exactly as sent (not decoded), so tests can check how ids were encoded. */
  path: string;
  /** The raw query string without the leading `?` ("" when there is none). */
  query: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** Set when rawBody parses as JSON (whatever the Content-Type said). */
  json?: unknown;
  /** Set for an application/x-www-form-urlencoded body (the Entra token and devicecode POSTs). */
  form?: Record<string, string>;
}

/** A scripted (or computed) answer. */
export type Reply =
  /** body: an object is sent as JSON, a string is sent raw (set its content-type in headers). */
  | { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number }
  /** A Graph OData error: {error:{code,message,innerError:{date,request-id,client-request-id}}}. */
  | { graphError: { status: number; code: string; message: string; headers?: Record<string, string> }; delayMs?: number }
  /** Destroy the socket without answering: the client sees a reset / "socket hang up". */
  | { drop: true };

/** What a route handler gets. `params` are the route's capture groups, percent-decoded. */
export interface RouteContext {
  request: RecordedRequest;
  params: string[];
  origin: string;
  graphUrl: string;
  flows: Map<string, Record<string, unknown>>;
}

/** One entry of a routing table. Graph routes need a bearer token; the Entra (login) routes use `auth: 'none'`. */
export interface Route {
  method: string;
  /** Matched against the raw pathname; capture groups become ctx.params. */
  path: RegExp;
  auth: 'bearer' | 'none';
  handle(ctx: RouteContext): Reply;
}
