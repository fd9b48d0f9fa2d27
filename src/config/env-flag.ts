import type { Env } from '../context.js';

/** "1", "true", "yes" (any case) turn a boolean environment switch on. */
export function envFlag(env: Env, name: string): boolean {
  return /^(1|true|yes|on)$/i.test(env[name] ?? '');
}
