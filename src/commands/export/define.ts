import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { networkOf, required, withNetworkOptions } from '../flags.js';
import type { ExportFlags } from './run.js';

export const exportCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    new Command('export')
      .description('write every flow set of the tenant and every flow in it to a folder of files (for git, `plan` and `apply`)')
      .addOption(new Option('--out <dir>', 'the folder to write: new, empty, or an earlier export')),
  )
    .addHelpText(
      'after',
      `
The folder: edu-flow.json (the index, listing the password variables) and
sets/<set>/set.json with one file per flow type beside it (user.json,
classGroup.json, securityGroup.json, administrativeUnit.json). Ids, dates and
other server-managed members are left out and keys are sorted, so exporting an
unchanged tenant again gives the same bytes. Default passwords are written as
{"$env": "SDS_PASSWORD_<SET>_<ROLE GROUP>"}: never a password, never the mask.

Examples:
  $ edu-flow export --out sds
  $ edu-flow export --out sds --profile north --output json`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): ExportFlags => ({ out: required(o.out, '--out'), network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runExport(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
