import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { withNetworkOptions } from '../flags.js';
import { estateFlagsOf, withEstateOptions } from '../estate-flags.js';
import type { PlanFlags } from './run.js';

export const planCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    withEstateOptions(
      new Command('plan')
        .description('compare a folder of files (from `export`) with the live tenant, or every tenant of a fleet, and show each change; sends nothing')
        .argument('<dir>', 'the folder: edu-flow.json and sets/<set>/{set,user,classGroup,securityGroup,administrativeUnit}.json'),
    ).addOption(new Option('--exit-code', 'exit 8 when there is anything to change (a scheduled drift check)')),
  )
    .addHelpText(
      'after',
      `
Every file is checked offline first (for each tenant, with its variables): any
problem stops everything before a request (exit 3). Sets are matched by display
name, flows by type within their set. Changes are shown element by element, as
\`diff\` shows them; live sets and flows no file describes are listed, and
deleted only with --prune. Write-only passwords cannot be read back, so they are
not compared.

Exit codes: 0 done; 8 with --exit-code when something would change; with
--fleet, 10 when some tenants failed and 11 when no tenant could be planned.

Examples:
  $ edu-flow plan sds
  $ edu-flow plan sds --exit-code --report plan.md
  $ edu-flow plan sds --fleet fleet.json --tenants pilot --output json`,
    )
    .action((dir, o, cmd) =>
      host.invoke(
        cmd,
        (env): PlanFlags => ({ ...estateFlagsOf(dir, o, env), exitCode: Boolean(o.exitCode) }),
        async (session, options) => (await import('./run.js')).runPlanCommand(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
