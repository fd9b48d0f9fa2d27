// Unit: argv → typed options for every command, without running anything. The program is built
// with a host that records what each action hands over (its parsed options) and never calls the
// command's run function, so these tables check the command line alone: flags, defaults, and the
// usage errors (exit 2) raised while parsing, before anything is read or sent.
import { describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { CommanderError } from '@commander-js/extra-typings';
import type { CommandHost } from '../../src/commands/index.js';
import type { Context, Env } from '../../src/context.js';
import { UsageError } from '../../src/errors.js';
import { buildProgram } from '../../src/program.js';
import { SecretScrubber } from '../../src/secrets.js';

interface Recorded {
  command: string;
  options: unknown;
}

/** What commander itself wrote to stderr (its own errors and suggestions), per parse. */
let commanderStderr = '';

function context(env: Env): Context {
  const stderr = new PassThrough();
  commanderStderr = '';
  stderr.setEncoding('utf8').on('data', (s: string) => (commanderStderr += s));
  return {
    io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    env,
    version: '0.0.0-test',
    now: () => new Date(0),
    sleep: async () => {},
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
}

/** Parses argv as the CLI would; resolves with the command's path and its options. */
async function parse(argv: string[], env: Env = {}): Promise<Recorded> {
  const recorded: Recorded[] = [];
  let ran = false;
  const host: CommandHost = {
    async invoke(command, parseOptions) {
      const names: string[] = [];
      for (let c: typeof command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
      recorded.push({ command: names.join(' '), options: parseOptions(env) });
    },
  };
  // The run functions are never reached: a run would need a session this host does not give.
  const guard: CommandHost = {
    invoke: (command, parseOptions, run) =>
      host.invoke(command, parseOptions, async (session, options) => {
        ran = true;
        return run(session, options);
      }),
  };
  await buildProgram(context(env), guard).parseAsync(argv, { from: 'user' });
  expect(ran).toBe(false);
  expect(recorded).toHaveLength(1);
  return recorded[0];
}

async function refused(argv: string[], env: Env = {}): Promise<UsageError> {
  const error = await parse(argv, env).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UsageError);
  return error as UsageError;
}

async function refusedByCommander(argv: string[]): Promise<CommanderError> {
  const error = await parse(argv).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CommanderError);
  return error as CommanderError;
}

const S = '9ab41255-5364-4c53-e15c-08dc4ab6ee03';
const F = 'dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f';
const NETWORK_DEFAULTS = { retries: 3, maxWaitMs: 120_000, timeoutMs: 30_000 };
const IDS = ['--set-id', S, '--flow-id', F];
const BY_ID = { set: { by: 'id', id: S }, flow: { by: 'id', id: F } };
const SET_BY_ID = { by: 'id', id: S };

describe('update and diff', () => {
  test('update: every flag as typed options, --set and --set-string in command-line order', async () => {
    const { command, options } = await parse([
      'update',
      ...IDS,
      '-f',
      'body.json',
      '--type',
      'USER',
      '--student-age-group',
      'Adult',
      '--create-unmatched-users',
      'false',
      '--set-string',
      '/a=1',
      '--set',
      '/b=2',
      '--set',
      '/c=x',
      '--plan',
      '--no-verify',
      '--force',
      '--drop-default-passwords',
      '--backup-dir',
      '/tmp/b',
      '--retries',
      '5',
      '--max-wait',
      '1.5',
      '--timeout',
      '2',
    ]);
    expect(command).toBe('update');
    expect(options).toEqual({
      ...BY_ID,
      file: 'body.json',
      kind: 'user',
      propertyEdits: [
        { flag: '--create-unmatched-users', pointer: '/createUnmatchedUsers', value: false },
        { flag: '--student-age-group', pointer: '/managementOptions/additionalOptions/studentAgeGroup', value: 'adult' },
      ],
      setEdits: [
        { flag: '--set-string', pointer: '/a', value: '1' },
        { flag: '--set', pointer: '/b', value: 2 },
        { flag: '--set', pointer: '/c', value: 'x' },
      ],
      strict: false,
      dryRun: false,
      plan: true,
      force: true,
      dropDefaultPasswords: true,
      verify: false,
      backupDir: '/tmp/b',
      network: { retries: 5, maxWaitMs: 1500, timeoutMs: 2000 },
    });
  });

  test('update: the defaults; --verify absent leaves the choice to the terminal test', async () => {
    const { options } = await parse(['update', ...IDS]);
    expect(options).toMatchObject({
      file: undefined,
      kind: undefined,
      propertyEdits: [],
      setEdits: [],
      strict: false,
      dryRun: false,
      plan: false,
      force: false,
      verify: undefined,
      network: NETWORK_DEFAULTS,
    });
    expect((await parse(['update', ...IDS, '--verify'])).options).toMatchObject({ verify: true });
  });

  test('--strict or EDU_FLOW_STRICT', async () => {
    expect((await parse(['update', ...IDS, '--strict'])).options).toMatchObject({ strict: true });
    expect((await parse(['update', ...IDS], { EDU_FLOW_STRICT: 'yes' })).options).toMatchObject({ strict: true });
    expect((await parse(['validate'], { EDU_FLOW_STRICT: '1' })).options).toMatchObject({ strict: true });
    expect((await parse(['validate'], { EDU_FLOW_STRICT: '0' })).options).toMatchObject({ strict: false });
    for (const argv of [
      ['diff', ...IDS],
      ['create', '--set-id', S],
      ['restore', 'b.json'],
      ['sets', 'create'],
      ['sets', 'update', '--set-id', S],
    ]) {
      expect((await parse(argv, { EDU_FLOW_STRICT: 'true' })).options).toMatchObject({ strict: true });
    }
  });

  test('diff: the body options and --exit-code', async () => {
    const { command, options } = await parse(['diff', ...IDS, '-f', '-', '--additional-attributes', 'userGradeLevel, userNumber', '--exit-code']);
    expect(command).toBe('diff');
    expect(options).toEqual({
      ...BY_ID,
      file: '-',
      kind: undefined,
      propertyEdits: [{ flag: '--additional-attributes', pointer: '/managementOptions/additionalAttributes', value: ['userGradeLevel', 'userNumber'] }],
      setEdits: [],
      strict: false,
      exitCode: true,
      network: NETWORK_DEFAULTS,
    });
  });

  test.each([
    [['update', '--set-id', S], '--flow-id or --flow-type is required'],
    [['diff', '--set-id', S], '--flow-id or --flow-type is required'],
    [['update', ...IDS, '--set-name', 'North'], '--set-id and --set-name cannot be used together'],
    [['update', ...IDS, '--flow-type', 'user'], '--flow-id and --flow-type cannot be used together'],
    [['update', '--set-id', S, '--flow-type', 'flowSet'], '--flow-type must be one of user, classGroup, securityGroup, administrativeUnit, not "flowSet"'],
    [['update', '--set-id', S, '--flow-type', 'user', '--type', 'classGroup'], '--type classGroup and --flow-type user disagree'],
    [['update', '--set-name', '', '--flow-id', F], '--set-name must be a display name'],
    [['update', '--set-name', 'a\u0007b', '--flow-id', F], '--set-name must be a display name'],
    [['update', '--set-id', 'a/b', '--flow-id', F], '--set-id "a/b" is not a valid id'],
    [['update', ...IDS, '--flow-id', '..'], '--flow-id ".." is not a valid id'],
    [['update', ...IDS, '--type', 'flowSet'], '--type must be one of user, classGroup, securityGroup, administrativeUnit, not "flowSet"'],
    [['update', ...IDS, '--plan', '--dry-run'], '--plan and --dry-run cannot be used together'],
    [['update', ...IDS, '--student-age-group', 'teen'], '--student-age-group takes minor, notAdult, adult, none, not "teen"'],
    [['update', ...IDS, '--create-unmatched-users', 'maybe'], '--create-unmatched-users'],
    [['update', ...IDS, '--set', 'createUnmatchedUsers=false'], '--set: "createUnmatchedUsers" is not a JSON pointer'],
    [['diff', ...IDS, '--set-string', 'oops'], '--set-string takes <json-pointer>=<value>'],
    [['update', ...IDS, '--retries', '11'], '--retries takes a whole number from 0 to 10, not "11"'],
    [['update', ...IDS, '--max-wait', '-1'], '--max-wait takes a number of seconds from 0 to 3600, not "-1"'],
    [['update', ...IDS, '--timeout', '0'], '--timeout takes a number of seconds from 0.001 to 3600, not "0"'],
  ])('%j → exit 2: %s', async (argv, message) => {
    const error = await refused(argv);
    expect(error.message).toContain(message);
    expect(error.exitCode).toBe(2);
  });
});

describe('the other flow commands', () => {
  test('validate', async () => {
    expect((await parse(['validate', '-f', 'x.json', '--type', 'flowset'])).options).toEqual({ file: 'x.json', kind: 'flowSet', strict: false });
    expect((await parse(['validate'])).options).toEqual({ file: undefined, kind: undefined, strict: false });
    expect((await refused(['validate', '--type', 'group'])).message).toBe('--type must be one of user, classGroup, securityGroup, administrativeUnit, flowSet, not "group"');
  });

  test('get and list', async () => {
    expect((await parse(['get', ...IDS, '--body'])).options).toEqual({ ...BY_ID, body: true, network: NETWORK_DEFAULTS });
    expect((await parse(['get', ...IDS])).options).toMatchObject({ body: false });
    expect((await parse(['list', '--set-id', S, '--type', 'classgroup', '--retries', '0'])).options).toEqual({
      set: SET_BY_ID,
      kind: 'classGroup',
      network: { ...NETWORK_DEFAULTS, retries: 0 },
    });
    // Neither set flag: the profile's defaultSet, settled when the command runs.
    expect((await parse(['list'])).options).toMatchObject({ set: { by: 'default' } });
    expect((await refused(['list', '--set-id', S, '--type', 'flowSet'])).message).toContain('--type must be one of user, classGroup, securityGroup, administrativeUnit');
    expect((await refused(['get', '--set-id', S])).message).toBe('--flow-id or --flow-type is required');
  });

  test('create', async () => {
    expect((await parse(['create', '--set-id', S, '-f', 'u.json', '--dry-run'])).options).toEqual({
      set: SET_BY_ID,
      file: 'u.json',
      strict: false,
      plan: false,
      dryRun: true,
      network: NETWORK_DEFAULTS,
    });
    expect((await parse(['create', '--set-name', 'Fabrikam pilot', '-f', 'u.json'])).options).toMatchObject({ set: { by: 'name', name: 'Fabrikam pilot' } });
    expect((await refused(['create', '--set-id', S, '--plan', '--dry-run'])).message).toBe('--plan and --dry-run cannot be used together');
  });

  test.each(['delete', 'reset'])('%s', async (name) => {
    const { command, options } = await parse([name, ...IDS, '--yes', '--plan', '--backup-dir', 'b']);
    expect(command).toBe(name);
    expect(options).toEqual({ ...BY_ID, yes: true, plan: true, dryRun: false, backupDir: 'b', network: NETWORK_DEFAULTS });
    expect((await parse([name, '--flow-type', 'securitygroup', '--yes'])).options).toMatchObject({ set: { by: 'default' }, flow: { by: 'type', kind: 'securityGroup' } });
    expect((await parse([name, ...IDS, '-y'])).options).toMatchObject({ yes: true, plan: false });
    expect((await refused([name, '--set-id', S])).message).toBe('--flow-id or --flow-type is required');
    expect((await refused([name, ...IDS, '--dry-run', '--plan'])).message).toBe('--plan and --dry-run cannot be used together');
  });
});

describe('restore and backups', () => {
  test('a file, or --latest with ids; --set edits parsed', async () => {
    expect((await parse(['restore', 'b.json', '--set', '/x=1', '--yes'])).options).toEqual({
      source: { file: 'b.json' },
      yes: true,
      plan: false,
      dryRun: false,
      edits: [{ flag: '--set', pointer: '/x', value: 1 }],
      dropDefaultPasswords: false,
      allowDuplicateName: false,
      allowOtherTenant: false,
      strict: false,
      backupDir: undefined,
      network: NETWORK_DEFAULTS,
    });
    expect((await parse(['restore', '--latest', '--set-id', S])).options).toMatchObject({ source: { latest: { setId: S } } });
    expect((await parse(['restore', '--latest', '--set-id', S, '--flow-type', 'user'])).options).toMatchObject({ source: { latest: { setId: S, flowKind: 'user' } } });
    expect((await parse(['restore', '--latest', ...IDS, '--allow-other-tenant', '--allow-duplicate-name', '--drop-default-passwords'])).options).toMatchObject({
      source: { latest: { setId: S, flowId: F } },
      allowOtherTenant: true,
      allowDuplicateName: true,
      dropDefaultPasswords: true,
    });
  });

  test.each([
    [['restore'], 'restore needs a backup file, or --latest --set-id <set> [--flow-id <flow> | --flow-type <type>]'],
    [['restore', 'b.json', '--set-id', S], '--set-id, --flow-id and --flow-type choose a backup with --latest; a backup file names its own set and flow'],
    [['restore', 'b.json', '--flow-type', 'user'], '--set-id, --flow-id and --flow-type choose a backup with --latest; a backup file names its own set and flow'],
    [['restore', '--latest', ...IDS, '--flow-type', 'user'], '--flow-id and --flow-type cannot be used together'],
    [['restore', 'b.json', '--latest', '--set-id', S], 'give a backup file or --latest, not both'],
    [['restore', '--latest'], '--set-id is required'],
    [['restore', '--latest', '--set-id', 'x y'], '--set-id "x y" is not a valid id'],
    [['restore', 'b.json', '--plan', '--dry-run'], '--plan and --dry-run cannot be used together'],
  ])('%j → exit 2: %s', async (argv, message) => {
    expect((await refused(argv)).message).toBe(message);
  });

  test('backups list', async () => {
    expect((await parse(['backups', 'list'])).options).toEqual({ setId: undefined, flowId: undefined, flowKind: undefined, backupDir: undefined });
    expect((await parse(['backups', 'list', '--flow-type', 'classgroup'])).options).toMatchObject({ flowKind: 'classGroup' });
    expect((await refused(['backups', 'list', '--flow-id', F, '--flow-type', 'user'])).message).toBe('--flow-id and --flow-type cannot be used together');
    const { command, options } = await parse(['backups', 'list', ...IDS, '--backup-dir', 'here']);
    expect(command).toBe('backups list');
    expect(options).toEqual({ setId: S, flowId: F, flowKind: undefined, backupDir: 'here' });
    expect((await refused(['backups', 'list', '--flow-id', '~~ ~'])).message).toContain('is not a valid id');
  });
});

describe('sets and role groups', () => {
  test('sets list and get', async () => {
    expect(await parse(['sets', 'list', '--timeout', '5'])).toEqual({ command: 'sets list', options: { network: { ...NETWORK_DEFAULTS, timeoutMs: 5000 } } });
    expect((await parse(['sets', 'get', '--set-id', S, '--body'])).options).toEqual({ set: SET_BY_ID, body: true, network: NETWORK_DEFAULTS });
    expect((await parse(['sets', 'get', '--set-name', 'North'])).options).toMatchObject({ set: { by: 'name', name: 'North' } });
    expect((await parse(['sets', 'get'])).options).toMatchObject({ set: { by: 'default' } });
  });

  test('sets create: the convenience flags become body edits', async () => {
    const { command, options } = await parse(['sets', 'create', '--display-name', 'North', '--filter-org', 'north-high, north-middle,', '--plan']);
    expect(command).toBe('sets create');
    expect(options).toEqual({
      file: undefined,
      edits: [
        { flag: '--display-name', pointer: '/displayName', value: 'North' },
        {
          flag: '--filter-org',
          pointer: '/filter',
          value: { '@odata.type': '#microsoft.graph.industryData.basicFilter', attribute: 'orgExternalId', in: ['north-high', 'north-middle'] },
        },
      ],
      strict: false,
      plan: true,
      dryRun: false,
      backupDir: undefined,
      network: NETWORK_DEFAULTS,
    });
  });

  test('sets update: the set by id, name or default; --no-filter clears the filter', async () => {
    expect((await parse(['sets', 'update', '--set-id', S, '--no-filter'])).options).toMatchObject({
      set: SET_BY_ID,
      edits: [{ flag: '--no-filter', pointer: '/filter', value: null }],
    });
    expect((await parse(['sets', 'update', '--display-name', 'x'])).options).toMatchObject({ set: { by: 'default' } });
    expect((await refused(['sets', 'update', '--set-id', S, '--set-name', 'x'])).message).toBe('--set-id and --set-name cannot be used together');
    expect((await refused(['sets', 'update', '--set-id', S, '--filter-org', 'a', '--no-filter'])).message).toBe('--filter-org and --no-filter cannot be used together');
    expect((await refused(['sets', 'create', '--filter-org', ' , '])).message).toContain('--filter-org needs at least one organisation external id');
    expect((await refused(['sets', 'create', '--plan', '--dry-run'])).message).toBe('--plan and --dry-run cannot be used together');
  });

  test('sets delete', async () => {
    expect((await parse(['sets', 'delete', '--set-id', S, '--dry-run'])).options).toEqual({
      set: SET_BY_ID,
      yes: false,
      plan: false,
      dryRun: true,
      backupDir: undefined,
      network: NETWORK_DEFAULTS,
    });
    // The default set never applies to a delete of a whole set.
    const error = await refused(['sets', 'delete', '--yes']);
    expect(error.message).toBe('--set-id or --set-name is required');
    expect(error.hint).toContain('default set does not apply');
    expect((await parse(['sets', 'delete', '--set-name', 'North', '--yes'])).options).toMatchObject({ set: { by: 'name', name: 'North' } });
  });

  test('role-groups list and get <id>', async () => {
    expect(await parse(['role-groups', 'list'])).toEqual({ command: 'role-groups list', options: { network: NETWORK_DEFAULTS } });
    expect(await parse(['role-groups', 'get', 'staff', '--retries', '1'])).toEqual({
      command: 'role-groups get',
      options: { id: 'staff', network: { ...NETWORK_DEFAULTS, retries: 1 } },
    });
    expect((await refused(['role-groups', 'get', 'a b'])).message).toBe('the role-group id "a b" is not a valid id');
    expect((await refusedByCommander(['role-groups', 'get'])).code).toBe('commander.missingArgument');
  });
});

describe('sign-in, config and tools', () => {
  test('login, logout, status', async () => {
    expect(await parse(['login', '--scopes', 'a,b'])).toEqual({ command: 'login', options: { scopes: 'a,b' } });
    expect(await parse(['login'])).toEqual({ command: 'login', options: { scopes: undefined } });
    expect(await parse(['logout', '--all'])).toEqual({ command: 'logout', options: { all: true } });
    expect(await parse(['logout'])).toEqual({ command: 'logout', options: { all: false } });
    expect(await parse(['status'])).toEqual({ command: 'status', options: {} });
  });

  test('config: the key and a value to set are checked when parsed; the global --profile is carried', async () => {
    expect(await parse(['--profile', 'north', 'config', 'get', 'tenant'])).toEqual({ command: 'config get', options: { action: 'get', key: 'tenant', profile: 'north' } });
    expect((await parse(['config', 'set', 'graphUrl', 'https://graph.example.test/beta/'])).options).toEqual({
      action: 'set',
      key: 'graphUrl',
      value: 'https://graph.example.test/beta',
      profile: undefined,
    });
    expect((await parse(['config', 'unset', 'clientId'])).options).toEqual({ action: 'unset', key: 'clientId', profile: undefined });
    expect((await parse(['config', 'list', '--profile', 'p'])).options).toEqual({ action: 'list', profile: 'p' });
    expect((await refused(['config', 'get', 'colour'])).message).toBe('unknown setting "colour"');
    expect((await refused(['config', 'set', 'graphUrl', 'http://graph.example.test/beta'])).message).toContain('must be an https:// URL');
    expect((await refusedByCommander(['config', 'set', 'tenant'])).code).toBe('commander.missingArgument');
  });

  test('migrate, schema, completion', async () => {
    expect(await parse(['migrate', '-f', 'old.json'])).toEqual({ command: 'migrate', options: { file: 'old.json' } });
    expect(await parse(['schema'])).toEqual({ command: 'schema', options: { kind: 'user' } });
    expect(await parse(['schema', 'ADMINISTRATIVEUNIT'])).toEqual({ command: 'schema', options: { kind: 'administrativeUnit' } });
    expect((await refused(['schema', 'group'])).message).toContain('the body type must be one of');
    expect(await parse(['completion', 'pwsh'])).toEqual({ command: 'completion', options: { shell: 'powershell' } });
    expect((await refused(['completion', 'tcsh'])).message).toBe('unknown shell "tcsh": the shell is one of bash, zsh, fish, powershell');
  });

  test('__complete (hidden): what to list, and the words typed so far after --', async () => {
    expect(await parse(['__complete', 'set-names'])).toEqual({ command: '__complete', options: { words: [] } });
    expect((await parse(['__complete', 'set-names', '--', '--profile', 'north', 'list', '--set-name'])).options).toEqual({ words: ['--profile', 'north', 'list', '--set-name'] });
    expect((await refusedByCommander(['__complete', 'flows'])).code).toBe('commander.invalidArgument');
  });

  test('unknown options and commands are commander errors (exit 2), with a suggestion', async () => {
    expect((await refusedByCommander(['update', ...IDS, '--dryrun'])).code).toBe('commander.unknownOption');
    expect(commanderStderr).toContain("error: unknown option '--dryrun'\n(Did you mean --dry-run?)");
    expect((await refusedByCommander(['sets', 'updat'])).code).toBe('commander.unknownCommand');
    expect(commanderStderr).toContain('(Did you mean update?)');
  });
});

describe('export, plan and apply', () => {
  test('export: --out is required', async () => {
    expect((await parse(['export', '--out', 'sds'])).options).toMatchObject({ out: 'sds', network: { retries: 3 } });
    expect((await refused(['export'])).message).toBe('--out is required');
  });

  test('plan: the folder, the fleet flags with their defaults, --var as JSON or text, --exit-code', async () => {
    const { command, options } = await parse(['plan', 'sds', '--var', 'SKUS=["a","b"]', '--var', 'PREFIX=North ', '--var', 'N=3', '--exit-code', '--report', 'p.md']);
    expect(command).toBe('plan');
    expect(options).toEqual({
      folder: 'sds',
      fleet: undefined,
      tenants: undefined,
      concurrency: 4,
      continueOnError: false,
      prune: false,
      variables: { SKUS: ['a', 'b'], PREFIX: 'North ', N: 3 },
      report: 'p.md',
      strict: false,
      exitCode: true,
      network: { retries: 3, maxWaitMs: 120000, timeoutMs: 30000 },
    });
    expect((await parse(['plan', 'sds', '--fleet', 'f.json', '--tenants', 'pilot,east', '--concurrency', '8', '--continue-on-error', '--prune'])).options).toMatchObject({
      fleet: 'f.json',
      tenants: 'pilot,east',
      concurrency: 8,
      continueOnError: true,
      prune: true,
    });
    expect((await parse(['plan', 'sds'], { EDU_FLOW_STRICT: '1' })).options).toMatchObject({ strict: true });
  });

  test.each([
    [['plan', 'sds', '--concurrency', '0'], '--concurrency takes a whole number from 1 to 32, not "0"'],
    [['plan', 'sds', '--concurrency', '33'], '--concurrency takes a whole number from 1 to 32, not "33"'],
    [['apply', 'sds', '--var', 'no-equals'], '--var takes NAME=VALUE with a name of letters, digits and _ (not starting with a digit); got "no-equals"'],
    [['apply', 'sds', '--var', '9X=1'], '--var takes NAME=VALUE with a name of letters, digits and _ (not starting with a digit); got "9X=…"'],
  ])('%j is refused: %s', async (argv, message) => {
    expect((await refused(argv)).message).toBe(message);
  });

  test('plan and apply need the folder (commander refuses a missing argument)', async () => {
    await refusedByCommander(['plan']);
    await refusedByCommander(['apply']);
  });

  test('apply: --yes, --resume, --state-file, --backup-dir, --drop-default-passwords', async () => {
    const { options } = await parse(['apply', 'sds', '--yes', '--resume', '--state-file', 's.json', '--backup-dir', 'b', '--drop-default-passwords', '--fleet', 'f.json']);
    expect(options).toMatchObject({ folder: 'sds', yes: true, resume: true, stateFile: 's.json', backupDir: 'b', dropDefaultPasswords: true, fleet: 'f.json' });
    expect((await parse(['apply', 'sds'])).options).toMatchObject({ yes: false, resume: false, dropDefaultPasswords: false, variables: {}, plan: false, dryRun: false });
    expect((await parse(['apply', 'sds', '--plan'])).options).toMatchObject({ plan: true, dryRun: false });
    expect((await refused(['apply', 'sds', '--plan', '--dry-run'])).message).toBe('--plan and --dry-run cannot be used together');
    expect((await refused(['apply', 'sds', '--dry-run', '--resume'])).message).toBe('--resume and --dry-run cannot be used together');
  });
});

describe('runs', () => {
  test('list --top, get and stats take a run id', async () => {
    expect((await parse(['runs', 'list'])).options).toMatchObject({ top: 20 });
    expect((await parse(['runs', 'list', '--top', '5'])).options).toMatchObject({ top: 5 });
    expect((await parse(['runs', 'get', 'r-1'])).options).toMatchObject({ id: 'r-1' });
    expect((await parse(['runs', 'stats', 'r-1'])).command).toBe('runs stats');
    expect((await refused(['runs', 'get', 'a/b'])).message).toContain('is not a valid id');
    expect((await refused(['runs', 'list', '--top', '0'])).message).toBe('--top takes a whole number from 1 to 1000, not "0"');
  });

  test('start: --yes, --plan, --dry-run, and the two previews refused together', async () => {
    expect((await parse(['runs', 'start', '--yes'])).options).toMatchObject({ yes: true, plan: false, dryRun: false });
    expect((await refused(['runs', 'start', '--plan', '--dry-run'])).message).toBe('--plan and --dry-run cannot be used together');
  });

  test('wait: the flow by id or type, --max-wait in seconds (default 13 hours), reads capped as usual', async () => {
    expect((await parse(['runs', 'wait', '--set-id', S, '--flow-type', 'user'])).options).toMatchObject({
      set: { by: 'id', id: S },
      flow: { by: 'type', kind: 'user' },
      maxWaitMs: 13 * 3600 * 1000,
      network: { retries: 3, maxWaitMs: 120000, timeoutMs: 30000 },
    });
    expect((await parse(['runs', 'wait', '--set-name', 'North', '--flow-id', 'f', '--max-wait', '90.5'])).options).toMatchObject({ maxWaitMs: 90500 });
    expect((await refused(['runs', 'wait', '--set-id', S])).message).toBe('--flow-id or --flow-type is required');
    expect((await refused(['runs', 'wait', '--set-id', S, '--flow-id', 'f', '--max-wait', '-1'])).message).toBe('--max-wait takes a number of seconds from 0 to 604800, not "-1"');
  });

  test('update --wait-run: alone the default wait, with seconds that wait; never with a preview', async () => {
    const base = ['update', '--set-id', S, '--flow-id', 'f', '--student-age-group', 'adult'];
    expect((await parse([...base, '--wait-run'])).options).toMatchObject({ waitRunMs: 13 * 3600 * 1000 });
    expect((await parse([...base, '--wait-run', '600'])).options).toMatchObject({ waitRunMs: 600000 });
    expect((await parse(base)).options).not.toHaveProperty('waitRunMs');
    expect((await refused([...base, '--wait-run', '--plan'])).message).toBe('--wait-run and --plan cannot be used together');
    expect((await refused([...base, '--wait-run', '--dry-run'])).message).toBe('--wait-run and --dry-run cannot be used together');
  });
});

describe('doctor', () => {
  test('alone: the own tenant, the default concurrency and network limits', async () => {
    expect(await parse(['doctor'])).toEqual({
      command: 'doctor',
      options: { fleet: undefined, tenants: undefined, concurrency: 4, network: { retries: 3, maxWaitMs: 120000, timeoutMs: 30000 } },
    });
  });

  test('a fleet, some of its tenants, the concurrency and the network limits', async () => {
    const { options } = await parse(['doctor', '--fleet', 'f.json', '--tenants', 'pilot,east', '--concurrency', '8', '--retries', '0', '--timeout', '5']);
    expect(options).toEqual({ fleet: 'f.json', tenants: 'pilot,east', concurrency: 8, network: { retries: 0, maxWaitMs: 120000, timeoutMs: 5000 } });
  });

  test.each([
    [['doctor', '--concurrency', '0'], '--concurrency takes a whole number from 1 to 32, not "0"'],
    [['doctor', '--concurrency', 'many'], '--concurrency takes a whole number from 1 to 32, not "many"'],
  ])('%j is refused: %s', async (argv, message) => {
    expect((await refused(argv)).message).toBe(message);
  });

  test('doctor takes no folder and no plan flags (commander refuses them)', async () => {
    await refusedByCommander(['doctor', 'sds']);
    expect((await refusedByCommander(['doctor', '--prune'])).code).toBe('commander.unknownOption');
  });
});

describe('the program is a list', () => {
  test('every leaf command hands over through the host, and none is left out of these tables', async () => {
    const program = buildProgram(context({}), { invoke: async () => {} });
    const leaves: string[] = [];
    const walk = (command: typeof program, path: string[]): void => {
      if (command.commands.length === 0) leaves.push(path.join(' '));
      for (const sub of command.commands) walk(sub, [...path, sub.name()]);
    };
    walk(program, []);
    expect(leaves.sort()).toEqual(
      [
        '__complete',
        'update',
        'diff',
        'restore',
        'backups list',
        'export',
        'plan',
        'apply',
        'runs list',
        'runs get',
        'runs stats',
        'runs start',
        'runs wait',
        'validate',
        'get',
        'list',
        'create',
        'delete',
        'reset',
        'migrate',
        'schema',
        'completion',
        'sets list',
        'sets get',
        'sets create',
        'sets update',
        'sets delete',
        'role-groups list',
        'role-groups get',
        'login',
        'logout',
        'status',
        'doctor',
        'config get',
        'config set',
        'config unset',
        'config list',
      ].sort(),
    );
  });
});

describe('the typed words a completion helper reads', () => {
  test('--profile, --graph-url and the other setting flags, as two words or with =; nothing past --', async () => {
    const { settingFlagsOf } = await import('../../src/commands/complete/run.js');
    expect(settingFlagsOf(['--profile', 'north', 'list', '--set-name'])).toEqual({ profile: 'north' });
    expect(settingFlagsOf(['--profile=south', '--graph-url=https://localhost:1/beta', '--tenant', 'contoso.edu', 'get'])).toEqual({
      profile: 'south',
      graphUrl: 'https://localhost:1/beta',
      tenant: 'contoso.edu',
    });
    expect(settingFlagsOf(['list', '--', '--profile', 'x'])).toEqual({});
    expect(settingFlagsOf(['--profile'])).toEqual({});
  });
});
