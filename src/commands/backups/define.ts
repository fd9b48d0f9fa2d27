import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { backupDirOption, flowIdOption, flowTypeSelectorOption, refuseTogether, setIdOption } from '../flags.js';
import type { BackupsListFlags } from './run.js';

export const backupsCommand: CommandDefinition = (host) =>
  new Command('backups')
    .description('the backups edu-flow wrote before each change: list')
    .addHelpText('after', '\nExamples:\n  $ edu-flow backups list\n  $ edu-flow restore --latest --set-id <set> --flow-id <flow> --plan')
    .addCommand(
      new Command('list')
        .description('the backups, newest first (offline)')
        .addOption(setIdOption())
        .addOption(flowIdOption())
        .addOption(flowTypeSelectorOption())
        .addOption(backupDirOption('the backup folder (default: <state folder>/backups; env EDU_FLOW_STATE_DIR)'))
        .addHelpText(
          'after',
          "\nExamples:\n  $ edu-flow backups list\n  $ edu-flow backups list --set-id <set> --output json | jq -r '.[0].path'\n  $ edu-flow backups list --set-id <set> --flow-type user\n\nOffline: the set is chosen by id (a deleted set has no name left to look up);\n--flow-type matches the type each flow backup recorded.",
        )
        .action((o, cmd) =>
          host.invoke(
            cmd,
            (): BackupsListFlags => {
              refuseTogether(o.flowId !== undefined, o.flowType !== undefined, ['--flow-id', '--flow-type'], 'name the flow one way');
              return { setId: o.setId, flowId: o.flowId, flowKind: o.flowType, backupDir: o.backupDir };
            },
            async (session, options) => (await import('./run.js')).runBackupsList(session.ctx, session.reporter, options),
          ),
        ),
    );
