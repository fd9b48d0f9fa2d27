import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { Context } from '../../src/context.js';
import { abortableSleep } from '../../src/context.js';
import { GraphError, InvalidInputError, UsageError } from '../../src/errors.js';
import { createReporter } from '../../src/ui/reporter.js';
import { reportError } from '../../src/ui/report-error.js';
import { SecretScrubber } from '../../src/secrets.js';

function harness(options: { json?: boolean; debug?: boolean } = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ctx: Context = {
    io: { stdin: new PassThrough(), stdout, stderr, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    env: {},
    version: '0.0.0-test',
    now: () => new Date('2026-11-30T00:00:00Z'),
    sleep: abortableSleep,
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
  const reporter = createReporter(ctx, {
    format: options.json ? 'json' : 'text',
    formatExplicit: Boolean(options.json),
    verbose: false,
    debug: Boolean(options.debug),
    colorLevel: 0,
  });
  return { ctx, reporter, out: () => out, err: () => err };
}

describe('reportError: one message, the right exit code', () => {
  test('an unexpected error is exit 1, a short message, the stack only with --debug', () => {
    const plain = harness();
    expect(reportError(plain.reporter, new TypeError('boom'))).toBe(1);
    expect(plain.err()).toContain('internal error: boom');
    expect(plain.err()).toContain('--debug');
    expect(plain.err()).not.toContain('at ');
    const debug = harness({ debug: true });
    expect(reportError(debug.reporter, new TypeError('boom'))).toBe(1);
    expect(debug.err()).toMatch(/TypeError: boom\n\s+at /);
  });

  test('usage and input errors keep their codes; details name file:line:column', () => {
    const h = harness();
    expect(reportError(h.reporter, new UsageError('bad flag', { hint: 'try this' }))).toBe(2);
    expect(reportError(h.reporter, new InvalidInputError('bad body', { origin: 'b.json', details: [{ pointer: '/x', line: 2, column: 3, message: 'nope' }] }))).toBe(3);
    expect(h.err()).toContain('error: bad flag\nhint: try this');
    expect(h.err()).toContain('b.json:2:3  /x: nope');
    expect(h.out()).toBe('');
  });

  test('a Graph error shows status, code, ids and date; JSON form when asked', () => {
    const info = {
      status: 400,
      code: 'BadRequest',
      message: 'Invalid.',
      requestId: 'rid',
      clientRequestId: 'crid',
      date: '2026-11-30T00:00:00',
      method: 'PATCH',
      url: 'https://g/beta/x',
    };
    const text = harness();
    expect(reportError(text.reporter, new GraphError(info))).toBe(5);
    expect(text.err()).toContain('400 BadRequest: Invalid.');
    expect(text.err()).toContain('request-id: rid  client-request-id: crid  date: 2026-11-30T00:00:00');
    const json = harness({ json: true });
    expect(reportError(json.reporter, new GraphError(info))).toBe(5);
    expect(JSON.parse(json.err())).toEqual({
      error: { exitCode: 5, status: 400, code: 'BadRequest', message: 'Invalid.', requestId: 'rid', clientRequestId: 'crid', date: '2026-11-30T00:00:00', details: [] },
    });
  });

  test('a secret known to the run is masked even inside an error message', () => {
    const h = harness();
    h.ctx.secrets.add('super-secret-token');
    reportError(h.reporter, new UsageError('value super-secret-token is wrong'));
    expect(h.err()).toContain('value ******** is wrong');
  });
});

describe('terminal safety', () => {
  test('control characters from a body or a server are shown escaped, not executed', async () => {
    const { printable, formatProblem } = await import('../../src/ui/problems.js');
    expect(printable('a\u001b[31mred\u0007\r\tok\n')).toBe('a\\u001b[31mred\\u0007\\u000d\tok\n');
    expect(formatProblem('b.json', { pointer: '/x', message: '"\u001b[2J" is not allowed' })).toBe('b.json  /x: "\\u001b[2J" is not allowed');
  });
});
