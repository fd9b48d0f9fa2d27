import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { dryRunOption, isStrict, networkOf, planOption, refuseTogether, setSelectorOf, strictOption, withNetworkOptions, withSetSelector } from '../flags.js';
import type { CreateFlags } from './run.js';

export const createCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    withSetSelector(new Command('create').description('create a provisioning flow in a set (one of each type per set)'))
      .addOption(new Option('-f, --file <path>', 'the body: a JSON file, or - for stdin'))
      .addOption(strictOption())
      .addOption(planOption('online: run the checks (no flow of this type yet, role groups exist) and show exactly the POST that would be sent, passwords masked; sends nothing'))
      .addOption(dryRunOption('offline: print the POST built from the body, passwords masked; needs no sign-in, sends nothing')),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow create --set-id <set> -f security-groups.json\n  $ edu-flow create --set-name "Fabrikam pilot" -f users.json --plan\n  $ edu-flow create --set-id <set> -f users.json --dry-run',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (env): CreateFlags => {
          refuseTogether(
            o.plan,
            o.dryRun,
            ['--plan', '--dry-run'],
            '--dry-run shows the POST offline and needs no sign-in; --plan runs the online checks and shows exactly what would be sent',
          );
          return { set: setSelectorOf(o), file: o.file, strict: isStrict(o.strict, env), plan: Boolean(o.plan), dryRun: Boolean(o.dryRun), network: networkOf(o) };
        },
        async (session, options) => (await import('./run.js')).runCreate(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
