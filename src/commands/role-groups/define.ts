import { Command } from '@commander-js/extra-typings';
import { checkId } from '../../graph/paths.js';
import type { CommandDefinition } from '../definition.js';
import { networkOf, withNetworkOptions } from '../flags.js';
import type { RoleGroupsFlags } from './run.js';

export const roleGroupsCommand: CommandDefinition = (host) =>
  new Command('role-groups')
    .description('the role groups user configurations bind to: list, get')
    .addHelpText('after', '\nExamples:\n  $ edu-flow role-groups list\n  $ edu-flow role-groups get staff --output json')
    .addCommand(
      withNetworkOptions(new Command('list').description('list the role groups'))
        .addHelpText('after', "\nExamples:\n  $ edu-flow role-groups list\n  $ edu-flow role-groups list --output json | jq -r '.[].id'")
        .action((o, cmd) =>
          host.invoke(
            cmd,
            (): RoleGroupsFlags => ({ network: networkOf(o) }),
            async (session, options) => (await import('./run.js')).runRoleGroupsList(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
          ),
        ),
    )
    .addCommand(
      withNetworkOptions(new Command('get').argument('<id>', 'the role group id', (raw) => checkId(raw, 'the role-group id')).description('show a role group and its roles'))
        .addHelpText('after', '\nExamples:\n  $ edu-flow role-groups get staff\n  $ edu-flow role-groups get students --output json')
        .action((id, o, cmd) =>
          host.invoke(
            cmd,
            (): RoleGroupsFlags & { id: string } => ({ id, network: networkOf(o) }),
            async (session, options) => (await import('./run.js')).runRoleGroupsGet(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
          ),
        ),
    );
