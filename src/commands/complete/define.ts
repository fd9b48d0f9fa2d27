import { Argument, Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';

/**
 * `edu-flow __complete set-names -- <words typed so far>`: what the shell completion scripts run for the values of
 * --set-name. Hidden: it is for the scripts, not for people, and prints nothing but values.
 */
export const completeCommand: CommandDefinition = (host) =>
  new Command('__complete')
    .description('values for the shell completion scripts (silent, bounded in time)')
    .addArgument(new Argument('<what>', 'what to list').choices(['set-names'] as const))
    .addArgument(new Argument('[words...]', 'the words typed so far, after --: their --profile, --tenant and the like apply'))
    .addHelpText('after', '\nExamples:\n  $ edu-flow __complete set-names\n  $ edu-flow __complete set-names -- --profile north list --set-name')
    .action((_what, words, _o, cmd) =>
      host.invoke(
        cmd,
        () => ({ words }),
        async (session, options) => (await import('./run.js')).runCompleteSetNames(session, options.words),
      ),
    );
