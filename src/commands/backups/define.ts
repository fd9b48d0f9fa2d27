import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { backupDirOption, flowIdOption, setIdOption } from '../flags.js';
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
        .addOption(backupDirOption('the backup folder (default: <state folder>/backups; env EDU_FLOW_STATE_DIR)'))
        .addHelpText('after', "\nExamples:\n  $ edu-flow backups list\n  $ edu-flow backups list --set-id <set> --output json | jq -r '.[0].path'")
        .action((o, cmd) =>
          host.invoke(
            cmd,
            (): BackupsListFlags => ({ setId: o.setId, flowId: o.flowId, backupDir: o.backupDir }),
            async (session, options) => (await import('./run.js')).runBackupsList(session.ctx, session.reporter, options),
          ),
        ),
    );
