// RFC 6901 JSON pointers over plain JSON values, for emu.ignoreOnPatch and the state accessors.

/** `/a/b~1c/0` → ['a', 'b/c', '0']; '' → [] (the whole document). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`Not a JSON pointer: ${JSON.stringify(pointer)} (it must start with "/").`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];
const isContainer = (v: unknown): v is Container => typeof v === 'object' && v !== null;

function child(parent: unknown, key: string): { found: boolean; value?: unknown } {
  if (Array.isArray(parent)) {
    const i = /^(0|[1-9]\d*)$/.test(key) ? Number(key) : -1;
    return i >= 0 && i < parent.length ? { found: true, value: parent[i] } : { found: false };
  }
  if (isContainer(parent) && Object.hasOwn(parent, key)) {
    return { found: true, value: (parent as Record<string, unknown>)[key] };
  }
  return { found: false };
}

/** The value at `pointer`, and whether it is there at all (a present `null` is found). */
export function lookup(doc: unknown, pointer: string): { found: boolean; value?: unknown } {
  return lookupKeys(doc, parsePointer(pointer));
}

function lookupKeys(doc: unknown, keys: string[]): { found: boolean; value?: unknown } {
  let current: { found: boolean; value?: unknown } = { found: true, value: doc };
  for (const key of keys) {
    current = child(current.value, key);
    if (!current.found) return current;
  }
  return current;
}

/** The value at `pointer`, or undefined when absent. */
export const valueAt = (doc: unknown, pointer: string): unknown => lookup(doc, pointer).value;

/**
 * Puts `value` at `pointer` in `doc` (mutating it), creating missing objects on the way. Returns
 * false when the path goes through a non-container. The empty pointer is not supported here.
 */
export function setAt(doc: unknown, pointer: string, value: unknown): boolean {
  const keys = parsePointer(pointer);
  if (keys.length === 0) return false;
  let current: unknown = doc;
  for (const key of keys.slice(0, -1)) {
    if (!isContainer(current)) return false;
    const next = child(current, key);
    if (next.found && isContainer(next.value)) current = next.value;
    else if (Array.isArray(current)) return false;
    else {
      const created: Record<string, unknown> = {};
      current[key] = created;
      current = created;
    }
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(current)) {
    const i = Number(last);
    if (!/^(0|[1-9]\d*)$/.test(last) || i > current.length) return false;
    current[i] = value;
    return true;
  }
  if (!isContainer(current)) return false;
  (current as Record<string, unknown>)[last] = value;
  return true;
}

/** Removes what is at `pointer` in `doc` (mutating it); nothing happens when it is absent. */
export function removeAt(doc: unknown, pointer: string): void {
  const keys = parsePointer(pointer);
  if (keys.length === 0) return;
  const parent = lookupKeys(doc, keys.slice(0, -1));
  const last = keys[keys.length - 1];
  if (!parent.found || !isContainer(parent.value)) return;
  if (Array.isArray(parent.value)) {
    if (/^(0|[1-9]\d*)$/.test(last) && Number(last) < parent.value.length) parent.value.splice(Number(last), 1);
  } else {
    delete parent.value[last];
  }
}
