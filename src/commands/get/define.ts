import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { flowSelectorOf, networkOf, setSelectorOf, withFlowSelector, withNetworkOptions, withSetSelector } from '../flags.js';
import type { GetFlags } from './run.js';

export const getCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    withFlowSelector(withSetSelector(new Command('get').description('show a provisioning flow; --body prints a body ready for `update -f -`'))).addOption(
      new Option('--body', 'print an update-ready body: server-managed members removed, roleGroup as roleGroup@odata.bind, masked passwords left out'),
    ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow get --set-id <set> --flow-id <flow>\n  $ edu-flow get --set-name "Contoso district flows" --flow-type user\n  $ edu-flow get --set-id <set> --flow-id <flow> --body |\n      jq \'.createUnmatchedUsers = false\' |\n      edu-flow update --set-id <set> --flow-id <flow> -f -',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): GetFlags => ({ set: setSelectorOf(o), flow: flowSelectorOf(o), body: Boolean(o.body), network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runGet(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
