import type { Writable } from 'node:stream';
import type { ChalkInstance } from 'chalk';
import { inline, terminalSafe } from '../ui/terminal-text.js';

export type TenantState = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

/** A fleet run's view of its tenants: one line each, for a person watching or a CI log. */
export interface FleetProgress {
  /** A tenant's new state and a short detail ("planning…", "3 changes", "applying 2/5"). */
  update(name: string, state: TenantState, detail: string): void;
  /** The final state drawn, the timer gone; later updates are ignored. Safe to call twice. */
  stop(): void;
}

export interface FleetProgressOptions {
  /** Whether the stream is a terminal; with a width above 0, the view is redrawn in place. */
  isTTY: boolean;
  columns?: number;
  color: ChalkInstance;
  /** The tenants, in the order their lines are shown. */
  names: string[];
  /**
   * Every text the view writes passes through this first: the CLI gives its secret scrubber, since
   * the view writes to the stream itself and a detail can be Graph's error message, which may echo
   * a secret it was sent.
   */
  scrub?: (text: string) => string;
}

/** How often running tenants' spinners turn. */
const FRAME_MS = 80;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
/** The lines a redrawn block may take; a larger fleet shows its running and failed tenants only. */
export const MAX_BLOCK_LINES = 20;
/** Names wider than this are cut in the live block, so the details keep their room. */
const MAX_NAME_WIDTH = 32;
const ESC = '\u001b[';

interface Row {
  state: TenantState;
  detail: string;
}

/**
 * One line per tenant. On a terminal, a block redrawn in place (on every update and, for the
 * spinners, on a timer); elsewhere (a CI log, a pipe), a plain line for each change of state and
 * nothing else. Names and details are shown on one line with their control characters escaped:
 * a tenant name or an answer from Graph cannot move the cursor or recolour the terminal.
 */
export function createFleetProgress(target: Writable, options: FleetProgressOptions): FleetProgress {
  const scrub = options.scrub;
  const stream = scrub ? ({ write: (text: string) => target.write(scrub(text)) } as unknown as Writable) : target;
  const rows = new Map<string, Row>(options.names.map((name) => [name, { state: 'waiting', detail: '' }]));
  const live = options.isTTY && (options.columns ?? 0) > 0;
  return live ? liveView(stream, rows, options) : plainView(stream, rows);
}

/** What a line says after the name: the detail, with the state named where only a symbol would tell. */
export function describeState(state: TenantState, detail: string): string {
  const text = detail.trim();
  if (text === '') return state === 'running' ? 'running…' : state;
  // A log line has no ✗ or –: a failure or a skip must say so in words.
  if ((state === 'failed' || state === 'skipped') && !text.toLowerCase().startsWith(state)) return `${state}: ${text}`;
  return text;
}

function plainView(stream: Writable, rows: Map<string, Row>): FleetProgress {
  let stopped = false;
  return {
    update(name, state, detail) {
      if (stopped) return;
      const row = rows.get(name);
      rows.set(name, { state, detail });
      if (row?.state === state) return;
      stream.write(`${terminalSafe(`${inline(name)}: ${inline(describeState(state, detail))}`, false)}\n`);
    },
    stop() {
      stopped = true;
    },
  };
}

function liveView(stream: Writable, rows: Map<string, Row>, options: FleetProgressOptions): FleetProgress {
  const paint = lineColours(options.color);
  const keepColour = options.color.level > 0;
  // One column short of the width: a line that fills the last column wraps on some terminals.
  const width = Math.max(1, (options.columns ?? 80) - 1);
  let frame = 0;
  let drawn = 0;
  let stopped = false;

  const line = (name: string, row: Row, nameWidth: number): string => {
    const symbol = row.state === 'running' ? SPINNER[frame % SPINNER.length] : SYMBOLS[row.state];
    return fitLine(
      [
        { text: `${symbol} `, paint: paint.symbol[row.state] },
        { text: cutTo(inline(name), nameWidth).padEnd(nameWidth), paint: (s) => s },
        { text: `  ${inline(describeState(row.state, row.detail))}`, paint: paint.detail[row.state] },
      ],
      width,
      keepColour,
    );
  };

  const draw = (): void => {
    const entries = [...rows.entries()];
    // The name column takes at most half of a narrow terminal: the detail is what changes.
    const nameWidth = Math.min(MAX_NAME_WIDTH, Math.floor((width - 4) / 2), Math.max(0, ...entries.map(([name]) => [...inline(name)].length)));
    const lines = blockEntries(entries).map((item) =>
      typeof item === 'string' ? fitLine([{ text: item, paint: options.color.dim }], width, keepColour) : line(item[0], item[1], nameWidth),
    );
    // Back to the block's first line, each line rewritten whole, and whatever a longer block left below erased.
    const up = drawn > 0 ? `${ESC}${drawn}A` : '';
    const erase = lines.length < drawn ? `${ESC}J` : '';
    stream.write(`${up}${lines.map((text) => `\r${ESC}2K${text}\n`).join('')}${erase}`);
    drawn = lines.length;
  };

  const timer = setInterval(() => {
    frame++;
    if ([...rows.values()].some((row) => row.state === 'running')) draw();
  }, FRAME_MS);
  // The spinner alone must not keep the process alive.
  timer.unref();
  draw();

  return {
    update(name, state, detail) {
      if (stopped) return;
      rows.set(name, { state, detail });
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      draw();
    },
  };
}

const SYMBOLS: Record<Exclude<TenantState, 'running'>, string> = { waiting: '·', done: '✓', failed: '✗', skipped: '–' };

type Paint = (text: string) => string;

function lineColours(color: ChalkInstance): { symbol: Record<TenantState, Paint>; detail: Record<TenantState, Paint> } {
  const plain: Paint = (text) => text;
  return {
    symbol: { waiting: color.dim, running: color.cyan, done: color.green, failed: color.red, skipped: color.dim },
    detail: { waiting: color.dim, running: plain, done: plain, failed: color.red, skipped: color.dim },
  };
}

/**
 * The entries a block shows: all of them when they fit; otherwise the running and failed ones
 * (as many as fit) and a line counting the rest.
 */
function blockEntries(entries: [string, Row][]): ([string, Row] | string)[] {
  if (entries.length <= MAX_BLOCK_LINES) return entries;
  const shown = entries.filter(([, row]) => row.state === 'running' || row.state === 'failed').slice(0, MAX_BLOCK_LINES - 1);
  const hidden = entries.filter((entry) => !shown.includes(entry));
  const count = (state: TenantState): number => hidden.filter(([, row]) => row.state === state).length;
  const parts = [`${count('done')} done`, `${count('waiting')} waiting`];
  for (const state of ['running', 'failed', 'skipped'] as const) if (count(state) > 0) parts.push(`${count(state)} ${state}`);
  return [...shown, `… and ${entries.length - shown.length} more (${parts.join(', ')})`];
}

/**
 * Segments laid end to end and cut to `width` characters ("…" where cut), each painted after the
 * cut so a colour sequence is never cut in half; then made terminal-safe, colour kept or not.
 */
function fitLine(segments: { text: string; paint: Paint }[], width: number, keepColour: boolean): string {
  let room = width;
  let out = '';
  for (const { text, paint } of segments) {
    if (room <= 0) break;
    const shown = cutTo(text, room);
    room -= [...shown].length;
    out += paint(shown);
  }
  return terminalSafe(out, keepColour);
}

/** At most `width` characters, the last one "…" when text (not just padding) was cut. */
function cutTo(text: string, width: number): string {
  const characters = [...text];
  if (characters.length <= width) return text;
  if (width <= 0) return '';
  // Only padding cut off: nothing of the text is missing, so no "…".
  if (characters.slice(width).join('').trim() === '') return characters.slice(0, width).join('');
  return `${characters.slice(0, width - 1).join('')}…`;
}
