import { joinPointer } from '../problem.js';
import { isPasswordPointer, MASK, maskPasswords } from '../secrets.js';
import { isRecord } from '../body/is-record.js';
import { roleGroupIdOf } from './password-guard.js';

/**
 * One difference between the live flow and what a PATCH would make it. `before` absent: added;
 * `after` absent: removed. `pointer` is where the value is: in the new body for added and changed
 * members, in the live flow for removed ones. `element` names the list element it belongs to
 * ("role group staff", "code teacher") when lists are compared element by element.
 */
export interface Change {
  pointer: string;
  before?: unknown;
  after?: unknown;
  element?: string;
}

export interface Comparison {
  changes: Change[];
  /** Members the service no longer returns (e.g. markAllStudentsAsMinors): reported, not changes. */
  notReturned: string[];
}

/** Members Graph stopped returning: their absence from the live flow proves nothing. */
const NO_LONGER_RETURNED = new Set(['markAllStudentsAsMinors']);

/**
 * What a PATCH of `next` would change on `live` (both update-ready bodies):
 * - a write-only password always counts (it cannot be read back), and is never shown;
 * - a role group compares by id whatever the bind URL's host; section-role codes compare
 *   case-insensitively (requests say paraProfessional, responses paraprofessional);
 * - nested @odata.type annotations, which Graph echoes bare, are not changes;
 * - lists are compared element by element: user configurations by role group (added, removed, or
 *   changed member by member), enrollment mappings by code, lists of values (licenseSkus,
 *   additionalAttributes, filter values) as values added and removed, order ignored.
 * Each element that differs is one change.
 */
export function compare(live: Record<string, unknown>, next: Record<string, unknown>): Comparison {
  const result: Comparison = { changes: [], notReturned: [] };
  for (const [key, value] of Object.entries(next)) {
    if (key === '@odata.type') continue;
    walk(live[key], value, joinPointer('', key), key in live, result, undefined);
  }
  return result;
}

function push(result: Comparison, change: Change, element: string | undefined): void {
  result.changes.push(element === undefined ? change : { ...change, element });
}

function walk(before: unknown, after: unknown, pointer: string, present: boolean, result: Comparison, element: string | undefined): void {
  const key = pointer.slice(pointer.lastIndexOf('/') + 1);
  if (isPasswordPointer(pointer)) {
    push(result, { pointer, ...(present ? { before: MASK } : {}), after: MASK }, element);
    return;
  }
  if (key === '@odata.type') return;
  if (!present && NO_LONGER_RETURNED.has(key)) {
    result.notReturned.push(pointer);
    return;
  }
  if (key === 'roleGroup@odata.bind') {
    if (roleGroupIdOf({ [key]: before }) !== roleGroupIdOf({ [key]: after })) push(result, { pointer, before, after }, element);
    return;
  }
  if (key === 'code' && typeof before === 'string' && typeof after === 'string') {
    if (before.toLowerCase() !== after.toLowerCase()) push(result, { pointer, before, after }, element);
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
        if (member !== '@odata.type') push(result, { pointer: at, before: maskPasswords(base[member]) }, element);
        continue;
      }
      walk(base[member], after[member], at, member in base, result, element);
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after) && compareLists(before, after, pointer, result, element)) return;
  if (!deepEqual(before, after) || !present) push(result, { pointer, ...(present ? { before: maskPasswords(before) } : {}), after: maskPasswords(after) }, element);
}

/** How a list's elements are matched between the live flow and the body. */
type ListKind = 'configurations' | 'codes' | 'values';

function listKind(items: unknown[]): ListKind | undefined {
  if (items.every((item) => isRecord(item) && roleGroupIdOf(item) !== undefined)) return 'configurations';
  if (items.every((item) => isRecord(item) && typeof item.code === 'string')) return 'codes';
  if (items.every((item) => item === null || ['string', 'number', 'boolean'].includes(typeof item))) return 'values';
  return undefined;
}

/** Compares two lists element by element; false when they are of no kind matched by key. */
function compareLists(before: unknown[], after: unknown[], pointer: string, result: Comparison, element: string | undefined): boolean {
  const kind = listKind([...before, ...after]);
  if (kind === undefined) {
    if (before.length !== after.length) return false;
    for (const [index, item] of after.entries()) walk(before[index], item, joinPointer(pointer, index), true, result, element);
    return true;
  }
  if (kind === 'values') {
    const key = (value: unknown): string => JSON.stringify(value);
    const had = new Set(before.map(key));
    const has = new Set(after.map(key));
    for (const value of after) if (!had.has(key(value))) push(result, { pointer, after: value }, element);
    for (const value of before) if (!has.has(key(value))) push(result, { pointer, before: value }, element);
    return true;
  }
  const keyOf = (item: unknown): string =>
    kind === 'configurations' ? (roleGroupIdOf(item as Record<string, unknown>) as string) : String((item as Record<string, unknown>).code).toLowerCase();
  const label = (item: unknown): string => (kind === 'configurations' ? `role group ${keyOf(item)}` : `code ${String((item as Record<string, unknown>).code)}`);
  const remaining = before.map((item, index) => ({ item, index }));
  after.forEach((item, index) => {
    const at = remaining.findIndex((candidate) => keyOf(candidate.item) === keyOf(item));
    const itemPointer = joinPointer(pointer, index);
    if (at < 0) {
      push(result, { pointer: itemPointer, after: maskPasswords(item) }, element ?? label(item));
      return;
    }
    const [match] = remaining.splice(at, 1);
    walk(match.item, item, itemPointer, true, result, element ?? label(item));
  });
  for (const { item, index } of remaining) push(result, { pointer: joinPointer(pointer, index), before: maskPasswords(item) }, element ?? label(item));
  return true;
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
