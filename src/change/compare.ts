import { joinPointer } from '../body/problem.js';
import { maskPasswords } from '../ui/secrets.js';
import { isRecord } from '../body/is-record.js';

/** One difference between the live flow and what a PATCH would make it. */
export interface Change {
  pointer: string;
  before?: unknown;
  after?: unknown;
}

export interface Comparison {
  changes: Change[];
  /** Members the service no longer returns (e.g. markAllStudentsAsMinors): reported, not changes. */
  notReturned: string[];
}

/** Members Graph stopped returning: their absence from the live flow proves nothing. */
const NO_LONGER_RETURNED = new Set(['markAllStudentsAsMinors']);
const WRITE_ONLY = 'password';
const MASK = '********';

/**
 * What a PATCH of `next` would change on `live` (both update-ready bodies), by SPEC §6 item 8's
 * rules: a write-only password always counts (it cannot be read back); a role group compares by
 * id whatever the bind URL's host; section-role codes compare case-insensitively (requests say
 * paraProfessional, responses paraprofessional); nested @odata.type annotations, which Graph
 * echoes bare, are not changes.
 */
export function compare(live: Record<string, unknown>, next: Record<string, unknown>): Comparison {
  const result: Comparison = { changes: [], notReturned: [] };
  for (const [key, value] of Object.entries(next)) {
    if (key === '@odata.type') continue;
    walk(live[key], value, joinPointer('', key), key in live, result);
  }
  return result;
}

function walk(before: unknown, after: unknown, pointer: string, present: boolean, result: Comparison): void {
  const key = pointer.slice(pointer.lastIndexOf('/') + 1);
  if (key.toLowerCase() === WRITE_ONLY) {
    result.changes.push({ pointer, before: present ? MASK : undefined, after: MASK });
    return;
  }
  if (key === '@odata.type') return;
  if (!present && NO_LONGER_RETURNED.has(key)) {
    result.notReturned.push(pointer);
    return;
  }
  if (key === 'roleGroup@odata.bind') {
    if (roleGroupId(before) !== roleGroupId(after)) result.changes.push({ pointer, before, after });
    return;
  }
  if (key === 'code' && typeof before === 'string' && typeof after === 'string') {
    if (before.toLowerCase() !== after.toLowerCase()) result.changes.push({ pointer, before, after });
    return;
  }
  if (isRecord(after) && (isRecord(before) || !present)) {
    // A member new to the flow is walked too, so each of its leaves follows the rules above
    // (a password inside it is reported as write-only, never by value).
    const base = isRecord(before) ? before : {};
    const keys = new Set([...Object.keys(base), ...Object.keys(after)]);
    for (const member of keys) {
      const at = joinPointer(pointer, member);
      if (!(member in after)) {
        if (member !== '@odata.type') result.changes.push({ pointer: at, before: maskPasswords(base[member]) });
        continue;
      }
      walk(base[member], after[member], at, member in base, result);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    after.forEach((item, index) => walk(before[index], item, joinPointer(pointer, index), true, result));
    return;
  }
  if (!deepEqual(before, after) || !present) result.changes.push({ pointer, before: maskPasswords(before), after: maskPasswords(after) });
}

/** `…/roleGroups/staff` (any host or version) → "staff". */
function roleGroupId(bind: unknown): string | undefined {
  if (typeof bind !== 'string') return undefined;
  return decodeURIComponent(bind.slice(bind.lastIndexOf('/') + 1)).toLowerCase();
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  if (isRecord(a) && isRecord(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}
