import type { Env } from '../context.js';
import { joinPointer, type Problem } from '../problem.js';
import { isRecord } from './is-record.js';
import { isPasswordKey } from '../secrets.js';

/**
 * A password in a committed body may be written `{"$env": "NAME"}`: the body can live in
 * git while the secret lives in the CI's secret store. `update` and `create` resolve it (a missing
 * variable is an invalid body: exit 3, nothing sent); `validate` only checks the form and warns
 * when the variable is unset, standing in a placeholder so the schema sees a string.
 */
export type EnvRefMode = 'resolve' | 'check';

export interface EnvRefResult {
  errors: Problem[];
  warnings: Problem[];
  /** Resolved secret values, for the scrubber. */
  secrets: string[];
}

const PLACEHOLDER = 'env-reference-placeholder';
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Replaces every `password: {"$env": NAME}` in place. */
export function resolveEnvRefs(body: Record<string, unknown>, env: Env, mode: EnvRefMode): EnvRefResult {
  const result: EnvRefResult = { errors: [], warnings: [], secrets: [] };
  const walk = (value: unknown, pointer: string): void => {
    if (Array.isArray(value))
      value.forEach((item, index) => {
        walk(item, joinPointer(pointer, index));
      });
    else if (isRecord(value)) {
      for (const [key, member] of Object.entries(value)) {
        const at = joinPointer(pointer, key);
        if (isPasswordKey(key) && isRecord(member) && '$env' in member) value[key] = resolveOne(member, at, env, mode, result);
        else walk(member, at);
      }
    }
  };
  walk(body, '');
  return result;
}

function resolveOne(reference: Record<string, unknown>, pointer: string, env: Env, mode: EnvRefMode, result: EnvRefResult): unknown {
  const name = reference.$env;
  if (Object.keys(reference).length !== 1 || typeof name !== 'string' || !NAME.test(name)) {
    result.errors.push({ pointer, message: 'an environment reference is {"$env": "VARIABLE_NAME"} and nothing else' });
    return reference;
  }
  const value = env[name];
  if (value === undefined || value === '') {
    if (mode === 'check') {
      result.warnings.push({ pointer, message: `the environment variable ${name} is not set here; update and create will need it` });
      return PLACEHOLDER;
    }
    result.errors.push({ pointer, message: `the environment variable ${name} is not set (the password comes from it)` });
    return reference;
  }
  result.secrets.push(value);
  return mode === 'check' ? PLACEHOLDER : value;
}
