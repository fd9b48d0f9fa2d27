import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { flowIdOption, networkOf, required, setIdOption, withNetworkOptions } from '../flags.js';
import type { GetFlags } from './run.js';

export const getCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    new Command('get')
      .description('show a provisioning flow; --body prints a body ready for `update -f -`')
      .addOption(setIdOption())
      .addOption(flowIdOption())
      .addOption(new Option('--body', 'print an update-ready body: server-managed members removed, roleGroup as roleGroup@odata.bind, masked passwords left out')),
  )
    .addHelpText(
      'after',
      "\nExamples:\n  $ edu-flow get --set-id <set> --flow-id <flow>\n  $ edu-flow get --set-id <set> --flow-id <flow> --body |\n      jq '.createUnmatchedUsers = false' |\n      edu-flow update --set-id <set> --flow-id <flow> -f -",
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): GetFlags => ({ setId: required(o.setId, '--set-id'), flowId: required(o.flowId, '--flow-id'), body: Boolean(o.body), network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runGet(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
