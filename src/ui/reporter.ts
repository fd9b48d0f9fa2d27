import { Chalk, type ChalkInstance } from 'chalk';
import type { Context } from '../context.js';
import type { OutputFormat } from '../config/output.js';
import { terminalSafe } from './terminal-text.js';

/**
 * The one way a command talks: data to stdout, everything for a person to stderr.
 * Every write is scrubbed of this run's secrets.
 */
export interface Reporter {
  readonly format: OutputFormat;
  /** True when --output/EDU_FLOW_OUTPUT was given, which decides JSON errors. */
  readonly formatExplicit: boolean;
  readonly verboseEnabled: boolean;
  readonly debugEnabled: boolean;
  readonly color: ChalkInstance;
  /** The width text tables are fitted to: the terminal's, in text output to a terminal; else none. */
  readonly tableWidth: number | undefined;
  /** stdout: a JSON document (json) or text lines (text). */
  data(value: unknown, text?: string): void;
  /** stdout: one bare line whatever the format (`config get`, as `git config` prints a value). */
  plain(line: string): void;
  /**
   * The outcome of a write for scripts: the JSON document under `--output json` (or a pipe); in
   * text, `text` when given, else nothing (the success line on stderr already told the person).
   */
  result(value: unknown, text?: string): void;
  info(message: string): void;
  success(message: string): void;
  warn(message: string): void;
  verbose(message: string): void;
  debug(message: string): void;
  /**
   * `--debug`: a body, cut to its first characters after the secrets are masked in the whole of
   * it (cut first, a secret at the cut would show its beginning).
   */
  debugBody(label: string, body: string): void;
  /** Raw text to stderr (error reports), scrubbed. */
  stderr(text: string): void;
  /**
   * Why a command that printed its data ends with a non-zero exit: one "error:" line (and a
   * hint) on stderr, so a script reading only stderr, or JSON on stdout, still learns the reason.
   */
  failure(exitCode: number, message: string, hint?: string): void;
}

export interface ReporterOptions {
  format: OutputFormat;
  formatExplicit: boolean;
  verbose: boolean;
  debug: boolean;
  colorLevel: 0 | 1 | 2 | 3;
}

/** How much of a body `--debug` shows. */
const DEBUG_BODY_LIMIT = 4000;

export function createReporter(ctx: Context, options: ReporterOptions): Reporter {
  const color = new Chalk({ level: options.colorLevel });
  // Secrets out first, then every control character a string from Graph or a file might carry.
  const safe = (text: string): string => terminalSafe(ctx.secrets.scrub(text), options.colorLevel > 0);
  const err = (text: string): void => {
    ctx.io.stderr.write(safe(text));
  };
  return {
    format: options.format,
    formatExplicit: options.formatExplicit,
    verboseEnabled: options.verbose || options.debug,
    debugEnabled: options.debug,
    color,
    tableWidth: options.format === 'text' ? ctx.io.stdoutColumns : undefined,
    data(value, text) {
      if (options.format === 'json' || text === undefined) {
        ctx.io.stdout.write(ctx.secrets.scrub(`${JSON.stringify(value, null, 2)}\n`));
        return;
      }
      ctx.io.stdout.write(safe(text.endsWith('\n') ? text : `${text}\n`));
    },
    plain(line) {
      ctx.io.stdout.write(safe(`${line}\n`));
    },
    result(value, text) {
      if (options.format === 'json' || text !== undefined) this.data(value, text);
    },
    info: (message) => err(`${message}\n`),
    success: (message) => err(`${color.green('✓')} ${message}\n`),
    warn: (message) => err(`${color.yellow('warning:')} ${message}\n`),
    verbose(message) {
      if (options.verbose || options.debug) err(`${color.dim(message)}\n`);
    },
    debug(message) {
      if (options.debug) err(`${color.dim(message)}\n`);
    },
    debugBody(label, body) {
      if (!options.debug) return;
      const scrubbed = ctx.secrets.scrub(body);
      const cut = scrubbed.length > DEBUG_BODY_LIMIT ? `${scrubbed.slice(0, DEBUG_BODY_LIMIT)}… (${scrubbed.length - DEBUG_BODY_LIMIT} more characters)` : scrubbed;
      err(`${color.dim(`  ${label}: ${cut}`)}\n`);
    },
    stderr: err,
    failure(exitCode, message, hint) {
      // The same shape as any error report: a JSON object when --output json was asked for.
      if (options.formatExplicit && options.format === 'json') err(`${JSON.stringify({ error: { exitCode, message, hint, details: [] } })}\n`);
      else err(`${color.red('error:')} ${message}\n${hint ? `${color.cyan('hint:')} ${hint}\n` : ''}`);
    },
  };
}

/** NO_COLOR and --no-color win; FORCE_COLOR forces; otherwise colour only on a terminal. */
export function colorLevel(env: Readonly<Record<string, string | undefined>>, noColorFlag: boolean, stderrIsTTY: boolean): 0 | 1 | 2 | 3 {
  if (noColorFlag || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === '0' || force === 'false') return 0;
    const level = Number(force);
    return level >= 1 && level <= 3 ? (level as 1 | 2 | 3) : 1;
  }
  return stderrIsTTY ? 1 : 0;
}
