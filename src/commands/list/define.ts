import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { flowTypeOption, networkOf, setSelectorOf, withNetworkOptions, withSetSelector } from '../flags.js';
import type { ListFlags } from './run.js';

export const listCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    withSetSelector(new Command('list').description('list the provisioning flows of a set (all pages)')).addOption(
      flowTypeOption('only user, classGroup, securityGroup or administrativeUnit flows'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow list --set-id <set>\n  $ edu-flow list --set-name "Contoso district flows"\n  $ edu-flow list --set-id <set> --type user --output json',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): ListFlags => ({ set: setSelectorOf(o), kind: o.type, network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runList(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
