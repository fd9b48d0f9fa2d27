import { Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import type { Context } from './context.js';
import { COMMANDS, type CommandHost } from './commands/index.js';

/** Global options every command sees (commander camel-cases them). */
export interface GlobalFlags {
  output?: string;
  verbose?: boolean;
  debug?: boolean;
  /** false with --no-color. */
  color?: boolean;
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
  $ edu-flow list --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03
  $ edu-flow get --set-id <set> --flow-id <flow> --body > users.json
  $ edu-flow update --set-id <set> --flow-id <flow> -f users.json --dry-run
  $ edu-flow --profile north-district status

Exit codes: 0 ok, 1 bug, 2 usage, 3 invalid body, 4 sign-in/permission,
5 Graph refused, 6 Graph or network unavailable, 7 not verified, 8 differs
(diff/plan --exit-code), 9 local file or folder unusable, 10 some tenants of a
fleet failed, 11 no tenant of a fleet could be done, 12 the run or the flow's
activity failed, 13 no covering run within --max-wait, 14 doctor found a
failure, 130/143 interrupted. See the README for details.`;

/**
 * The program: the global options, then every command of the list, each reporting through the
 * context's streams and raising commander's errors instead of exiting (main() turns them into
 * exit codes).
 */
export function buildProgram(ctx: Context, host: CommandHost): CommandUnknownOpts {
  const program = new Command('edu-flow')
    .description('Validate and manage School Data Sync outbound provisioning flows (Microsoft Graph beta industryData).')
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
  for (const define of COMMANDS) {
    const command = define(host);
    // "__complete" and the like serve the completion scripts: left out of help, docs and completion.
    program.addCommand(command, { hidden: command.name().startsWith('__') });
  }

  // Commands are built alone and added, so they inherit nothing by themselves: each takes the
  // program's help option, output streams and error handling here.
  // Help wraps to the terminal (80 columns when there is none, at most 100), and every command's
  // help lists the global options too.
  const width = (stream: object): number => Math.min((stream as { columns?: number }).columns ?? 80, 100);
  program
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      getOutHelpWidth: () => width(ctx.io.stdout),
      getErrHelpWidth: () => width(ctx.io.stderr),
    })
    .configureHelp({ showGlobalOptions: true, minWidthToWrap: 24 });
  const inherit = (command: CommandUnknownOpts): void => {
    for (const sub of command.commands) {
      sub.copyInheritedSettings(command);
      inherit(sub);
    }
  };
  inherit(program);
  return program;
}
