import { Command } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';

export const statusCommand: CommandDefinition = (host) =>
  new Command('status')
    .description('who is signed in, where, with which scopes, until when, and where the token cache is; exit 4 when no credential is usable')
    .addHelpText('after', '\nExamples:\n  $ edu-flow status\n  $ edu-flow --profile north-district status --output json | jq .credential')
    .action((_o, cmd) =>
      host.invoke(
        cmd,
        () => ({}),
        async (session) => (await import('./run.js')).runStatus(session.ctx, session.reporter, await session.settings()),
      ),
    );
