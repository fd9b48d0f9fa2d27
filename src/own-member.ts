/**
 * `record[key] = value` as a plain own member, whatever the key. Assignment is the fast path; only
 * "__proto__" needs defineProperty, which would otherwise set the object's prototype instead. (A
 * defineProperty for every key is several times slower, and shows on bodies of 1000 members.)
 */
export function setOwn(record: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
