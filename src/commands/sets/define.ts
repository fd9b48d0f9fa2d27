import { Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Env } from '../../context.js';
import type { BodyEdit } from '../../body/flags.js';
import { UsageError } from '../../errors.js';
import type { CommandDefinition, CommandHost } from '../definition.js';
import {
  backupDirOption,
  dryRunOption,
  isStrict,
  networkOf,
  planOption,
  refuseTogether,
  setSelectorOf,
  strictOption,
  withNetworkOptions,
  withSetSelector,
  yesOption,
} from '../flags.js';
import type { SetsDeleteFlags } from './run-delete.js';
import type { SetBodyFlags, SetsGetFlags, SetsListFlags, SetsUpdateFlags } from './run.js';

const PREVIEW_HINT = '--dry-run shows the request offline and needs no sign-in; --plan reads the live state and shows exactly what would be sent';

export const setsCommand: CommandDefinition = (host) =>
  new Command('sets')
    .description('flow sets: list, get, create, update, delete')
    .addHelpText(
      'after',
      `
Examples:
  $ edu-flow sets list
  $ edu-flow sets create --display-name "North district" \\
      --filter-org north-high,north-middle
  $ edu-flow sets update --set-id <set> --filter-org north-high
  $ edu-flow sets delete --set-id <set> --yes`,
    )
    .addCommand(listCommand(host))
    .addCommand(getCommand(host))
    .addCommand(createCommand(host))
    .addCommand(updateCommand(host))
    .addCommand(deleteCommand(host));

const listCommand = (host: CommandHost) =>
  withNetworkOptions(new Command('list').description('list the flow sets (all pages)'))
    .addHelpText('after', "\nExamples:\n  $ edu-flow sets list\n  $ edu-flow sets list --output json | jq -r '.[].id'")
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): SetsListFlags => ({ network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runSetsList(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );

const getCommand = (host: CommandHost) =>
  withNetworkOptions(withSetSelector(new Command('get').description('show a flow set')).addOption(new Option('--body', 'print an update-ready body')))
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow sets get --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03\n  $ edu-flow sets get --set-name "Contoso district flows" --body > set.json',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): SetsGetFlags => ({ set: setSelectorOf(o), body: Boolean(o.body), network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runSetsGet(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );

/** The options `sets create` and `sets update` share: a body from a file or stdin, or only the convenience flags. */
function withSetBodyOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>, verb: 'create' | 'update') {
  return withNetworkOptions(
    command
      .addOption(new Option('-f, --file <path>', 'the body: a JSON file, or - for stdin'))
      .addOption(new Option('--display-name <name>', "the set's name"))
      .addOption(new Option('--filter-org <ids>', 'only these organisations (comma-separated external ids): a basicFilter on orgExternalId'))
      .addOption(new Option('--no-filter', 'every organisation (removes the filter)'))
      .addOption(strictOption('treat deprecated members as errors'))
      .addOption(
        planOption(
          verb === 'create'
            ? 'online: show exactly the POST that would be sent; sends nothing'
            : 'online: read the live set and show exactly the PATCH that would be sent (only the members that change); sends nothing',
        ),
      )
      .addOption(dryRunOption(`offline: print the ${verb === 'create' ? 'POST' : 'PATCH'} built from the body and flags; needs no sign-in, sends nothing`))
      .addOption(backupDirOption()),
  );
}

interface SetBodyValues {
  file?: string;
  displayName?: string;
  filterOrg?: string;
  filter: boolean;
  strict?: boolean;
  plan?: boolean;
  dryRun?: boolean;
  backupDir?: string;
  retries: number;
  maxWait: number;
  timeout: number;
}

function setBodyFlags(o: SetBodyValues, env: Env): SetBodyFlags {
  refuseTogether(o.plan, o.dryRun, ['--plan', '--dry-run'], PREVIEW_HINT);
  return {
    file: o.file,
    // commander's --no-filter makes "filter" false; an absent flag leaves it true.
    edits: setEdits(o.displayName, o.filterOrg, o.filter === false),
    strict: isStrict(o.strict, env),
    plan: Boolean(o.plan),
    dryRun: Boolean(o.dryRun),
    backupDir: o.backupDir,
    network: networkOf(o),
  };
}

const createCommand = (host: CommandHost) =>
  withSetBodyOptions(new Command('create').description('create a flow set'), 'create')
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow sets create --display-name "North district" \\\n      --filter-org north-high,north-middle\n  $ edu-flow sets create -f set.json --plan',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (env) => setBodyFlags(o, env),
        async (session, options) => (await import('./run.js')).runSetsCreate(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );

const updateCommand = (host: CommandHost) =>
  withSetBodyOptions(withSetSelector(new Command('update').description("change a flow set's name or filter")), 'update')
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow sets update --set-name "North" --display-name "North district"\n  $ edu-flow sets update --set-id <set> --filter-org north-high --plan\n  $ edu-flow sets update --set-id <set> --no-filter\n\nOnly the members that change are sent; when nothing changes, nothing is sent\n(exit 0).',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (env): SetsUpdateFlags => ({ set: setSelectorOf(o), ...setBodyFlags(o, env) }),
        async (session, options) => (await import('./run.js')).runSetsUpdate(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );

/** --display-name, --filter-org and --no-filter as body edits. */
function setEdits(displayName: string | undefined, filterOrg: string | undefined, clearFilter: boolean): BodyEdit[] {
  const edits: BodyEdit[] = [];
  if (displayName !== undefined) edits.push({ flag: '--display-name', pointer: '/displayName', value: displayName });
  if (filterOrg !== undefined && clearFilter) throw new UsageError('--filter-org and --no-filter cannot be used together');
  if (filterOrg !== undefined) {
    const ids = filterOrg
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError('--filter-org needs at least one organisation external id, e.g. --filter-org north-high,south-middle');
    edits.push({ flag: '--filter-org', pointer: '/filter', value: { '@odata.type': '#microsoft.graph.industryData.basicFilter', attribute: 'orgExternalId', in: ids } });
  }
  if (clearFilter) edits.push({ flag: '--no-filter', pointer: '/filter', value: null });
  return edits;
}

const deleteCommand = (host: CommandHost) =>
  withNetworkOptions(
    withSetSelector(new Command('delete').description('delete a flow set and its flows, after a backup of both (asks on a terminal; --yes otherwise)'))
      .addOption(yesOption())
      .addOption(planOption('online: read the set and its flows and show exactly the DELETE that would be sent; sends nothing, no backup'))
      .addOption(dryRunOption('offline: print the DELETE built from the id; needs no sign-in, sends nothing'))
      .addOption(backupDirOption()),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ edu-flow sets delete --set-id <set> --plan\n  $ edu-flow sets delete --set-id <set> --yes\n  $ edu-flow sets delete --set-name "Fabrikam pilot" --plan\n  $ edu-flow restore --latest --set-id <set>\n\nThe backup holds the set and every flow in it; `edu-flow restore <file>`\nrecreates them (with new ids). The profile\'s defaultSet does not apply here:\nthe set to delete is always named.',
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): SetsDeleteFlags => {
          refuseTogether(
            o.plan,
            o.dryRun,
            ['--plan', '--dry-run'],
            '--dry-run shows the request offline and needs no sign-in; --plan reads the live set and shows exactly what would be sent',
          );
          return {
            set: setSelectorOf(o, { allowDefault: false }),
            yes: Boolean(o.yes),
            plan: Boolean(o.plan),
            dryRun: Boolean(o.dryRun),
            backupDir: o.backupDir,
            network: networkOf(o),
          };
        },
        async (session, options) => (await import('./run-delete.js')).runSetsDelete(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
