// confirmWrite in process: every way a prompt can end, including the run's abort signal (a real
// SIGINT/SIGTERM), which the terminal tests cannot aim at the prompt precisely.
import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { Context } from '../../src/context.js';
import { abortableSleep } from '../../src/context.js';
import { ExitCode, InterruptedError, UsageError } from '../../src/errors.js';
import { createReporter } from '../../src/ui/reporter.js';
import { CancelledError, confirmWrite, describeTarget, ensureCanConfirm, type WriteTarget } from '../../src/ui/confirm.js';
import { SecretScrubber } from '../../src/secrets.js';

const TARGET: WriteTarget = {
  tenant: 'contoso.edu',
  principal: 'admin@contoso.edu',
  source: 'signed-in account',
  setId: 'set-1',
  setName: 'North district',
  flowType: 'user provisioning flow',
  flowId: 'flow-1',
};

function harness(tty = true) {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  let err = '';
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const controller = new AbortController();
  const ctx: Context = {
    io: { stdin, stdout: new PassThrough(), stderr, stdinIsTTY: tty, stdoutIsTTY: tty, stderrIsTTY: tty },
    env: {},
    version: '0.0.0-test',
    now: () => new Date('2026-11-30T00:00:00Z'),
    sleep: abortableSleep,
    signal: controller.signal,
    secrets: new SecretScrubber(),
  };
  const reporter = createReporter(ctx, { format: 'text', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
  const ask = (yes = false) => confirmWrite(ctx, reporter, { yes, what: '`edu-flow delete`', question: 'Delete the flow?', target: TARGET, summary: ['change: deleted'] });
  /** Types `keys` once the question is on stderr. */
  const type = (keys: string): void => {
    const poll = setInterval(() => {
      if (err.includes('[y/N]')) {
        clearInterval(poll);
        stdin.write(keys);
      }
    }, 2);
  };
  return { ctx, controller, stdin, ask, type, err: () => err };
}

describe('confirmWrite', () => {
  test('shows tenant, account, set name and id, flow type and id and the summary before the question', async () => {
    const h = harness();
    h.type('y\r');
    await expect(h.ask()).resolves.toBeUndefined();
    const shown = h.err();
    for (const part of ['contoso.edu', 'admin@contoso.edu', '"North district" (set-1)', 'user provisioning flow flow-1', 'change: deleted']) expect(shown).toContain(part);
    expect(shown.indexOf('contoso.edu')).toBeLessThan(shown.indexOf('[y/N]'));
  });

  test.each([['n\r'], ['no\r'], ['\r'], ['maybe\r'], ['\x04']])('%j cancels: exit 2, "cancelled: nothing was sent"', async (keys) => {
    const h = harness();
    h.type(keys);
    const error = await h.ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CancelledError);
    expect((error as CancelledError).exitCode).toBe(ExitCode.usage);
    expect((error as CancelledError).message).toBe('cancelled: nothing was sent');
  });

  test('the end of the input stream cancels', async () => {
    const h = harness();
    const asked = h.ask().catch((e: unknown) => e);
    h.stdin.end();
    expect(await asked).toBeInstanceOf(CancelledError);
  });

  test('Ctrl-C at the prompt is an interruption (exit 130), not a cancel', async () => {
    const h = harness();
    h.type('\x03');
    const error = await h.ask().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(130);
  });

  test('the run aborted while the prompt waits (SIGTERM): that reason, at once', async () => {
    const h = harness();
    const asked = h.ask().catch((e: unknown) => e);
    h.controller.abort(new InterruptedError('SIGTERM'));
    const error = await asked;
    expect(error).toBeInstanceOf(InterruptedError);
    expect((error as InterruptedError).exitCode).toBe(143);
  });

  test('--yes asks nothing; without a terminal and without --yes: exit 2 with the hint', async () => {
    const h = harness(false);
    await expect(h.ask(true)).resolves.toBeUndefined();
    expect(h.err()).toBe('');
    await expect(h.ask(false)).rejects.toBeInstanceOf(UsageError);
    expect(() => ensureCanConfirm(h.ctx, false, '`edu-flow reset`')).toThrow('`edu-flow reset` needs --yes when there is no terminal to confirm on');
    expect(() => ensureCanConfirm(h.ctx, true, '`edu-flow reset`')).not.toThrow();
  });

  test('describeTarget: an unknown set name shows the id alone, a set without a flow shows no flow line', () => {
    const lines = describeTarget({ tenant: 'unknown', principal: 'app 1234', setId: 'set-9' });
    expect(lines.join('\n')).toContain('flow set: set-9');
    expect(lines.some((line) => line.includes('flow:'))).toBe(false);
  });
});
