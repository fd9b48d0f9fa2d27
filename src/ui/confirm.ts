import { createInterface } from 'node:readline/promises';
import type { Context } from '../context.js';
import { EduFlowError, ExitCode, UsageError } from '../errors.js';

/**
 * Destructive commands ask on a terminal and need --yes otherwise (SPEC §6): nothing ever waits
 * for input without a terminal. Declining is exit 2 ("cancelled"), as in gh, so a wrapper never
 * mistakes it for done.
 */
export async function confirmDestructive(ctx: Context, options: { yes: boolean; question: string; what: string }): Promise<void> {
  if (options.yes) return;
  ensureCanConfirm(ctx, false, options.what);
  const prompt = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
  try {
    const answer = await prompt.question(`${options.question} [y/N] `, { signal: ctx.signal });
    if (!/^\s*y(es)?\s*$/i.test(answer)) throw new EduFlowError(ExitCode.usage, 'cancelled: nothing was changed');
  } finally {
    prompt.close();
  }
}

/** Before any network work: without a terminal, --yes is the only way to go on (exit 2 otherwise). */
export function ensureCanConfirm(ctx: Context, yes: boolean, what: string): void {
  if (yes || (ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) return;
  throw new UsageError(`${what} needs --yes when there is no terminal to confirm on`, { hint: `add --yes to run ${what} without a question` });
}
