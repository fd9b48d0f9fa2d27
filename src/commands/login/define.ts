import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import type { LoginFlags } from './run.js';

export const loginCommand: CommandDefinition = (host) =>
  new Command('login')
    .description("sign in with a device code; the account is kept in the profile's token cache")
    .addOption(new Option('--scopes <list>', 'delegated scopes, comma-separated (default: IndustryData-OutboundFlow.ReadWrite.All, IndustryData-ReferenceDefinition.Read.All)'))
    .addHelpText('after', '\nExamples:\n  $ edu-flow login\n  $ edu-flow login --tenant contoso.edu\n  $ edu-flow --profile north-district login')
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): LoginFlags => ({ scopes: o.scopes }),
        async (session, options) => (await import('./run.js')).runLogin(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
