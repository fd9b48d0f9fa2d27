import { setOwn } from '../own-member.js';
import { compare } from './compare.js';

/**
 * The members of `desired` a PATCH must carry: only the top-level members whose value differs from
 * `liveBody` by compare()'s rules (a write-only password always differs), each complete, because
 * Graph replaces a complex or collection member whole. An unchanged member repeated by the body
 * (as every `get --body` output does) is not sent, so it cannot disturb what Graph keeps, such as
 * passwords it never shows. `@odata.type` stays first when the body has one. Both arguments are
 * update-ready bodies; with no change the result holds at most `@odata.type`.
 */
export function minimalPatch(liveBody: Record<string, unknown>, desired: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (desired['@odata.type'] !== undefined) patch['@odata.type'] = desired['@odata.type'];
  for (const [key, value] of Object.entries(desired)) {
    if (key === '@odata.type') continue;
    const live = key in liveBody ? { [key]: liveBody[key] } : {};
    if (compare(live, { [key]: value }).changes.length > 0) {
      setOwn(patch, key, value);
    }
  }
  return patch;
}
