/** A JSON object (not null, not an array): the test every walk over a body needs. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
