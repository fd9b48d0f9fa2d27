// The command line of `delete` and `reset`: the same flags, help and checks, for two operations.
import { Command } from '@commander-js/extra-typings';
import type { DestructiveFlowFlags } from '../session/destructive-flow-action.js';
import type { CommandHost, Session } from './definition.js';
import {
  backupDirOption,
  dryRunOption,
  flowSelectorOf,
  networkOf,
  planOption,
  refuseTogether,
  setSelectorOf,
  withFlowSelector,
  withNetworkOptions,
  withSetSelector,
  yesOption,
} from './flags.js';

export function destructiveFlowCommand(host: CommandHost, name: 'delete' | 'reset', description: string, run: (session: Session, options: DestructiveFlowFlags) => Promise<void>) {
  const method = name === 'delete' ? 'DELETE' : 'POST …/reset';
  return withNetworkOptions(
    withFlowSelector(withSetSelector(new Command(name).description(description)))
      .addOption(yesOption())
      .addOption(planOption(`online: read the flow and its set, show the target and exactly the ${method} that would be sent; sends nothing, no backup`))
      .addOption(dryRunOption(`offline: print the ${method} built from the ids; needs no sign-in, sends nothing`))
      .addOption(backupDirOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ edu-flow ${name} --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 \\
      --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f
  $ edu-flow ${name} --set-id <set> --flow-id <flow> --plan
  $ edu-flow ${name} --set-name "Contoso district flows" --flow-type user --plan
  $ edu-flow ${name} --set-id <set> --flow-id <flow> --yes   # CI: no terminal

On a terminal it shows the tenant, account, set and flow, then asks [y/N]:
no, an empty answer or Ctrl-D cancels (exit 2), Ctrl-C exits 130; nothing is
sent unless the answer is yes. Without a terminal, --yes is required.`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): DestructiveFlowFlags => {
          refuseTogether(
            o.plan,
            o.dryRun,
            ['--plan', '--dry-run'],
            '--dry-run shows the request offline and needs no sign-in; --plan reads the live flow and shows exactly what would be sent',
          );
          return {
            set: setSelectorOf(o),
            flow: flowSelectorOf(o),
            yes: Boolean(o.yes),
            plan: Boolean(o.plan),
            dryRun: Boolean(o.dryRun),
            backupDir: o.backupDir,
            network: networkOf(o),
          };
        },
        run,
      ),
    );
}
