import { UsageError } from '../errors.js';

/** A number of seconds from a flag ("1.5"), checked; exit 2 when it is not one. */
export function parseSeconds(raw: string, flag: string, { min = 0, max = 86_400 } = {}): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`${flag} takes a number of seconds from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}

/** A whole number from a flag, checked; exit 2 when it is not one. */
export function parseCount(raw: string, flag: string, { min = 0, max = 10 } = {}): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return value;
}
