import { setOwn } from '../own-member.js';
import { isPasswordKey, MASK } from '../secrets.js';

/**
 * Graph's response annotations (`@odata.context`, `roleGroup@odata.context`, `@odata.etag`…) say
 * nothing a user or a script needs, and would be refused in a body: dropped everywhere, at any
 * depth — except `@odata.type`, which names the flow type and the abstract subtypes. With
 * maskPasswords, the same walk masks every password too (as maskPasswords() does), in one copy.
 */
export function stripAnnotations<T>(value: T, options: { maskPasswords?: boolean } = {}): T {
  const mask = options.maskPasswords === true;
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(node as Record<string, unknown>)) {
      if (key.includes('@odata.') && key !== '@odata.type') continue;
      setOwn(out, key, mask && isPasswordKey(key) && typeof member === 'string' ? MASK : walk(member));
    }
    return out;
  };
  // A deep copy either way: callers may change the result.
  return walk(value) as T;
}
