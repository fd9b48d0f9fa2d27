import { GraphError, type GraphErrorInfo } from '../errors.js';
import { permissionHint, RUN_START_PERMISSION } from '../auth/preflight.js';

/** Graph's OData error body → a typed error that keeps everything support will ask for. */
export function graphErrorFrom(
  status: number,
  statusText: string,
  rawBody: string,
  headers: Record<string, string | string[] | undefined>,
  method: string,
  url: string,
  clientRequestId: string,
): GraphError {
  const parsed = parseErrorBody(rawBody);
  const inner = parsed?.innerError ?? parsed?.innererror;
  const header = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const info: GraphErrorInfo = {
    status,
    code: parsed?.code,
    message: parsed?.message || fallbackMessage(status, statusText, rawBody),
    requestId: inner?.['request-id'] ?? header('request-id'),
    clientRequestId: inner?.['client-request-id'] ?? header('client-request-id') ?? clientRequestId,
    date: inner?.date ?? header('date'),
    method,
    url,
  };
  return new GraphError(info, { hint: hintFor(status, url, method) });
}

interface ODataError {
  code?: string;
  message?: string;
  innerError?: Record<string, string | undefined>;
  innererror?: Record<string, string | undefined>;
}

function parseErrorBody(raw: string): ODataError | undefined {
  try {
    const body = JSON.parse(raw) as { error?: unknown };
    const error = body?.error;
    if (error && typeof error === 'object') {
      const e = error as Record<string, unknown>;
      const inner = (e.innerError ?? e.innererror) as Record<string, unknown> | undefined;
      const strings =
        inner && typeof inner === 'object' ? (Object.fromEntries(Object.entries(inner).filter(([, v]) => typeof v === 'string')) as Record<string, string>) : undefined;
      return {
        code: typeof e.code === 'string' ? e.code : undefined,
        message: typeof e.message === 'string' ? e.message : undefined,
        innerError: strings,
      };
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): the status and a snippet will have to do.
  }
  return undefined;
}

function fallbackMessage(status: number, statusText: string, raw: string): string {
  const snippet = raw.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}${snippet ? `: ${snippet}` : ''}`;
}

function hintFor(status: number, url: string, method: string): string | undefined {
  if (status === 401) {
    return 'Graph refused the access token (expired, for another resource, or revoked): get a fresh token for https://graph.microsoft.com';
  }
  if (status === 403 && /\/roleGroups(\/|$|\?)/i.test(url)) {
    return 'reading role groups needs IndustryData-ReferenceDefinition.Read.All (with admin consent): add it to the app, or sign in again with `edu-flow login` once it is granted';
  }
  if (status === 403 && /\/subscribedSkus(\/|$|\?)/i.test(url)) {
    return 'reading the subscribed licences needs Organization.Read.All (or Directory.Read.All) with admin consent';
  }
  if (status === 403 && /\/external\/industryData\/runs(\/|$|\?)/i.test(url)) {
    return /\/runs\/(microsoft\.graph\.industryData\.)?start$/i.test(url)
      ? permissionHint(undefined, RUN_START_PERMISSION)
      : permissionHint(undefined, 'IndustryData-Run.Read.All');
  }
  if (status === 403 && method === 'GET') return permissionHint(undefined, 'IndustryData-OutboundFlow.Read.All');
  if (status === 403) return permissionHint();
  if (status === 404) return 'check --set-id and --flow-id: `edu-flow list` shows the flows of a set';
  if (status === 429 || status >= 500) return 'Graph is busy or unavailable: try again in a few minutes';
  return undefined;
}
