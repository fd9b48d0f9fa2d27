import { Command, Option } from '@commander-js/extra-typings';
import type { BodyEdit } from '../../body/flags.js';
import { bodyRequestOf, withBodyOptions } from '../body-flags.js';
import type { CommandDefinition } from '../definition.js';
import type { DiffFlags } from './run.js';
import { networkOf, withNetworkOptions } from '../flags.js';

export const diffCommand: CommandDefinition = (host) => {
  const edits: BodyEdit[] = [];
  return withNetworkOptions(
    withBodyOptions(new Command('diff').description('show what `update` would change against the live flow; sends nothing'), edits).addOption(
      new Option('--exit-code', 'exit 8 when there are changes (a drift check for CI)'),
    ),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ edu-flow diff --set-id <set> --flow-id <flow> -f flows/users.json
  $ edu-flow diff --set-id <set> --flow-id <flow> -f flows/users.json \\
      --exit-code --output json`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (env): DiffFlags => ({ ...bodyRequestOf(o, edits, env), exitCode: Boolean(o.exitCode), network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runDiff(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
};
