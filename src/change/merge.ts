import { setOwn } from '../own-member.js';
import { isRecord } from '../body/is-record.js';

/**
 * The PATCH for a body over the live flow: every member the body touches, with
 * complex members completed from the live value — so `--student-age-group adult` alone sends the
 * whole `managementOptions` and no sibling option is lost, since Graph replaces complex members
 * whole. Objects merge member by member; arrays, scalars and null from the body replace.
 * Members the body does not touch are not sent at all.
 */
export function mergeOverLive(live: Record<string, unknown>, body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) define(out, key, mergeValue(live[key], value));
  return out;
}

function mergeValue(live: unknown, value: unknown): unknown {
  if (!isRecord(value) || !isRecord(live)) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(live)) define(out, key, structuredClone(member));
  for (const [key, member] of Object.entries(value)) define(out, key, mergeValue(live[key], member));
  return out;
}

const define = setOwn;
