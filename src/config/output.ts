import type { Env } from '../context.js';
import { UsageError } from '../errors.js';

export type OutputFormat = 'json' | 'text';

/** `-o/--output`, else EDU_FLOW_OUTPUT, else json when stdout is not a terminal. */
export function resolveOutput(flag: string | undefined, env: Env, stdoutIsTTY: boolean): { format: OutputFormat; explicit: boolean } {
  const raw = flag ?? (env.EDU_FLOW_OUTPUT || undefined);
  if (raw === undefined) return { format: stdoutIsTTY ? 'text' : 'json', explicit: false };
  const value = raw.toLowerCase();
  if (value !== 'json' && value !== 'text') {
    throw new UsageError(`--output must be json or text, not ${JSON.stringify(raw)}`);
  }
  return { format: value, explicit: true };
}
