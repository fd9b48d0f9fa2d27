import { Command, Option } from '@commander-js/extra-typings';
import type { BodyEdit } from '../../body/flags.js';
import type { FlowKind } from '../../body/kinds.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition } from '../definition.js';
import {
  backupDirOption,
  dryRunOption,
  flowIdOption,
  flowTypeSelectorOption,
  isStrict,
  networkOf,
  planOption,
  refuseTogether,
  required,
  setIdOption,
  strictOption,
  withNetworkOptions,
  withSetOptions,
  yesOption,
} from '../flags.js';
import type { RestoreFlags } from './run.js';

export const restoreCommand: CommandDefinition = (host) => {
  const edits: BodyEdit[] = [];
  const base = new Command('restore')
    .argument('[backup]')
    .description('put a backup back: a flow or set that still exists is PATCHed to its saved state; a deleted one is created again (a deleted set with all its flows)')
    .addOption(new Option('--latest', 'the newest backup of --set-id (a set backup), or of a flow in it: --flow-id, or --flow-type for the type the backup recorded'))
    .addOption(setIdOption())
    .addOption(flowIdOption())
    .addOption(flowTypeSelectorOption())
    .addOption(yesOption())
    .addOption(planOption('online: show exactly the request(s) that would be sent; sends nothing'))
    .addOption(dryRunOption('offline: print the request(s) built from the backup; needs no sign-in, sends nothing'));
  return withNetworkOptions(
    withSetOptions(base, edits, 'edit the restored flow (of a set backup: its user flow) by JSON pointer, e.g. to supply a default password (repeatable)')
      .addOption(new Option('--drop-default-passwords', 'allow the PATCH of an existing flow to remove live default passwords the backup cannot supply'))
      .addOption(new Option('--allow-duplicate-name', 'create the set again even when a set with the same name exists (an earlier restore, say)'))
      .addOption(new Option('--allow-other-tenant', 'restore into a tenant other than the one the backup was taken in'))
      .addOption(strictOption('treat deprecated members as errors'))
      .addOption(backupDirOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ edu-flow backups list --set-id <set>
  $ edu-flow restore --latest --set-id <set> --plan
  $ STAFF_PW=… edu-flow restore --latest --set-id <set> --yes \\
      --set '/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":{"$env":"STAFF_PW"}}'
  $ edu-flow restore \\
      ~/.local/state/edu-flow/backups/2026-11-30T09-12-03.120Z_<set>_<flow>_update.json

Backups hold no passwords: each default password a restore cannot bring back
is named, and --set supplies it. Exit 2 when the backup is of another tenant
(--allow-other-tenant), a set with the same name exists (--allow-duplicate-name)
or --latest finds none; exit 3 when the file is not a valid backup (a bad id,
an unknown member, a password in plain text).`,
    )
    .action((file, o, cmd) =>
      host.invoke(
        cmd,
        (env): RestoreFlags => {
          refuseTogether(
            o.plan,
            o.dryRun,
            ['--plan', '--dry-run'],
            '--dry-run shows the requests offline and needs no sign-in; --plan reads the live state and shows exactly what would be sent',
          );
          return {
            source: backupSource(file, Boolean(o.latest), o.setId, o.flowId, o.flowType),
            yes: Boolean(o.yes),
            plan: Boolean(o.plan),
            dryRun: Boolean(o.dryRun),
            edits,
            dropDefaultPasswords: Boolean(o.dropDefaultPasswords),
            allowDuplicateName: Boolean(o.allowDuplicateName),
            allowOtherTenant: Boolean(o.allowOtherTenant),
            strict: isStrict(o.strict, env),
            backupDir: o.backupDir,
            network: networkOf(o),
          };
        },
        async (session, options) => (await import('./run.js')).runRestore(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
};

/** A backup file, or --latest with --set-id (and --flow-id for a flow backup); never both. */
function backupSource(file: string | undefined, latest: boolean, setId: string | undefined, flowId: string | undefined, flowKind: FlowKind | undefined): RestoreFlags['source'] {
  if (!latest) {
    if (file === undefined)
      throw new UsageError('restore needs a backup file, or --latest --set-id <set> [--flow-id <flow> | --flow-type <type>]', {
        hint: '`edu-flow backups list` shows the backups',
      });
    if (setId !== undefined || flowId !== undefined || flowKind !== undefined)
      throw new UsageError('--set-id, --flow-id and --flow-type choose a backup with --latest; a backup file names its own set and flow');
    return { file };
  }
  if (file !== undefined) throw new UsageError('give a backup file or --latest, not both');
  refuseTogether(flowId !== undefined, flowKind !== undefined, ['--flow-id', '--flow-type'], 'name the flow one way');
  return { latest: { setId: required(setId, '--set-id'), ...(flowId === undefined ? {} : { flowId }), ...(flowKind === undefined ? {} : { flowKind }) } };
}
