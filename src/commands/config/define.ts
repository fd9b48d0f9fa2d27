import { Command } from '@commander-js/extra-typings';
import { checkProfileKey, checkProfileValue } from '../../config/profile-keys.js';
import type { CommandDefinition, CommandHost } from '../definition.js';
import type { ConfigFlags } from './run.js';

export const configCommand: CommandDefinition = (host) =>
  new Command('config')
    .description('profile settings: tenant, clientId, authorityHost, graphUrl, defaultSet')
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow config set tenant contoso.edu\n  $ edu-flow --profile north-district config set tenant north.k12.example.edu\n  $ edu-flow config set defaultSet "Contoso district flows"\n  $ edu-flow config list\n\ndefaultSet (a set id or display name; env EDU_FLOW_DEFAULT_SET) is the set a\ncommand uses when given neither --set-id nor --set-name.',
    )
    .addCommand(
      new Command('get')
        .argument('<key>', 'the setting', checkProfileKey)
        .description('print a setting of the profile (exit 1 when it is not set)')
        .addHelpText('after', '\nExamples:\n  $ edu-flow config get tenant\n  $ edu-flow --profile north-district config get graphUrl')
        .action((key, _o, cmd) => invoke(host, cmd, (profile) => ({ action: 'get', key, profile }))),
    )
    .addCommand(
      new Command('set')
        .argument('<key>', 'the setting', checkProfileKey)
        .argument('<value>', 'its value')
        .description('store a setting in the profile')
        .addHelpText('after', '\nExamples:\n  $ edu-flow config set tenant contoso.edu\n  $ edu-flow --profile north-district config set clientId <app id>')
        // A value is checked the way the setting will be used, so a bad one fails here, not later.
        .action((key, value, _o, cmd) => invoke(host, cmd, (profile) => ({ action: 'set', key, value: checkProfileValue(key, value, key), profile }))),
    )
    .addCommand(
      new Command('unset')
        .argument('<key>', 'the setting', checkProfileKey)
        .description('remove a setting from the profile')
        .addHelpText('after', '\nExamples:\n  $ edu-flow config unset graphUrl')
        .action((key, _o, cmd) => invoke(host, cmd, (profile) => ({ action: 'unset', key, profile }))),
    )
    .addCommand(
      new Command('list')
        .description('the settings stored in the profile, and the other profiles')
        .addHelpText('after', '\nExamples:\n  $ edu-flow config list\n  $ edu-flow config list --output json')
        .action((_o, cmd) => invoke(host, cmd, (profile) => ({ action: 'list', profile }))),
    );

/** Every config verb works on the profile of the global --profile flag (else EDU_FLOW_PROFILE). */
function invoke(host: CommandHost, cmd: Parameters<CommandHost['invoke']>[0], flags: (profile: string | undefined) => ConfigFlags): Promise<void> {
  return host.invoke(
    cmd,
    () => flags((cmd.optsWithGlobals() as { profile?: string }).profile),
    async (session, options) => (await import('./run.js')).runConfig(session.ctx, session.reporter, options),
  );
}
