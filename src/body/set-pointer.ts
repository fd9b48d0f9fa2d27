import { UsageError } from '../errors.js';
import { splitPointer } from '../problem.js';

/**
 * Sets `value` at a JSON pointer inside `target`, creating the objects on the way, as
 * `--set /managementOptions/additionalOptions/studentAgeGroup=adult` needs. An array index must
 * exist already, or be "-" (append) or the array's length. Walking into a string, number or
 * null is a usage error rather than a silent overwrite of the user's body.
 */
export function setAtPointer(target: Record<string, unknown>, pointer: string, value: unknown, flag: string): void {
  let tokens: string[];
  try {
    tokens = splitPointer(pointer);
  } catch {
    throw new UsageError(`${flag}: "${pointer}" is not a JSON pointer`, { hint: 'a JSON pointer starts with "/", e.g. /createUnmatchedUsers' });
  }
  if (tokens.length === 0) throw new UsageError(`${flag}: the pointer must name a member, not the whole body`);
  let container: unknown = target;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const last = i === tokens.length - 1;
    const at = `/${tokens.slice(0, i).join('/')}`;
    if (Array.isArray(container)) {
      const index = token === '-' ? container.length : /^(0|[1-9]\d*)$/.test(token) ? Number(token) : NaN;
      if (Number.isNaN(index) || index > container.length) {
        throw new UsageError(`${flag}: "${token}" is not an index of the array at ${at} (it has ${container.length} items)`);
      }
      if (last) container[index] = value;
      else if (index === container.length) container = container[index] = {};
      else container = container[index];
    } else if (container !== null && typeof container === 'object') {
      const record = container as Record<string, unknown>;
      if (last) define(record, token, value);
      else {
        if (!Object.hasOwn(record, token) || record[token] === undefined) define(record, token, {});
        container = record[token];
      }
    } else {
      throw new UsageError(`${flag}: cannot set ${pointer}: ${at} is ${container === null ? 'null' : `a ${typeof container}`}, not an object`);
    }
  }
}

function define(record: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
