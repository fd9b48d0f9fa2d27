import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import type { Context, Env } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import type { Reporter } from '../ui/reporter.js';

/** What a command's run function gets: the context, the reporter, and the settings on demand. */
export interface Session {
  ctx: Context;
  reporter: Reporter;
  /** The profile's settings (flag > environment > profile > default), read only when a command needs them. */
  settings(): Promise<ResolvedSettings>;
}

/**
 * The hand-over from a command's action: `parse` turns the parsed flags into the command's typed
 * options, throwing the usage errors of checks commander cannot express (a required id, two flags
 * that exclude each other); `run` (lazily imported) does the work. main() supplies the host: it
 * makes the reporter from the global flags first, so a usage error is reported in the chosen
 * format. The table tests supply one that records the options and runs nothing.
 */
export interface CommandHost {
  invoke<O>(command: CommandUnknownOpts, parse: (env: Env) => O, run: (session: Session, options: O) => Promise<number | void>): Promise<void>;
}

/** A command (or a command group) built for a host; the program is the list of them. */
export type CommandDefinition = (host: CommandHost) => CommandUnknownOpts;
