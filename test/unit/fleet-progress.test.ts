// Unit: the fleet's progress view — plain lines for logs and pipes, a block redrawn in place on a
// terminal, safe against names and details that carry escape sequences, and no timer left behind.
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';
import { Chalk } from 'chalk';
import { createFleetProgress, describeState, type FleetProgressOptions, MAX_BLOCK_LINES } from '../../src/fleet/progress.js';

/** A stream that keeps every write, in order. */
function collector(): { stream: Writable; writes: string[]; text: () => string } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      writes.push(String(chunk));
      done();
    },
  });
  return { stream, writes, text: () => writes.join('') };
}

const noColour = new Chalk({ level: 0 });
const colour = new Chalk({ level: 1 });
const ESC = '\u001b';
/** Our own colour sequences out, to look at the text a person reads. */
const uncoloured = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** The lines of the last redraw, as a person reads them: after the last cursor-up (or all of a first draw). */
function lastBlock(text: string): string[] {
  const ups = [...text.matchAll(/\u001b\[\d+A/g)];
  const last = ups.at(-1);
  const block = last === undefined ? text : text.slice((last.index ?? 0) + last[0].length);
  return uncoloured(block)
    .replace(/\u001b\[J$/, '')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.replace(/^\r\u001b\[2K/, ''));
}

describe('plain lines (a CI log or a pipe)', () => {
  const options = (names: string[]): FleetProgressOptions => ({ isTTY: false, color: colour, names });

  test('one line per change of state, exactly; detail changes within a state are not repeated', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north', 'south', 'east', 'west']));
    progress.update('north', 'running', 'planning…');
    progress.update('south', 'running', 'planning…');
    progress.update('north', 'running', 'reading the flows…');
    progress.update('north', 'done', '3 changes');
    progress.update('south', 'failed', 'Graph answered 503 (Service Unavailable)');
    progress.update('east', 'skipped', 'not started');
    progress.update('west', 'done', '');
    progress.stop();
    expect(out.text()).toBe(
      ['north: planning…', 'south: planning…', 'north: 3 changes', 'south: failed: Graph answered 503 (Service Unavailable)', 'east: skipped: not started', 'west: done', ''].join(
        '\n',
      ),
    );
  });

  test('no escapes, no colour, nothing at all before the first update', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north']));
    expect(out.writes).toEqual([]);
    progress.update('north', 'failed', 'boom');
    progress.stop();
    expect(out.text()).not.toContain(ESC);
  });

  test('a terminal without a width (a pseudo-terminal of 0 columns) gets plain lines too', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, { isTTY: true, columns: 0, color: colour, names: ['north'] });
    progress.update('north', 'running', 'planning…');
    progress.stop();
    expect(out.text()).toBe('north: planning…\n');
  });

  test('a name or detail cannot steer the terminal or add lines', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['evil\u001b]0;title\u0007']));
    progress.update('evil\u001b]0;title\u0007', 'failed', 'Graph said \u001b[2J\r\n✓ north: done\u001b[31m');
    progress.stop();
    expect(out.text()).toBe('evil\\u001b]0;title\\u0007: failed: Graph said \\u001b[2J\\u000d\\u000a✓ north: done\\u001b[31m\n');
  });

  test('updates after stop() are ignored; no timer in plain mode', () => {
    jest.useFakeTimers();
    try {
      const out = collector();
      const progress = createFleetProgress(out.stream, options(['north']));
      expect(jest.getTimerCount()).toBe(0);
      progress.stop();
      progress.update('north', 'running', 'planning…');
      expect(out.writes).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('describeState', () => {
  test('the detail; the state word when there is none; failures and skips always say so', () => {
    expect(describeState('running', 'applying 2/5')).toBe('applying 2/5');
    expect(describeState('running', '')).toBe('running…');
    expect(describeState('waiting', ' ')).toBe('waiting');
    expect(describeState('done', '4 applied')).toBe('4 applied');
    expect(describeState('failed', 'Graph answered 503')).toBe('failed: Graph answered 503');
    expect(describeState('failed', 'Failed to sign in')).toBe('Failed to sign in');
    expect(describeState('skipped', '')).toBe('skipped');
  });
});

describe('a live block (a terminal)', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  const options = (names: string[], extra: Partial<FleetProgressOptions> = {}): FleetProgressOptions => ({ isTTY: true, columns: 80, color: noColour, names, ...extra });

  test('drawn at once, then redrawn in place on each update: cursor up over the block, each line rewritten', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north', 'south', 'central']));
    expect(out.writes).toHaveLength(1);
    expect(lastBlock(out.text())).toEqual(['· north    waiting', '· south    waiting', '· central  waiting']);
    progress.update('north', 'running', 'planning…');
    expect(out.writes).toHaveLength(2);
    expect(out.writes[1].startsWith(`${ESC}[3A\r${ESC}[2K`)).toBe(true);
    expect(lastBlock(out.text())).toEqual(['⠋ north    planning…', '· south    waiting', '· central  waiting']);
    progress.update('south', 'failed', 'Graph answered 503');
    progress.update('central', 'skipped', 'not started');
    progress.update('north', 'done', '3 changes');
    progress.stop();
    expect(lastBlock(out.text())).toEqual(['✓ north    3 changes', '✗ south    failed: Graph answered 503', '– central  skipped: not started']);
    // The cursor is left below the block: the last write ends with a line break.
    expect(out.text().endsWith('\n')).toBe(true);
  });

  test('the spinner turns on a timer while something runs, and the timer is gone after stop()', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north', 'south']));
    expect(jest.getTimerCount()).toBe(1);
    progress.update('north', 'running', 'planning…');
    const writes = out.writes.length;
    jest.advanceTimersByTime(80);
    expect(out.writes).toHaveLength(writes + 1);
    expect(lastBlock(out.text())[0]).toBe('⠙ north  planning…');
    jest.advanceTimersByTime(160);
    expect(lastBlock(out.text())[0]).toBe('⠸ north  planning…');
    progress.stop();
    expect(jest.getTimerCount()).toBe(0);
    const final = out.writes.length;
    jest.advanceTimersByTime(1000);
    progress.update('north', 'done', 'late');
    progress.stop();
    expect(out.writes).toHaveLength(final);
  });

  test('nothing running: the timer draws nothing', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north']));
    progress.update('north', 'done', 'no changes');
    const writes = out.writes.length;
    jest.advanceTimersByTime(800);
    expect(out.writes).toHaveLength(writes);
    progress.stop();
  });

  test('lines are cut to the terminal width (one column spare), with "…" where text is cut', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north', 'a-very-long-tenant-name-indeed'], { columns: 24, color: colour }));
    progress.update('north', 'failed', 'Graph answered 503 (Service Unavailable) after 3 retries');
    progress.stop();
    const lines = lastBlock(out.text());
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(23);
    // The name column takes at most half of a narrow line; padding cut off gets no "…".
    expect(lines).toEqual(['✗ north      failed: G…', '· a-very-l…  waiting']);
  });

  test('a terminal a few columns wide still gets lines that fit', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north'], { columns: 3 }));
    progress.update('north', 'running', 'planning…');
    progress.stop();
    expect(lastBlock(out.text())).toEqual(['⠋ ']);
  });

  test('a very long name is cut so the detail keeps room', () => {
    const out = collector();
    const name = `n${'x'.repeat(60)}`;
    const progress = createFleetProgress(out.stream, options([name]));
    progress.update(name, 'done', '2 changes');
    progress.stop();
    expect(lastBlock(out.text())).toEqual([`✓ n${'x'.repeat(30)}…  2 changes`]);
  });

  test('colour only when asked for; a detail’s own sequences are escaped even then', () => {
    const plain = collector();
    const coloured = collector();
    for (const [out, color] of [
      [plain, noColour],
      [coloured, colour],
    ] as const) {
      const progress = createFleetProgress(out.stream, options(['north'], { color }));
      progress.update('north', 'failed', 'Graph said \u001b[32m✓ fine\u001b]8;;https://x\u0007');
      progress.stop();
    }
    expect(plain.text()).not.toMatch(/\u001b\[\d+m/);
    expect(coloured.text()).toContain(`${ESC}[31m✗ ${ESC}[39mnorth${ESC}[31m  failed: Graph said`);
    for (const out of [plain, coloured]) {
      expect(lastBlock(out.text())).toEqual(['✗ north  failed: Graph said \\u001b[32m✓ fine\\u001b]8;;https://x\\u0007']);
      // The only sequences: cursor movement, line erasing and (when on) colour.
      expect(out.text().replace(/\u001b\[(\d+A|2K|J|\d+m)/g, '')).not.toContain(ESC);
    }
  });

  test('a tenant the view was not told of gets a line at the end', () => {
    const out = collector();
    const progress = createFleetProgress(out.stream, options(['north']));
    progress.update('late', 'running', 'planning…');
    progress.stop();
    expect(lastBlock(out.text())).toEqual(['· north  waiting', '⠋ late   planning…']);
  });

  test('a large fleet shows its running and failed tenants and counts the rest', () => {
    const names = Array.from({ length: 30 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const out = collector();
    const progress = createFleetProgress(out.stream, options(names));
    expect(lastBlock(out.text())).toEqual(['… and 30 more (0 done, 30 waiting)']);
    for (const name of names.slice(0, 5)) progress.update(name, 'done', 'no changes');
    progress.update('d05', 'failed', 'Graph answered 403');
    progress.update('d06', 'running', 'planning…');
    progress.update('d07', 'skipped', 'not started');
    expect(lastBlock(out.text())).toEqual(['✗ d05  failed: Graph answered 403', '⠋ d06  planning…', '… and 28 more (5 done, 22 waiting, 1 skipped)']);
    // The block shrank from three lines to two: what was below is erased.
    progress.update('d06', 'done', '1 change');
    expect(out.writes.at(-1)?.startsWith(`${ESC}[3A`)).toBe(true);
    expect(out.writes.at(-1)?.endsWith(`${ESC}[J`)).toBe(true);
    progress.stop();
    expect(lastBlock(out.text())).toEqual(['✗ d05  failed: Graph answered 403', '… and 29 more (6 done, 22 waiting, 1 skipped)']);
  });

  test('never more lines than fit: at most 19 running or failed, then the count', () => {
    const names = Array.from({ length: 40 }, (_, i) => `t${i}`);
    const out = collector();
    const progress = createFleetProgress(out.stream, options(names));
    for (const name of names.slice(0, 25)) progress.update(name, 'running', 'planning…');
    progress.stop();
    const lines = lastBlock(out.text());
    expect(lines).toHaveLength(MAX_BLOCK_LINES);
    expect(lines.at(-1)).toBe('… and 21 more (0 done, 15 waiting, 6 running)');
  });
});

describe('the live timer does not hold the process', () => {
  test('an unref()ed timer while running, none after stop()', () => {
    const timers = (): number => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = timers();
    const progress = createFleetProgress(collector().stream, { isTTY: true, columns: 80, color: noColour, names: ['north'] });
    let held: number;
    try {
      progress.update('north', 'running', 'planning…');
      held = timers();
    } finally {
      progress.stop();
    }
    expect(held).toBe(before);
    expect(timers()).toBe(before);
  });
});
