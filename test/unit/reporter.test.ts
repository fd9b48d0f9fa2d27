import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import type { Context } from '../../src/context.js';
import { createReporter } from '../../src/ui/reporter.js';
import { SecretScrubber } from '../../src/secrets.js';

function reporterFor(format: 'json' | 'text') {
  const stdout = new PassThrough();
  let out = '';
  stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  const ctx = { io: { stdout, stderr: new PassThrough() }, secrets: new SecretScrubber() } as unknown as Context;
  const reporter = createReporter(ctx, { format, formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
  return { reporter, out: () => out };
}

describe('reporter.result', () => {
  test('JSON: the value as one document', () => {
    const { reporter, out } = reporterFor('json');
    reporter.result({ changed: true }, 'ignored in JSON');
    expect(JSON.parse(out())).toEqual({ changed: true });
  });
  test('text: the text when given, else nothing on stdout', () => {
    const withText = reporterFor('text');
    withText.reporter.result({ id: 'x' }, 'x');
    expect(withText.out()).toBe('x\n');
    const silent = reporterFor('text');
    silent.reporter.result({ changed: true });
    expect(silent.out()).toBe('');
  });
});
