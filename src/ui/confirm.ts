import { createInterface } from 'node:readline';
import type { Context } from '../context.js';
import { EduFlowError, ExitCode, InterruptedError, UsageError } from '../errors.js';
import type { Reporter } from './reporter.js';
import { inline, quoted } from './terminal-text.js';

/** Exit 2: the person at the prompt said no (or gave no answer); nothing was sent. */
export class CancelledError extends EduFlowError {
  constructor() {
    super(ExitCode.usage, 'cancelled: nothing was sent');
  }
}

/** What a write is about to touch, shown before the question so a wrong tenant or set is visible. */
export interface WriteTarget {
  /** Tenant domain or id ('unknown' when the token is opaque). */
  tenant: string;
  /** The account or app the write runs as. */
  principal: string;
  /** Where the credential came from ("env token", "signed-in account"…), when known. */
  source?: string;
  setId: string;
  /** The set's displayName, when known. */
  setName?: string;
  /** "user provisioning flow". */
  flowType?: string;
  flowId?: string;
}

export interface ConfirmOptions {
  yes: boolean;
  /** The command, for the --yes hint: "`edu-flow delete`". */
  what: string;
  /** The question itself, without "[y/N]". */
  question: string;
  target: WriteTarget;
  /** What the write changes, one line each. */
  summary: string[];
}

/** The lines shown before the question: tenant, account, set (name and id), flow (type and id), then the summary. */
export function describeTarget(target: WriteTarget, summary: string[] = []): string[] {
  const set = target.setName ? `${quoted(target.setName)} (${target.setId})` : target.setId;
  return [
    `  tenant:   ${inline(target.tenant || 'unknown')}`,
    `  account:  ${inline(target.principal || 'unknown')}${target.source ? ` (${target.source})` : ''}`,
    `  flow set: ${set}`,
    ...(target.flowId === undefined ? [] : [`  flow:     ${target.flowType ?? 'provisioning flow'} ${target.flowId}`]),
    ...summary.map((line) => `  ${line}`),
  ];
}

/**
 * Destructive or overwriting writes. With --yes: goes on at once. Without a terminal: exit 2
 * (call ensureCanConfirm before any network work so this never comes late). On a terminal: the
 * target and the summary, then "[y/N]". Yes goes on; no, an empty answer or end of input
 * (Ctrl-D) is CancelledError (exit 2); Ctrl-C is InterruptedError (exit 130). Nothing is sent
 * unless the answer is yes.
 */
export async function confirmWrite(ctx: Context, reporter: Reporter, options: ConfirmOptions): Promise<void> {
  await confirmLines(ctx, reporter, { yes: options.yes, what: options.what, question: options.question, lines: describeTarget(options.target, options.summary) });
}

/** The same question for a write of many objects (apply): `lines` say what it touches. */
export async function confirmLines(ctx: Context, reporter: Reporter, options: { yes: boolean; what: string; question: string; lines: string[] }): Promise<void> {
  if (options.yes) return;
  ensureCanConfirm(ctx, false, options.what);
  if (options.lines.length > 0) reporter.info(options.lines.join('\n'));
  const answer = await ask(ctx, `${options.question} [y/N] `);
  if (answer === undefined || !isYes(answer)) throw new CancelledError();
}

/** Before any network work: without a terminal, --yes is the only way to go on (exit 2 otherwise). */
export function ensureCanConfirm(ctx: Context, yes: boolean, what: string): void {
  if (yes || (ctx.io.stdinIsTTY && ctx.io.stderrIsTTY)) return;
  throw new UsageError(`${what} needs --yes when there is no terminal to confirm on`, { hint: `add --yes to run ${what} without a question` });
}

const isYes = (answer: string): boolean => /^\s*y(es)?\s*$/i.test(answer);

/**
 * One line from the terminal; undefined at end of input. A terminal readline in raw mode turns
 * Ctrl-C into a 'SIGINT' event on the interface (the process gets no signal) and Ctrl-D on an
 * empty line into 'close'; the run's abort signal (a real SIGINT/SIGTERM) ends the wait too.
 */
function ask(ctx: Context, prompt: string): Promise<string | undefined> {
  if (ctx.signal.aborted) return Promise.reject(ctx.signal.reason);
  return new Promise<string | undefined>((resolve, reject) => {
    const rl = createInterface({ input: ctx.io.stdin, output: ctx.io.stderr, terminal: true });
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      rl.close();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(ctx.signal.reason instanceof Error ? ctx.signal.reason : new InterruptedError('SIGINT')));
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    rl.on('SIGINT', () => {
      // The echoed line ends here, so the error starts on a line of its own.
      ctx.io.stderr.write('\n');
      finish(() => reject(new InterruptedError('SIGINT')));
    });
    rl.on('close', () => {
      if (!settled) ctx.io.stderr.write('\n');
      finish(() => resolve(undefined));
    });
    rl.question(prompt, (answer) => finish(() => resolve(answer)));
  });
}
