import { UnavailableError, UntrustedResponseError } from '../errors.js';
import type { GraphClient } from './client.js';

/** A paging loop that never ends (a link pointing back at itself) is a service fault, not forever. */
const MAX_PAGES = 1000;

/**
 * Every item of a Graph collection, following `@odata.nextLink` only while it stays on the
 * configured Graph origin: a link elsewhere is refused before anything — above all the bearer
 * token — is sent there.
 */
export async function listAll(graph: GraphClient, path: string): Promise<Record<string, unknown>[]> {
  const origin = new URL(graph.baseUrl).origin;
  const items: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let target = path;
  for (let page = 1; ; page++) {
    const response = await graph.request('GET', target);
    const body = response.body as { value?: unknown; '@odata.nextLink'?: unknown } | undefined;
    if (!body || !Array.isArray(body.value)) {
      throw new UnavailableError(`Graph answered ${path} without a list ("value")`);
    }
    items.push(...(body.value as Record<string, unknown>[]));
    const next = body['@odata.nextLink'];
    if (next === undefined || next === null) return items;
    if (typeof next !== 'string') throw new UntrustedResponseError('Graph returned a paging link that is not a URL');
    let nextUrl: URL;
    try {
      nextUrl = new URL(next);
    } catch {
      throw new UntrustedResponseError(`Graph returned a paging link that is not a URL: ${next.slice(0, 200)}`);
    }
    if (nextUrl.origin !== origin) {
      throw new UntrustedResponseError(
        `Graph returned a paging link to another origin (${nextUrl.origin}, not ${origin}): refused, nothing was sent there`,
        'this should never happen with Microsoft Graph: check the Graph URL setting, and any proxy rewriting responses',
      );
    }
    if (seen.has(nextUrl.href) || page >= MAX_PAGES) throw new UntrustedResponseError(`Graph's paging did not end after ${page} pages`);
    seen.add(nextUrl.href);
    target = nextUrl.href;
  }
}
