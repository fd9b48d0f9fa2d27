import { Command, Option } from '@commander-js/extra-typings';
import type { BodyEdit } from '../../body/flags.js';
import { bodyRequestOf, withBodyOptions } from '../body-flags.js';
import type { CommandDefinition } from '../definition.js';
import type { UpdateFlags } from './run.js';
import { backupDirOption, networkOf, refuseTogether, withNetworkOptions } from '../flags.js';
import { DEFAULT_WAIT_S, parseRunWait } from '../runs/define.js';

export const updateCommand: CommandDefinition = (host) => {
  const edits: BodyEdit[] = [];
  const command = withNetworkOptions(
    withBodyOptions(new Command('update').description('update a provisioning flow: validate, compare with the live flow, back it up, PATCH, verify'), edits)
      .addOption(new Option('--dry-run', 'offline: print the body as given (secrets masked); online it is completed from the live flow first. Needs no sign-in, sends nothing'))
      .addOption(new Option('--plan', 'online: show what would change and exactly the PATCH that would be sent; sends nothing'))
      .addOption(new Option('--force', 'send every member the body touches, even when nothing would change'))
      .addOption(new Option('--drop-default-passwords', 'allow the PATCH to remove live default passwords it does not supply (they cannot be read back)'))
      .addOption(new Option('--verify', 'read the flow back after the PATCH and check every sent member (default on a terminal)'))
      .addOption(new Option('--no-verify', 'do not read the flow back'))
      .addOption(backupDirOption())
      .addOption(
        new Option(
          '--wait-run [seconds]',
          `then wait for the run that covers the change and report the flow's activity in it (as \`runs wait\`; at most the seconds given, default ${DEFAULT_WAIT_S})`,
        ).argParser((raw) => parseRunWait(raw, '--wait-run')),
      ),
  ).addHelpText(
    'after',
    `
Examples:
  $ edu-flow update --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 \\
      --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f -f body.json
  $ edu-flow update --set-id <set> --flow-id <flow> --student-age-group adult
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --plan
  $ jq '.createUnmatchedUsers = false' body.json |
      edu-flow update --set-id <set> --flow-id <flow> -f -
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --wait-run

With --wait-run, the exit code is the wait's once the update succeeded: 0 the
flow's activity completed, 12 the run or the activity failed, 13 no covering run
ended in time.`,
  );
  return command.action((o, cmd) =>
    host.invoke(
      cmd,
      (env): UpdateFlags => {
        refuseTogether(
          o.waitRun !== undefined,
          o.plan || o.dryRun,
          ['--wait-run', o.plan ? '--plan' : '--dry-run'],
          'a preview sends nothing, so there is no change for a run to cover',
        );
        refuseTogether(
          o.plan,
          o.dryRun,
          ['--plan', '--dry-run'],
          '--dry-run shows the offline body and needs no sign-in; --plan reads the live flow and shows exactly what would be sent',
        );
        return {
          ...bodyRequestOf(o, edits, env),
          dryRun: Boolean(o.dryRun),
          plan: Boolean(o.plan),
          force: Boolean(o.force),
          dropDefaultPasswords: Boolean(o.dropDefaultPasswords),
          // --verify → true, --no-verify → false, neither → undefined (the default decides).
          verify: cmd.getOptionValueSource('verify') === undefined ? undefined : Boolean(o.verify),
          backupDir: o.backupDir,
          // --wait-run alone: the default wait; with seconds: that wait.
          ...(o.waitRun === undefined ? {} : { waitRunMs: Math.round((o.waitRun === true ? DEFAULT_WAIT_S : o.waitRun) * 1000) }),
          network: networkOf(o),
        };
      },
      async (session, options) => (await import('./run.js')).runUpdate(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
    ),
  );
};
