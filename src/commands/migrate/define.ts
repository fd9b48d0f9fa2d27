import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import type { MigrateOptions } from './run.js';

export const migrateCommand: CommandDefinition = (host) =>
  new Command('migrate')
    .description('rewrite deprecated members (markAllStudentsAsMinors → studentAgeGroup) and print the new body')
    .addOption(new Option('-f, --file <path>', 'the body: a JSON file, or - for stdin (default: a piped stdin)'))
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow migrate -f users.json > users.migrated.json\n  $ edu-flow get --set-id <set> --flow-id <flow> --body | edu-flow migrate |\n      edu-flow update --set-id <set> --flow-id <flow> -f -',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): MigrateOptions => ({ file: o.file }),
        async (session, options) => (await import('./run.js')).runMigrate(session.ctx, session.reporter, options),
      ),
    );
