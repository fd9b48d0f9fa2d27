import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { backupDirOption, dryRunOption, planOption, refuseTogether, withNetworkOptions, yesOption } from '../flags.js';
import { estateFlagsOf, withEstateOptions } from '../estate-flags.js';
import type { ApplyFlags } from './run.js';

export const applyCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    withEstateOptions(
      new Command('apply')
        .description('make the live tenant (or every tenant of a fleet) match a folder of files: sets before their flows, a backup before and a check after every write')
        .argument('<dir>', 'the folder: edu-flow.json and sets/<set>/{set,user,classGroup,securityGroup,administrativeUnit}.json'),
    )
      .addOption(yesOption())
      .addOption(new Option('--resume', 'go on from an apply that stopped (failure or Ctrl-C): finished tenants and writes are not repeated'))
      .addOption(new Option('--state-file <file>', "where apply records its progress (default: <state folder>/apply/<folder's hash>.json)"))
      .addOption(backupDirOption('where the backups of the objects it changes or deletes go (default: <state folder>/backups)'))
      .addOption(new Option('--drop-default-passwords', 'let a write remove live default passwords that the files do not name'))
      .addOption(planOption('online: plan every tenant, check the write permission, and show exactly the requests apply would send; sends nothing'))
      .addOption(dryRunOption('offline: check the folder for every tenant and say what it holds; needs no sign-in, sends nothing')),
  )
    .addHelpText(
      'after',
      `
apply plans first (as \`plan\` does), shows the plan and asks [y/N] on a
terminal; without one, --yes is required (exit 2). Then, per tenant: flow sets
are created or changed before their flows, deletes (--prune) come last; before
every change or delete the live object is backed up, and after every write it
is read back and checked (exit 7 when it does not hold what was sent).
{"$env": NAME} passwords are read from the environment when a write sends
them; a write that would remove a live default password is refused (exit 3)
unless --drop-default-passwords. Progress is written after every write: after
a failure or Ctrl-C, \`apply --resume\` goes on without repeating finished writes.

Exit codes: 0 done; the usual codes for one tenant; with --fleet, 10 when some
tenants failed and 11 when no tenant could be done.

Examples:
  $ edu-flow apply sds
  $ edu-flow apply sds --plan
  $ edu-flow apply sds --yes --report apply.md
  $ edu-flow apply sds --fleet fleet.json --tenants pilot --yes \\
      --continue-on-error
  $ edu-flow apply sds --fleet fleet.json --yes --resume`,
    )
    .action((dir, o, cmd) =>
      host.invoke(
        cmd,
        (env): ApplyFlags => {
          refuseTogether(o.plan, o.dryRun, ['--plan', '--dry-run'], '--dry-run checks the folder offline; --plan also reads every tenant and shows the requests');
          refuseTogether(o.resume, o.plan || o.dryRun, ['--resume', o.plan ? '--plan' : '--dry-run'], 'a preview sends nothing, so there is nothing to resume');
          return {
            ...estateFlagsOf(dir, o, env),
            plan: Boolean(o.plan),
            dryRun: Boolean(o.dryRun),
            yes: Boolean(o.yes),
            resume: Boolean(o.resume),
            stateFile: o.stateFile,
            backupDir: o.backupDir,
            dropDefaultPasswords: Boolean(o.dropDefaultPasswords),
          };
        },
        async (session, options) => (await import('./run.js')).runApplyCommand(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
