import { Command, Option } from 'commander';
import type { Context } from './context.js';
import type { ResolvedSettings } from './config/resolve.js';
import { addNetworkOptions, type NetworkSettings } from './commands/network-options.js';
import type { Reporter } from './ui/reporter.js';

/** Global options every command sees (commander camel-cases them). */
export interface GlobalFlags {
  output?: string;
  verbose?: boolean;
  debug?: boolean;
  color: boolean;
  graphUrl?: string;
  profile?: string;
  tenant?: string;
  clientId?: string;
  authorityHost?: string;
}

/** What an action gets from main(): the reporter, settings on demand, and the shared helpers. */
export interface ActionKit {
  command: Command;
  reporter: Reporter;
  settings(): Promise<ResolvedSettings>;
  strict(flag: boolean | undefined): boolean;
  network(): NetworkSettings;
}

/** Runs an action; a number it returns becomes the exit code. main() supplies it. */
export type Run = (command: Command, action: (kit: ActionKit, opts: Record<string, any>) => Promise<number | void>) => Promise<void>;

const EXAMPLES = `
Examples:
  $ edu-flow login
  $ edu-flow validate -f examples/user-flow.json
  $ edu-flow list --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03
  $ edu-flow get --set-id <set> --flow-id <flow> --body > users.json
  $ edu-flow update --set-id <set> --flow-id <flow> -f users.json --dry-run
  $ edu-flow --profile north-district status

Exit codes: 0 ok, 1 bug, 2 usage, 3 invalid body, 4 sign-in/permission, 5 Graph refused,
6 Graph or network unavailable, 130/143 interrupted. See the README for details.`;

const SET_ID = ['--set-id <id>', 'the flow set (outboundProvisioningFlowSet) id'] as const;
const FLOW_ID = ['--flow-id <id>', 'the provisioning flow id'] as const;

/**
 * The command tree. Every action is a lazy import, so `--help` and `validate` never load got,
 * MSAL or ora; `run` (from main) turns results and errors into exit codes.
 */
export function buildProgram(ctx: Context, run: Run): Command {
  const program = new Command('edu-flow')
    .description('Validate and manage School Data Sync outbound provisioning flows (Microsoft Graph beta industryData).')
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .addOption(new Option('-o, --output <format>', 'json or text (default: text on a terminal, json otherwise; env EDU_FLOW_OUTPUT)'))
    .option('--verbose', 'one line per HTTP exchange on stderr')
    .option('--debug', 'also headers and bodies (secrets masked) and stack traces')
    .option('--no-color', 'no colours (also NO_COLOR)')
    .option('--profile <name>', 'settings and sign-in profile (env EDU_FLOW_PROFILE; default "default")')
    .option('--graph-url <url>', 'Graph base URL with version (env EDU_FLOW_GRAPH_URL; default https://graph.microsoft.com/beta)')
    .option('--tenant <tenant>', 'tenant id or domain to sign in to (env EDU_FLOW_TENANT; default organizations)')
    .option('--client-id <id>', 'public client (app) id for sign-in (env EDU_FLOW_CLIENT_ID)')
    .option('--authority-host <url>', 'Entra ID sign-in host (env EDU_FLOW_AUTHORITY_HOST; default https://login.microsoftonline.com)')
    .addHelpText('after', EXAMPLES)
    .showSuggestionAfterError(true);

  addUpdate(program, ctx, run);

  program
    .command('validate')
    .description('check a body against the schema, offline (no sign-in): exit 0 valid, 3 invalid')
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin (default: a piped stdin)')
    .option('--type <type>', 'user, classGroup, securityGroup, administrativeUnit or flowSet (default: from @odata.type, else user)')
    .option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)')
    .addHelpText('after', '\nExamples:\n  $ edu-flow validate -f examples/user-flow.json\n  $ edu-flow validate --type classGroup -f class-flow.json --output json')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runValidate } = await import('./commands/validate.js');
        return runValidate(ctx, k.reporter, { file: o.file, type: o.type, strict: k.strict(o.strict), graphUrl: (await k.settings()).graphUrl.value });
      }),
    );

  online(program.command('get').description('show a provisioning flow; --body prints a body ready for `update -f -`'))
    .option(...SET_ID)
    .option(...FLOW_ID)
    .option('--body', 'print an update-ready body: server-managed members removed, roleGroup as roleGroup@odata.bind, masked passwords left out')
    .addHelpText('after', "\nExamples:\n  $ edu-flow get --set-id <set> --flow-id <flow>\n  $ edu-flow get --set-id <set> --flow-id <flow> --body | jq '.createUnmatchedUsers = false' | edu-flow update --set-id <set> --flow-id <flow> -f -")
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runGet } = await import('./commands/get.js');
        await runGet(ctx, k.reporter, { setId: o.setId, flowId: o.flowId, body: Boolean(o.body), settings: await k.settings(), network: k.network() });
      }),
    );

  online(program.command('list').description('list the provisioning flows of a set (all pages)'))
    .option(...SET_ID)
    .option('--type <type>', 'only user, classGroup, securityGroup or administrativeUnit flows')
    .addHelpText('after', '\nExamples:\n  $ edu-flow list --set-id <set>\n  $ edu-flow list --set-id <set> --type user --output json')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runList } = await import('./commands/list.js');
        await runList(ctx, k.reporter, { setId: o.setId, type: o.type, settings: await k.settings(), network: k.network() });
      }),
    );

  online(program.command('create').description('create a provisioning flow in a set (one of each type per set)'))
    .option(...SET_ID)
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin')
    .option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)')
    .option('--plan', 'online: run the checks (no flow of this type yet, role groups exist) and show exactly the POST that would be sent, passwords masked; sends nothing')
    .option('--dry-run', 'offline: print the POST built from the body, passwords masked; needs no sign-in, sends nothing')
    .addHelpText('after', '\nExamples:\n  $ edu-flow create --set-id <set> -f security-groups.json\n  $ edu-flow create --set-id <set> -f users.json --plan\n  $ edu-flow create --set-id <set> -f users.json --dry-run')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runCreate } = await import('./commands/create.js');
        await runCreate(ctx, k.reporter, { setId: o.setId, file: o.file, strict: k.strict(o.strict), plan: Boolean(o.plan), dryRun: Boolean(o.dryRun), settings: await k.settings(), network: k.network() });
      }),
    );

  for (const [name, description, file] of [
    ['delete', 'delete a provisioning flow (asks on a terminal; --yes otherwise)', './commands/delete.js'],
    ['reset', 'reset a flow: reprovision all its data as on the first run and clear its errors (asks on a terminal; --yes otherwise)', './commands/reset.js'],
  ] as const) {
    const method = name === 'delete' ? 'DELETE' : 'POST …/reset';
    online(program.command(name).description(description))
      .option(...SET_ID)
      .option(...FLOW_ID)
      .option('-y, --yes', 'do not ask for confirmation')
      .option('--plan', `online: read the flow and its set, show the target and exactly the ${method} that would be sent; sends nothing, no backup`)
      .option('--dry-run', `offline: print the ${method} built from the ids; needs no sign-in, sends nothing`)
      .option(...BACKUP_DIR)
      .addHelpText('after', `
Examples:
  $ edu-flow ${name} --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f
  $ edu-flow ${name} --set-id <set> --flow-id <flow> --plan
  $ edu-flow ${name} --set-id <set> --flow-id <flow> --yes          # no terminal (CI): --yes is required

On a terminal it shows the tenant, account, set and flow, then asks [y/N]: no, an empty answer or
Ctrl-D cancels (exit 2), Ctrl-C exits 130; nothing is sent unless the answer is yes.`)
      .action((_o, command: Command) =>
        run(command, async (k, o) => {
          const options = { setId: o.setId, flowId: o.flowId, yes: Boolean(o.yes), plan: Boolean(o.plan), dryRun: Boolean(o.dryRun), backupDir: o.backupDir, settings: await k.settings(), network: k.network() };
          if (file === './commands/delete.js') await (await import('./commands/delete.js')).runDelete(ctx, k.reporter, options);
          else await (await import('./commands/reset.js')).runReset(ctx, k.reporter, options);
        }),
      );
  }

  addTools(program, ctx, run);
  addSets(program, ctx, run);
  addRoleGroups(program, ctx, run);
  addSignIn(program, ctx, run);

  // Every command reports through the same streams and exits through main().
  const configure = (command: Command): void => {
    command.exitOverride().showSuggestionAfterError(true).configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
    });
    command.commands.forEach(configure);
  };
  configure(program);
  return program;
}

function online(command: Command): Command {
  return addNetworkOptions(command);
}

/** The body options `update` and `diff` share: ids, -f, property flags, --set, --strict. */
function addBodyOptions(command: Command, sets: { flag: '--set' | '--set-string'; raw: string }[]): Command {
  return command
    .option(...SET_ID)
    .option(...FLOW_ID)
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin')
    .option('--type <type>', 'user, classGroup, securityGroup or administrativeUnit (default: the body\'s @odata.type, else the live flow\'s type)')
    .option('--create-unmatched-users <true|false>', 'user flow: create people who match no existing user')
    .option('--student-age-group <group>', 'user flow: minor, notAdult, adult, or none (sends null)')
    .option('--allow-student-contact-association <true|false>', 'user flow: associate students with their contacts')
    .option('--additional-attributes <list>', 'user flow: comma-separated, e.g. userGradeLevel,userNumber')
    .option('--set <pointer=value>', 'set a member by JSON pointer; value parsed as JSON, else a string (repeatable)', (raw: string) => {
      sets.push({ flag: '--set', raw });
      return sets;
    })
    .option('--set-string <pointer=value>', 'like --set, but the value is always a string (repeatable)', (raw: string) => {
      sets.push({ flag: '--set-string', raw });
      return sets;
    })
    .option('--strict', 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)');
}

const bodyRequest = (o: Record<string, any>, sets: { flag: '--set' | '--set-string'; raw: string }[], strict: boolean) => ({
  setId: o.setId,
  flowId: o.flowId,
  file: o.file,
  type: o.type,
  createUnmatchedUsers: o.createUnmatchedUsers,
  studentAgeGroup: o.studentAgeGroup,
  allowStudentContactAssociation: o.allowStudentContactAssociation,
  additionalAttributes: o.additionalAttributes,
  sets,
  strict,
});

const BACKUP_DIR = ['--backup-dir <dir>', 'where the backup of the live object goes (default: <state folder>/backups; env EDU_FLOW_STATE_DIR)'] as const;

function addUpdate(program: Command, ctx: Context, run: Run): void {
  const sets: { flag: '--set' | '--set-string'; raw: string }[] = [];
  online(addBodyOptions(program.command('update').description('update a provisioning flow: validate, compare with the live flow, back it up, PATCH, verify'), sets))
    .option('--dry-run', 'offline: print the body as given (secrets masked); online it is completed from the live flow first. Needs no sign-in, sends nothing')
    .option('--plan', 'online: show what would change and exactly the PATCH that would be sent; sends nothing')
    .option('--force', 'send every member the body touches, even when nothing would change')
    .option('--drop-default-passwords', 'allow the PATCH to remove live default passwords it does not supply (they cannot be read back)')
    .option('--verify', 'read the flow back after the PATCH and check every sent member (default on a terminal)')
    .option('--no-verify', 'do not read the flow back')
    .option(...BACKUP_DIR)
    .addHelpText('after', `
Examples:
  $ edu-flow update --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03 --flow-id dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f -f body.json
  $ edu-flow update --set-id <set> --flow-id <flow> --student-age-group adult
  $ edu-flow update --set-id <set> --flow-id <flow> -f body.json --plan
  $ jq '.createUnmatchedUsers = false' body.json | edu-flow update --set-id <set> --flow-id <flow> -f -`)
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runUpdate } = await import('./commands/update.js');
        await runUpdate(ctx, k.reporter, {
          ...bodyRequest(o, sets, k.strict(o.strict)),
          dryRun: Boolean(o.dryRun),
          plan: Boolean(o.plan),
          force: Boolean(o.force),
          dropDefaultPasswords: Boolean(o.dropDefaultPasswords),
          // commander: --verify → true, --no-verify → false, neither → undefined (the default decides).
          verify: command.getOptionValueSource('verify') === undefined ? undefined : Boolean(o.verify),
          backupDir: o.backupDir,
          settings: await k.settings(),
          network: k.network(),
        });
      }),
    );

  const diffSets: { flag: '--set' | '--set-string'; raw: string }[] = [];
  online(addBodyOptions(program.command('diff').description('show what `update` would change against the live flow; sends nothing'), diffSets))
    .option('--exit-code', 'exit 8 when there are changes (a drift check for CI)')
    .addHelpText('after', `
Examples:
  $ edu-flow diff --set-id <set> --flow-id <flow> -f flows/users.json
  $ edu-flow diff --set-id <set> --flow-id <flow> -f flows/users.json --exit-code --output json`)
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runDiff } = await import('./commands/diff.js');
        return runDiff(ctx, k.reporter, { ...bodyRequest(o, diffSets, k.strict(o.strict)), exitCode: Boolean(o.exitCode), settings: await k.settings(), network: k.network() });
      }),
    );

  const restoreSets: { flag: '--set' | '--set-string'; raw: string }[] = [];
  online(program.command('restore [backup]').description('put a backup back: a flow or set that still exists is PATCHed to its saved state; a deleted one is created again (a deleted set with all its flows)'))
    .option('--latest', 'the newest backup of --set-id (a set backup) or of --set-id with --flow-id (a flow backup)')
    .option(...SET_ID)
    .option(...FLOW_ID)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--plan', 'online: show exactly the request(s) that would be sent; sends nothing')
    .option('--dry-run', 'offline: print the request(s) built from the backup; needs no sign-in, sends nothing')
    .option('--set <pointer=value>', 'edit the restored flow (of a set backup: its user flow) by JSON pointer, e.g. to supply a default password (repeatable)', (raw: string) => {
      restoreSets.push({ flag: '--set', raw });
      return restoreSets;
    })
    .option('--set-string <pointer=value>', 'like --set, but the value is always a string (repeatable)', (raw: string) => {
      restoreSets.push({ flag: '--set-string', raw });
      return restoreSets;
    })
    .option('--drop-default-passwords', 'allow the PATCH of an existing flow to remove live default passwords the backup cannot supply')
    .option('--allow-duplicate-name', 'create the set again even when a set with the same name exists (an earlier restore, say)')
    .option('--allow-other-tenant', 'restore into a tenant other than the one the backup was taken in')
    .option('--strict', 'treat deprecated members as errors')
    .option(...BACKUP_DIR)
    .addHelpText('after', `
Examples:
  $ edu-flow backups list --set-id <set>
  $ edu-flow restore --latest --set-id <set> --plan
  $ STAFF_PW=… edu-flow restore --latest --set-id <set> --yes \\
      --set '/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":{"$env":"STAFF_PW"}}'
  $ edu-flow restore ~/.local/state/edu-flow/backups/2026-11-30T09-12-03.120Z_<set>_<flow>_update.json

Backups hold no passwords: each default password a restore cannot bring back is named, and --set
supplies it. Exit 2 when the backup is of another tenant (--allow-other-tenant), a set with the
same name exists (--allow-duplicate-name) or --latest finds none; exit 3 when the file is not a
valid backup (a bad id, an unknown member, a password in plain text).`)
    .action((file: string | undefined, _o, command: Command) =>
      run(command, async (k, o) => {
        const { runRestore } = await import('./commands/restore.js');
        await runRestore(ctx, k.reporter, {
          file,
          latest: Boolean(o.latest),
          setId: o.setId,
          flowId: o.flowId,
          yes: Boolean(o.yes),
          plan: Boolean(o.plan),
          dryRun: Boolean(o.dryRun),
          sets: restoreSets,
          dropDefaultPasswords: Boolean(o.dropDefaultPasswords),
          allowDuplicateName: Boolean(o.allowDuplicateName),
          allowOtherTenant: Boolean(o.allowOtherTenant),
          strict: k.strict(o.strict),
          backupDir: o.backupDir,
          settings: await k.settings(),
          network: k.network(),
        });
      }),
    );

  const backups = program.command('backups').description('the backups edu-flow wrote before each change: list');
  backups
    .command('list')
    .description('the backups, newest first (offline)')
    .option(...SET_ID)
    .option(...FLOW_ID)
    .option('--backup-dir <dir>', 'the backup folder (default: <state folder>/backups; env EDU_FLOW_STATE_DIR)')
    .addHelpText('after', '\nExamples:\n  $ edu-flow backups list\n  $ edu-flow backups list --set-id <set> --output json | jq -r \'.[0].path\'')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        const { runBackupsList } = await import('./commands/backups.js');
        await runBackupsList(ctx, k.reporter, { setId: o.setId, flowId: o.flowId, backupDir: o.backupDir });
      }),
    );
}

function addSets(program: Command, ctx: Context, run: Run): void {
  const sets = program
    .command('sets')
    .description('flow sets: list, get, create, update, delete')
    .addHelpText('after', `
Examples:
  $ edu-flow sets list
  $ edu-flow sets create --display-name "North district" --filter-org north-high,north-middle
  $ edu-flow sets update --set-id <set> --filter-org north-high
  $ edu-flow sets delete --set-id <set> --yes`);
  online(sets.command('list').description('list the flow sets (all pages)'))
    .addHelpText('after', '\nExamples:\n  $ edu-flow sets list\n  $ edu-flow sets list --output json | jq -r \'.[].id\'')
    .action((_o, command: Command) =>
    run(command, async (k) => {
      await (await import('./commands/sets.js')).runSetsList(ctx, k.reporter, { settings: await k.settings(), network: k.network() });
    }),
  );
  online(sets.command('get').description('show a flow set'))
    .option(...SET_ID)
    .option('--body', 'print an update-ready body')
    .addHelpText('after', '\nExamples:\n  $ edu-flow sets get --set-id 9ab41255-5364-4c53-e15c-08dc4ab6ee03\n  $ edu-flow sets get --set-id <set> --body > set.json')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        await (await import('./commands/sets.js')).runSetsGet(ctx, k.reporter, { setId: o.setId, body: Boolean(o.body), settings: await k.settings(), network: k.network() });
      }),
    );
  for (const verb of ['create', 'update'] as const) {
    const command = online(sets.command(verb).description(verb === 'create' ? 'create a flow set' : 'change a flow set\'s name or filter'));
    if (verb === 'update') command.option(...SET_ID);
    command
      .option('-f, --file <path>', 'the body: a JSON file, or - for stdin')
      .option('--display-name <name>', 'the set\'s name')
      .option('--filter-org <ids>', 'only these organisations (comma-separated external ids): a basicFilter on orgExternalId')
      .option('--no-filter', 'every organisation (removes the filter)')
      .option('--strict', 'treat deprecated members as errors')
      .option('--plan', verb === 'create' ? 'online: show exactly the POST that would be sent; sends nothing' : 'online: read the live set and show exactly the PATCH that would be sent (only the members that change); sends nothing')
      .option('--dry-run', `offline: print the ${verb === 'create' ? 'POST' : 'PATCH'} built from the body and flags; needs no sign-in, sends nothing`)
      .option(...BACKUP_DIR)
      .addHelpText('after', verb === 'create'
        ? '\nExamples:\n  $ edu-flow sets create --display-name "North district" --filter-org north-high,north-middle\n  $ edu-flow sets create -f set.json --plan'
        : '\nExamples:\n  $ edu-flow sets update --set-id <set> --display-name "North district"\n  $ edu-flow sets update --set-id <set> --filter-org north-high --plan\n  $ edu-flow sets update --set-id <set> --no-filter\n\nOnly the members that change are sent; when nothing changes, nothing is sent (exit 0).')
      .action((_o, c: Command) =>
        run(c, async (k, o) => {
          const module = await import('./commands/sets.js');
          const options = {
            setId: o.setId,
            file: o.file,
            displayName: o.displayName,
            filterOrg: o.filterOrg,
            // commander's --no-filter makes "filter" false; an absent flag leaves it true.
            clearFilter: o.filter === false,
            strict: k.strict(o.strict),
            plan: Boolean(o.plan),
            dryRun: Boolean(o.dryRun),
            backupDir: o.backupDir,
            settings: await k.settings(),
            network: k.network(),
          };
          await (verb === 'create' ? module.runSetsCreate(ctx, k.reporter, options) : module.runSetsUpdate(ctx, k.reporter, options));
        }),
      );
  }
  online(sets.command('delete').description('delete a flow set and its flows, after a backup of both (asks on a terminal; --yes otherwise)'))
    .option(...SET_ID)
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--plan', 'online: read the set and its flows and show exactly the DELETE that would be sent; sends nothing, no backup')
    .option('--dry-run', 'offline: print the DELETE built from the id; needs no sign-in, sends nothing')
    .option(...BACKUP_DIR)
    .addHelpText('after', '\nExamples:\n  $ edu-flow sets delete --set-id <set> --plan\n  $ edu-flow sets delete --set-id <set> --yes\n  $ edu-flow restore --latest --set-id <set>\n\nThe backup holds the set and every flow in it; `edu-flow restore <file>` recreates them (with new ids).')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        await (await import('./commands/sets-delete.js')).runSetsDelete(ctx, k.reporter, { setId: o.setId, yes: Boolean(o.yes), plan: Boolean(o.plan), dryRun: Boolean(o.dryRun), backupDir: o.backupDir, settings: await k.settings(), network: k.network() });
      }),
    );
}

function addRoleGroups(program: Command, ctx: Context, run: Run): void {
  const groups = program.command('role-groups').description('the role groups user configurations bind to: list, get');
  online(groups.command('list').description('list the role groups')).action((_o, command: Command) =>
    run(command, async (k) => {
      await (await import('./commands/role-groups.js')).runRoleGroupsList(ctx, k.reporter, { settings: await k.settings(), network: k.network() });
    }),
  );
  online(groups.command('get <id>').description('show a role group and its roles')).action((id: string, _o, command: Command) =>
    run(command, async (k) => {
      await (await import('./commands/role-groups.js')).runRoleGroupsGet(ctx, k.reporter, { id, settings: await k.settings(), network: k.network() });
    }),
  );
}

function addSignIn(program: Command, ctx: Context, run: Run): void {
  program
    .command('login')
    .description("sign in with a device code; the account is kept in the profile's token cache")
    .option('--scopes <list>', 'delegated scopes, comma-separated (default: IndustryData-OutboundFlow.ReadWrite.All, IndustryData-ReferenceDefinition.Read.All)')
    .addHelpText('after', '\nExamples:\n  $ edu-flow login\n  $ edu-flow login --tenant contoso.edu\n  $ edu-flow --profile north-district login')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        await (await import('./commands/login.js')).runLogin(ctx, k.reporter, { settings: await k.settings(), scopes: o.scopes });
      }),
    );
  program
    .command('logout')
    .description('remove the signed-in account of the profile (or of every profile with --all)')
    .option('--all', 'every profile')
    .action((_o, command: Command) =>
      run(command, async (k, o) => {
        await (await import('./commands/logout.js')).runLogout(ctx, k.reporter, { settings: await k.settings(), all: Boolean(o.all) });
      }),
    );
  program
    .command('status')
    .description('who is signed in, where, with which scopes, until when, and where the token cache is; exit 4 when no credential is usable')
    .action((_o, command: Command) =>
      run(command, async (k) => (await import('./commands/status.js')).runStatus(ctx, k.reporter, await k.settings())),
    );
  const config = program
    .command('config')
    .description('profile settings: tenant, clientId, authorityHost, graphUrl')
    .addHelpText('after', '\nExamples:\n  $ edu-flow config set tenant contoso.edu\n  $ edu-flow --profile north-district config set tenant north.k12.example.edu\n  $ edu-flow config list');
  const configAction = (action: 'get' | 'set' | 'unset' | 'list') => (command: Command, key?: string, value?: string) =>
    run(command, async (k) => {
      await (await import('./commands/config.js')).runConfig(ctx, k.reporter, { action, key, value, profile: command.optsWithGlobals<GlobalFlags>().profile });
    });
  config.command('get <key>').description('print a setting of the profile').action((key: string, _o, c: Command) => configAction('get')(c, key));
  config.command('set <key> <value>').description('store a setting in the profile').action((key: string, value: string, _o, c: Command) => configAction('set')(c, key, value));
  config.command('unset <key>').description('remove a setting from the profile').action((key: string, _o, c: Command) => configAction('unset')(c, key));
  config.command('list').description('the settings stored in the profile, and the other profiles').action((_o, c: Command) => configAction('list')(c));
}

function addTools(program: Command, ctx: Context, run: Run): void {
  program
    .command('migrate')
    .description('rewrite deprecated members (markAllStudentsAsMinors → studentAgeGroup) and print the new body')
    .option('-f, --file <path>', 'the body: a JSON file, or - for stdin (default: a piped stdin)')
    .addHelpText('after', '\nExamples:\n  $ edu-flow migrate -f users.json > users.migrated.json\n  $ edu-flow get --set-id <set> --flow-id <flow> --body | edu-flow migrate | edu-flow update --set-id <set> --flow-id <flow> -f -')
    .action((_o, command: Command) =>
      run(command, async (k, o) => (await import('./commands/migrate.js')).runMigrate(ctx, k.reporter, { file: o.file })),
    );
  program
    .command('schema [type]')
    .description('print the JSON Schema of a body: user (default), classGroup, securityGroup, administrativeUnit or flowSet')
    .addHelpText('after', '\nExamples:\n  $ edu-flow schema user > user-flow.schema.json')
    .action((type: string | undefined, _o, command: Command) =>
      run(command, async (k) => (await import('./commands/schema.js')).runSchema(ctx, k.reporter, { type })),
    );
  program
    .command('completion <shell>')
    .description('print a completion script: bash, zsh, fish or powershell')
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a zsh parameter expansion in the example, not a template
    .addHelpText('after', '\nExamples:\n  $ edu-flow completion bash > /etc/bash_completion.d/edu-flow\n  $ edu-flow completion zsh > "${fpath[1]}/_edu-flow"\n  $ edu-flow completion fish > ~/.config/fish/completions/edu-flow.fish\n  PS> edu-flow completion powershell | Out-String | Invoke-Expression')
    .action((shell: string, _o, command: Command) =>
      run(command, async (k) => (await import('./commands/completion.js')).runCompletion(ctx, k.reporter, { shell, program })),
    );
}
