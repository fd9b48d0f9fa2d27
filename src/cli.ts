import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { abortableSleep, processIO, type Context } from './context.js';
import { ExitCode, InterruptedError } from './errors.js';
import { checkGraphUrl, DEFAULT_GRAPH_URL, envFlag, pick, resolveOutput } from './settings.js';
import { colorLevel, createReporter, type Reporter } from './ui/reporter.js';
import { reportError } from './ui/report-error.js';
import { SecretScrubber } from './ui/secrets.js';
import { addNetworkOptions, readNetworkOptions } from './commands/network-options.js';

interface GlobalOptions {
  output?: string;
  verbose?: boolean;
  debug?: boolean;
  color: boolean;
  graphUrl?: string;
}

const EXAMPLES = `
Examples:
  $ edu-flow validate -f examples/user-flow.json
  $ edu-flow update --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f -f body.json
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --dry-run
  $ cat body.json | edu-flow update --set-id <set> --flow-id <flow> -f -

Exit codes: 0 ok, 1 bug, 2 usage, 3 invalid body, 4 sign-in/permission, 5 Graph refused,
6 Graph or network unavailable, 130/143 interrupted. See the README for details.`;

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: string[], ctx: Context = processContext()): Promise<number> {
  let reporter: Reporter | undefined;
  let exitCode: number = ExitCode.ok;

  const makeReporter = (command: Command): Reporter => {
    const globals = command.optsWithGlobals() as GlobalOptions;
    const output = resolveOutput(globals.output, ctx.env, ctx.io.stdoutIsTTY);
    reporter = createReporter(ctx, {
      format: output.format,
      formatExplicit: output.explicit,
      verbose: Boolean(globals.verbose),
      debug: Boolean(globals.debug),
      colorLevel: colorLevel(ctx.env, !globals.color, ctx.io.stderrIsTTY),
    });
    return reporter;
  };
  const graphUrlOf = (command: Command): string => {
    const setting = pick((command.optsWithGlobals() as GlobalOptions).graphUrl, ctx.env, 'EDU_FLOW_GRAPH_URL', DEFAULT_GRAPH_URL);
    const checked = checkGraphUrl(setting.value, setting.source === 'flag' ? '--graph-url' : setting.source === 'env' ? 'EDU_FLOW_GRAPH_URL' : 'the Graph URL');
    reporter?.verbose(`Graph URL ${checked} (from ${setting.source === 'flag' ? '--graph-url' : setting.source === 'env' ? 'EDU_FLOW_GRAPH_URL' : 'the default'})`);
    return checked;
  };
  const strictOf = (flag: boolean | undefined): boolean => Boolean(flag) || envFlag(ctx.env, 'EDU_FLOW_STRICT');

  const program = buildProgram(ctx, {
    async update(command, opts, sets) {
      const rep = makeReporter(command);
      const graphUrl = graphUrlOf(command);
      const { runUpdate } = await import('./commands/update.js');
      await runUpdate(ctx, rep, {
        setId: opts.setId,
        flowId: opts.flowId,
        file: opts.file,
        createUnmatchedUsers: opts.createUnmatchedUsers,
        studentAgeGroup: opts.studentAgeGroup,
        allowStudentContactAssociation: opts.allowStudentContactAssociation,
        additionalAttributes: opts.additionalAttributes,
        sets,
        dryRun: Boolean(opts.dryRun),
        strict: strictOf(opts.strict),
        graphUrl,
        network: readNetworkOptions(opts),
      });
    },
    async validate(command, opts) {
      const rep = makeReporter(command);
      const graphUrl = graphUrlOf(command);
      const { runValidate } = await import('./commands/validate.js');
      exitCode = await runValidate(ctx, rep, { file: opts.file, type: opts.type, strict: strictOf(opts.strict), graphUrl });
    },
  });

  try {
    await Promise.race([program.parseAsync(argv, { from: 'user' }), rejectOnAbort(ctx.signal)]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message (or the help/version) on the right stream.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return ExitCode.ok;
      return ExitCode.usage;
    }
    const fallback = reporter ?? createReporter(ctx, { format: 'text', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
    return reportError(fallback, error);
  }
}

function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** What commander hands the update action (option names camel-cased). */
interface UpdateFlags {
  setId?: string;
  flowId?: string;
  file?: string;
  createUnmatchedUsers?: string;
  studentAgeGroup?: string;
  allowStudentContactAssociation?: string;
  additionalAttributes?: string;
  dryRun?: boolean;
  strict?: boolean;
  retries: string;
  maxWait: string;
  timeout: string;
}
interface ValidateFlags {
  file?: string;
  type?: string;
  strict?: boolean;
}
type SetFlag = { flag: '--set' | '--set-string'; raw: string };
interface Actions {
  update(command: Command, opts: UpdateFlags, sets: SetFlag[]): Promise<void>;
  validate(command: Command, opts: ValidateFlags): Promise<void>;
}

/** The command tree. Actions are injected, so the tree can be inspected without running anything. */
export function buildProgram(ctx: Context, actions: Actions): Command {
  const program = new Command('edu-flow')
    .description('Validate and update School Data Sync outbound provisioning flows (Microsoft Graph beta industryData).')
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-o, --output <format>', 'json or text (default: text on a terminal, json otherwise; env EDU_FLOW_OUTPUT)'))
    .option('--verbose', 'one line per HTTP exchange on stderr')
    .option('--debug', 'also headers and bodies (secrets masked) and stack traces')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--graph-url <url>', `Graph base URL with version (env EDU_FLOW_GRAPH_URL; default ${DEFAULT_GRAPH_URL})`)
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });

  const sets: SetFlag[] = [];
  const update = program
    .command('update')
    .description('update a provisioning flow with one PATCH; the body is validated offline first')
    .option('--set-id <id>', 'the flow set (outboundProvisioningFlowSet) id')
    .option('--flow-id <id>', 'the provisioning flow id')
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin')
    .option('--create-unmatched-users <true|false>', 'user flow: create people who match no existing user')
    .option('--student-age-group <group>', 'user flow: minor, notAdult, adult, or none (sends null)')
    .option('--allow-student-contact-association <true|false>', 'user flow: associate students with their contacts')
    .option('--additional-attributes <list>', 'user flow: comma-separated, e.g. userGradeLevel,userNumber')
    .option('--set <pointer=value>', 'set a member by JSON pointer; value parsed as JSON, else a string (repeatable)', (raw: string) => {
      sets.push({ flag: '--set', raw });
      return sets;
    })
    .option('--set-string <pointer=value>', 'like --set, but the value is always a string (repeatable)', (raw: string) => {
      sets.push({ flag: '--set-string', raw });
      return sets;
    })
    .option('--dry-run', 'print the PATCH that would be sent (secrets masked); needs no sign-in, sends nothing')
    .option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)')
    .addHelpText('after', `
Examples:
  $ edu-flow update --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f -f body.json
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --student-age-group adult --dry-run
  $ jq '.createUnmatchedUsers = false' body.json | edu-flow update --set-id <set> --flow-id <flow> -f -`);
  addNetworkOptions(update).action(async (_opts, command: Command) => {
    await actions.update(command, command.opts<UpdateFlags>(), sets);
  });

  program
    .command('validate')
    .description('check a body against the schema, offline (no sign-in): exit 0 valid, 3 invalid')
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin (default: a piped stdin)')
    .option('--type <type>', 'user, classGroup, securityGroup, administrativeUnit or flowSet (default: from @odata.type, else user)')
    .option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)')
    .addHelpText('after', `
Examples:
  $ edu-flow validate -f examples/user-flow.json
  $ edu-flow validate --type classGroup -f class-flow.json --output json`)
    .action(async (_opts, command: Command) => {
      await actions.validate(command, command.opts<ValidateFlags>());
    });

  // Every subcommand reports through the same streams and exits through main().
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
    command.showSuggestionAfterError(true);
  }
  return program;
}

/** The real process: streams, environment, clock, and Ctrl-C/SIGTERM turned into an abort. */
function processContext(): Context {
  const controller = new AbortController();
  const onSignal = (signal: 'SIGINT' | 'SIGTERM') => () => controller.abort(new InterruptedError(signal));
  process.once('SIGINT', onSignal('SIGINT'));
  process.once('SIGTERM', onSignal('SIGTERM'));
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

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

