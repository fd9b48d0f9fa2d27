import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import type { LogoutFlags } from './run.js';

export const logoutCommand: CommandDefinition = (host) =>
  new Command('logout')
    .description('remove the signed-in account of the profile (or of every profile with --all)')
    .addOption(new Option('--all', 'every profile'))
    .addHelpText('after', '\nExamples:\n  $ edu-flow logout\n  $ edu-flow --profile north-district logout\n  $ edu-flow logout --all')
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): LogoutFlags => ({ all: Boolean(o.all) }),
        async (session, options) => (await import('./run.js')).runLogout(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
