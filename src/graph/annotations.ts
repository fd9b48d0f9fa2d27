import { setOwn } from '../own-member.js';

/**
 * Graph's response annotations (`@odata.context`, `roleGroup@odata.context`, `@odata.etag`…) say
 * nothing a user or a script needs, and would be refused in a body: dropped everywhere, at any
 * depth — except `@odata.type`, which names the flow type and the abstract subtypes.
 */
export function stripAnnotations<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => stripAnnotations(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (key.includes('@odata.') && key !== '@odata.type') continue;
      setOwn(out, key, stripAnnotations(member));
    }
    return out as T;
  }
  return value;
}
