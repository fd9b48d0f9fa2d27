import { readFileSync } from 'node:fs';
import { CommanderError } from '@commander-js/extra-typings';
import { abortableSleep, processIO, type Context } from './context.js';
import { ExitCode, InterruptedError } from './errors.js';
import type { ResolvedSettings } from './config/resolve.js';
import { resolveOutput } from './config/output.js';
import { colorLevel, createReporter, type Reporter } from './ui/reporter.js';
import { reportError } from './ui/report-error.js';
import { SecretScrubber } from './secrets.js';
import type { CommandHost } from './commands/index.js';
import { buildProgram, type GlobalFlags } from './program.js';

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: string[], ctx: Context = processContext()): Promise<number> {
  let reporter: Reporter | undefined;
  let exitCode: number = ExitCode.ok;

  // Each command's action hands its parsed flags over here: the reporter comes first (from the
  // global flags), so even a usage error found while checking the flags is reported as asked.
  const host: CommandHost = {
    async invoke(command, parse, run) {
      const globals = command.optsWithGlobals() as GlobalFlags;
      const rep = reporterFor(ctx, globals);
      reporter = rep;
      const options = parse(ctx.env);
      const code = await run({ ctx, reporter: rep, settings: () => settingsFor(ctx, rep, globals) }, options);
      if (typeof code === 'number') exitCode = code;
    },
  };
  const program = buildProgram(ctx, host);
  // No arguments at all: the help, on stdout, exit 0 (as gh does); it is what was asked for.
  if (argv.length === 0) {
    program.outputHelp();
    return ExitCode.ok;
  }

  try {
    await Promise.race([program.parseAsync(argv, { from: 'user' }), rejectOnAbort(ctx.signal)]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help/version) on the right stream.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    // A flag refused while commander parsed it: the global flags were read by then.
    reporter ??= fallbackReporter(ctx, program.opts() as GlobalFlags);
    return reportError(reporter, error);
  }
}

function reporterFor(ctx: Context, globals: GlobalFlags): Reporter {
  const output = resolveOutput(globals.output, ctx.env, ctx.io.stdoutIsTTY);
  return createReporter(ctx, {
    format: output.format,
    formatExplicit: output.explicit,
    verbose: Boolean(globals.verbose),
    debug: Boolean(globals.debug),
    colorLevel: colorLevel(ctx.env, globals.color === false, ctx.io.stderrIsTTY),
  });
}

/** The reporter for an error found before any command ran; plain text when even --output is bad. */
function fallbackReporter(ctx: Context, globals: GlobalFlags): Reporter {
  try {
    return reporterFor(ctx, globals);
  } catch {
    return createReporter(ctx, { format: 'text', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
  }
}

async function settingsFor(ctx: Context, reporter: Reporter, globals: GlobalFlags): Promise<ResolvedSettings> {
  const { resolveSettings, overrideNotes } = await import('./config/resolve.js');
  const settings = await resolveSettings(globals, ctx.env);
  reporter.verbose(
    `profile ${settings.profile.value}; Graph ${settings.graphUrl.value} (${settings.graphUrl.source}); tenant ${settings.tenant.value} (${settings.tenant.source})`,
  );
  for (const note of overrideNotes(settings)) reporter.verbose(`note: ${note}`);
  return settings;
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** The real process: streams, environment, clock, and Ctrl-C/SIGTERM turned into an abort. */
function processContext(): Context {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => controller.abort(new InterruptedError(signal));
  // `on`, not `once`: a dependency's exit hook (signal-exit, via proper-lockfile) re-raises the
  // signal when it sees itself as the last listener, which would kill us before we report 130/143.
  process.on('SIGINT', onSignal('SIGINT'));
  process.on('SIGTERM', onSignal('SIGTERM'));
  // `edu-flow … | head -1` closes our stdout early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  return {
    io: processIO(),
    env: process.env,
    version: readVersion(),
    now: () => new Date(),
    sleep: abortableSleep,
    signal: controller.signal,
    secrets: new SecretScrubber(),
  };
}

/** Set by the build (the bundle carries its version); unset when the sources run as they are (tests). */
declare const __EDU_FLOW_VERSION__: string | undefined;

function readVersion(): string {
  if (typeof __EDU_FLOW_VERSION__ === 'string') return __EDU_FLOW_VERSION__;
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
