import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { abortableSleep, processIO, type Context } from './context.js';
import { ExitCode, InterruptedError } from './errors.js';
import { envFlag, resolveOutput } from './settings.js';
import { colorLevel, createReporter, type Reporter } from './ui/reporter.js';
import { reportError } from './ui/report-error.js';
import { SecretScrubber } from './ui/secrets.js';
import { addNetworkOptions, readNetworkOptions } from './commands/network-options.js';
import type { ResolvedSettings } from './config/resolve.js';

interface GlobalFlags {
  output?: string;
  verbose?: boolean;
  debug?: boolean;
  color: boolean;
  graphUrl?: string;
  profile?: string;
  tenant?: string;
  clientId?: string;
  authorityHost?: string;
}

const EXAMPLES = `
Examples:
  $ edu-flow login
  $ edu-flow validate -f examples/user-flow.json
  $ edu-flow update --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f -f body.json
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --dry-run
  $ cat body.json | edu-flow update --set-id <set> --flow-id <flow> -f -
  $ edu-flow --profile north-district status

Exit codes: 0 ok, 1 bug, 2 usage, 3 invalid body, 4 sign-in/permission, 5 Graph refused,
6 Graph or network unavailable, 130/143 interrupted. See the README for details.`;

/** What each command's action receives: its own options, the command, and the shared helpers. */
interface ActionKit {
  command: Command;
  reporter: Reporter;
  settings(): Promise<ResolvedSettings>;
  strict(flag: boolean | undefined): boolean;
}

/** Runs the CLI and returns the exit code; the only place errors become exit codes. */
export async function main(argv: string[], ctx: Context = processContext()): Promise<number> {
  let reporter: Reporter | undefined;
  let exitCode: number = ExitCode.ok;

  const kit = (command: Command): ActionKit => {
    const globals = command.optsWithGlobals<GlobalFlags>();
    const output = resolveOutput(globals.output, ctx.env, ctx.io.stdoutIsTTY);
    const rep = createReporter(ctx, {
      format: output.format,
      formatExplicit: output.explicit,
      verbose: Boolean(globals.verbose),
      debug: Boolean(globals.debug),
      colorLevel: colorLevel(ctx.env, !globals.color, ctx.io.stderrIsTTY),
    });
    reporter = rep;
    return {
      command,
      reporter: rep,
      async settings() {
        const { resolveSettings, overrideNotes } = await import('./config/resolve.js');
        const settings = await resolveSettings(globals, ctx.env);
        rep.verbose(`profile ${settings.profile.value}; Graph ${settings.graphUrl.value} (${settings.graphUrl.source}); tenant ${settings.tenant.value} (${settings.tenant.source})`);
        for (const note of overrideNotes(settings)) rep.verbose(`note: ${note}`);
        return settings;
      },
      strict: (flag) => Boolean(flag) || envFlag(ctx.env, 'EDU_FLOW_STRICT'),
    };
  };

  const program = buildProgram(ctx, {
    async update(k, opts, sets) {
      const { runUpdate } = await import('./commands/update.js');
      await runUpdate(ctx, k.reporter, {
        ...opts,
        sets,
        dryRun: Boolean(opts.dryRun),
        strict: k.strict(opts.strict),
        settings: await k.settings(),
        network: readNetworkOptions(opts),
      });
    },
    async validate(k, opts) {
      const { runValidate } = await import('./commands/validate.js');
      const settings = await k.settings();
      exitCode = await runValidate(ctx, k.reporter, { file: opts.file, type: opts.type, strict: k.strict(opts.strict), graphUrl: settings.graphUrl.value });
    },
    async login(k, opts) {
      const { runLogin } = await import('./commands/login.js');
      await runLogin(ctx, k.reporter, { settings: await k.settings(), scopes: opts.scopes });
    },
    async logout(k, opts) {
      const { runLogout } = await import('./commands/logout.js');
      await runLogout(ctx, k.reporter, { settings: await k.settings(), all: Boolean(opts.all) });
    },
    async status(k) {
      const { runStatus } = await import('./commands/status.js');
      exitCode = await runStatus(ctx, k.reporter, await k.settings());
    },
    async config(k, action, key, value) {
      const { runConfig } = await import('./commands/config.js');
      await runConfig(ctx, k.reporter, { action, key, value, profile: k.command.optsWithGlobals<GlobalFlags>().profile });
    },
  }, kit);

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
type ConfigAction = 'get' | 'set' | 'unset' | 'list';
interface Actions {
  update(kit: ActionKit, opts: UpdateFlags, sets: SetFlag[]): Promise<void>;
  validate(kit: ActionKit, opts: ValidateFlags): Promise<void>;
  login(kit: ActionKit, opts: { scopes?: string }): Promise<void>;
  logout(kit: ActionKit, opts: { all?: boolean }): Promise<void>;
  status(kit: ActionKit): Promise<void>;
  config(kit: ActionKit, action: ConfigAction, key?: string, value?: string): Promise<void>;
}

/** The command tree. Actions are injected, so the tree can be inspected without running anything. */
export function buildProgram(ctx: Context, actions: Actions, kit: (command: Command) => ActionKit): Command {
  const program = new Command('edu-flow')
    .description('Validate and update School Data Sync outbound provisioning flows (Microsoft Graph beta industryData).')
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-o, --output <format>', 'json or text (default: text on a terminal, json otherwise; env EDU_FLOW_OUTPUT)'))
    .option('--verbose', 'one line per HTTP exchange on stderr')
    .option('--debug', 'also headers and bodies (secrets masked) and stack traces')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--profile <name>', 'settings and sign-in profile (env EDU_FLOW_PROFILE; default "default")')
    .option('--graph-url <url>', 'Graph base URL with version (env EDU_FLOW_GRAPH_URL; default https://graph.microsoft.com/beta)')
    .option('--tenant <tenant>', 'tenant id or domain to sign in to (env EDU_FLOW_TENANT; default organizations)')
    .option('--client-id <id>', 'public client (app) id for sign-in (env EDU_FLOW_CLIENT_ID)')
    .option('--authority-host <url>', 'Entra ID sign-in host (env EDU_FLOW_AUTHORITY_HOST; default https://login.microsoftonline.com)')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true);

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
    await actions.update(kit(command), command.opts<UpdateFlags>(), sets);
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
      await actions.validate(kit(command), command.opts<ValidateFlags>());
    });

  program
    .command('login')
    .description('sign in with a device code; the account is kept in the profile\'s token cache')
    .option('--scopes <list>', 'delegated scopes, comma-separated (default: IndustryData-OutboundFlow.ReadWrite.All, IndustryData-ReferenceDefinition.Read.All)')
    .addHelpText('after', `
Examples:
  $ edu-flow login
  $ edu-flow login --tenant contoso.edu
  $ edu-flow --profile north-district login`)
    .action(async (_opts, command: Command) => {
      await actions.login(kit(command), command.opts());
    });

  program
    .command('logout')
    .description('remove the signed-in account of the profile (or of every profile with --all)')
    .option('--all', 'every profile')
    .action(async (_opts, command: Command) => {
      await actions.logout(kit(command), command.opts());
    });

  program
    .command('status')
    .description('who is signed in, where, with which scopes, until when, and where the token cache is; exit 4 when no credential is usable')
    .action(async (_opts, command: Command) => {
      await actions.status(kit(command));
    });

  const config = program
    .command('config')
    .description('profile settings: tenant, clientId, authorityHost, graphUrl')
    .addHelpText('after', `
Examples:
  $ edu-flow config set tenant contoso.edu
  $ edu-flow --profile north-district config set tenant north.k12.example.edu
  $ edu-flow config list`);
  config.command('get <key>').description('print a setting of the profile').action(async (key: string, _opts, command: Command) => {
    await actions.config(kit(command), 'get', key);
  });
  config.command('set <key> <value>').description('store a setting in the profile').action(async (key: string, value: string, _opts, command: Command) => {
    await actions.config(kit(command), 'set', key, value);
  });
  config.command('unset <key>').description('remove a setting from the profile').action(async (key: string, _opts, command: Command) => {
    await actions.config(kit(command), 'unset', key);
  });
  config.command('list').description('the settings stored in the profile, and the other profiles').action(async (_opts, command: Command) => {
    await actions.config(kit(command), 'list');
  });

  // Every command reports through the same streams and exits through main().
  const configure = (command: Command): void => {
    command.exitOverride().showSuggestionAfterError(true).configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
    command.commands.forEach(configure);
  };
  configure(program);
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
