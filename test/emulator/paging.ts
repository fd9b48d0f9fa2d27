// Server-driven paging for the emulator's lists: `emu.pageSize` items per page and, while more
// remain, an absolute `@odata.nextLink` carrying an opaque `$skiptoken` (general Graph convention).
// The link is on the origin the request was sent to, or on `emu.nextLinkOrigin`.
import { odata } from './graph-common.js';
import { graphError } from './replies.js';
import type { Reply, RouteContext } from './types.js';

const DEFAULT_PAGE_SIZE = 100;

interface Token {
  /** The canonical collection path the token belongs to. */
  p: string;
  /** Offset of the page's first item. */
  o: number;
}

const encodeToken = (t: Token): string => Buffer.from(JSON.stringify(t), 'utf8').toString('base64url');

/** The offset in a token issued for `collection` (a later page of a shrunk list is just empty). */
function decodeToken(raw: string, collection: string): number | undefined {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Token>;
    if (t.p !== collection || !Number.isInteger(t.o) || (t.o as number) < 0) return undefined;
    return t.o;
  } catch {
    return undefined;
  }
}

/** The raw query parameters other than $skiptoken (kept on the nextLink, as Graph keeps $select etc.). */
function otherParams(query: string): string[] {
  return query
    .split('&')
    .filter((part) => part !== '')
    .filter((part) => {
      let name = part.split('=')[0];
      try {
        name = decodeURIComponent(name);
      } catch {
        // keep it as sent
      }
      return name.toLowerCase() !== '$skiptoken';
    });
}

function pageSize(ctx: RouteContext): number {
  const n = Math.floor(ctx.graph.pageSize);
  return Number.isFinite(n) && n >= 1 ? n : DEFAULT_PAGE_SIZE;
}

/**
 * One page of `items` as `{@odata.context, value, @odata.nextLink?}`. `collection` is the canonical
 * path (the nextLink's path); a $skiptoken that was not issued for it is 400 BadRequest.
 */
export function pagedList(ctx: RouteContext, collection: string, context: string, items: unknown[]): Reply {
  const raw = new URLSearchParams(ctx.request.query).get('$skiptoken');
  let offset = 0;
  if (raw !== null) {
    const decoded = decodeToken(raw, collection);
    if (decoded === undefined) return graphError(400, 'BadRequest', `The $skiptoken value '${raw}' is not valid for this collection.`);
    offset = decoded;
  }
  const size = pageSize(ctx);
  const value = items.slice(offset, offset + size).map((item) => structuredClone(item));
  const body: Record<string, unknown> = { value };
  if (offset + size < items.length) {
    const origin = (ctx.graph.nextLinkOrigin ?? ctx.origin).replace(/\/+$/, '');
    const query = [...otherParams(ctx.request.query), `$skiptoken=${encodeToken({ p: collection, o: offset + size })}`].join('&');
    body['@odata.nextLink'] = `${origin}${collection}?${query}`;
  }
  return odata(200, context, body);
}
