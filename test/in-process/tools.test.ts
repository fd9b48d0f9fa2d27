// The offline tools `migrate`, `schema` and `completion`. The first test spawns the built CLI (the
// smoke test); the rest run main() in this process.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { BODY_PASSWORD, expectNoSecrets } from '../helpers/secrets.js';

// A Graph URL nothing listens on: none of these commands may try it.
const OFFLINE = { EDU_FLOW_GRAPH_URL: 'https://localhost:9/beta' };
const T = '#microsoft.graph.industryData.';
const USER_TYPE = `${T}userProvisioningFlow`;
type Json = Record<string, unknown>;

function file(content: unknown): string {
  const target = path.join(makeTempDir(), 'flow.json');
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
}
const readJson = (relative: string): Json => JSON.parse(readFileSync(path.join(REPO_ROOT, relative), 'utf8')) as Json;
const withoutSchema = ({ $schema: _drop, ...rest }: Json): Json => rest;
const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const userBody = (options: Json): Json => ({ '@odata.type': USER_TYPE, managementOptions: { additionalAttributes: ['userNumber'], additionalOptions: options } });

const hasShell = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
/** zsh and fish run the scripts for real: the suite needs them (.ci/run installs them). */
function requireShell(name: 'zsh' | 'fish'): void {
  if (!hasShell(name)) throw new Error(`${name} is not installed, so its completion script cannot be run: apt-get install zsh fish (.ci/run does)`);
}

describe('migrate', () => {
  const MIGRATED_EXAMPLE = {
    '@odata.type': USER_TYPE,
    createUnmatchedUsers: false,
    managementOptions: {
      additionalAttributes: ['userGradeLevel'],
      additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: false },
    },
  };

  test('-f file: the rewritten body as pretty JSON on stdout, the note on stderr, exit 0', async () => {
    const result = await runCli(['migrate', '-f', 'examples/user-flow-deprecated.json'], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(pretty(MIGRATED_EXAMPLE));
    // Key order too: studentAgeGroup stands where markAllStudentsAsMinors stood.
    expect(Object.keys((JSON.parse(result.stdout).managementOptions as Json).additionalOptions as Json)).toEqual(['studentAgeGroup', 'allowStudentContactAssociation']);
    expect(result.stderr).toBe('note: managementOptions.additionalOptions.markAllStudentsAsMinors: true → "studentAgeGroup": "minor"\n');
  });

  test('a piped stdin, and -f -, give the same; --output text changes nothing (a body is JSON)', async () => {
    const text = readFileSync(path.join(REPO_ROOT, 'examples/user-flow-deprecated.json'), 'utf8');
    for (const args of [['migrate'], ['migrate', '-f', '-'], ['migrate', '--output', 'text'], ['--output', 'json', 'migrate']]) {
      const result = await runMain(args, { env: OFFLINE, stdin: text });
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(pretty(MIGRATED_EXAMPLE));
      expect(result.stderr).toContain('true → "studentAgeGroup": "minor"');
    }
  });

  test.each([
    [
      'true',
      { allowStudentContactAssociation: true, markAllStudentsAsMinors: true },
      { allowStudentContactAssociation: true, studentAgeGroup: 'minor' },
      /^note: .*true → "studentAgeGroup": "minor"\n$/,
    ],
    [
      'false',
      { markAllStudentsAsMinors: false, allowStudentContactAssociation: true },
      { allowStudentContactAssociation: true },
      /^note: .*false removed \(false meant: no age group forced; studentAgeGroup is left as it was\)\n$/,
    ],
    ['null', { markAllStudentsAsMinors: null }, {}, /^note: .*markAllStudentsAsMinors: null removed .*\n$/],
    [
      'true with "minor" already set',
      { studentAgeGroup: 'minor', markAllStudentsAsMinors: true },
      { studentAgeGroup: 'minor' },
      /^note: .*"studentAgeGroup": "minor" is already set and is kept\n$/,
    ],
    [
      'true with "adult" already set',
      { markAllStudentsAsMinors: true, studentAgeGroup: 'adult' },
      { studentAgeGroup: 'adult' },
      /^warning: .*was true but studentAgeGroup is "adult": they disagree; kept "studentAgeGroup": "adult".*\n$/,
    ],
    [
      'false with "adult" already set',
      { markAllStudentsAsMinors: false, studentAgeGroup: 'adult' },
      { studentAgeGroup: 'adult' },
      /^note: .*false removed; "studentAgeGroup": "adult" is already set and is kept\n$/,
    ],
    [
      'a string value (left alone)',
      { markAllStudentsAsMinors: 'yes' },
      { markAllStudentsAsMinors: 'yes' },
      /^warning: .*is "yes", not true, false or null: it is left as it is.*\n$/,
    ],
  ])('%s: exact stdout and stderr, exit 0', async (_name, options, expected, stderr) => {
    const result = await runMain(['migrate', '-f', file(userBody(options))], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(pretty(userBody(expected)));
    expect(result.stderr).toMatch(stderr);
  });

  test('a body without @odata.type is migrated and gets none added', async () => {
    const body = { createUnmatchedUsers: true, managementOptions: { additionalOptions: { markAllStudentsAsMinors: true } } };
    const result = await runMain(['migrate'], { env: OFFLINE, stdin: JSON.stringify(body) });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ createUnmatchedUsers: true, managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } } });
  });

  test('nothing to migrate: the body unchanged (without $schema), a note, exit 0', async () => {
    const result = await runMain(['migrate', '-f', 'examples/user-flow.json'], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(pretty(withoutSchema(readJson('examples/user-flow.json'))));
    expect(result.stderr).toBe('note: nothing to migrate: the body has no deprecated members\n');
  });

  test('a body of another flow type is printed unchanged', async () => {
    const body = { '@odata.type': `${T}classGroupProvisioningFlow`, configuration: { additionalOptions: { createTeam: false } } };
    const result = await runMain(['migrate', '-f', file(body)], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(pretty(body));
    expect(result.stderr).toContain('nothing to migrate: a class group provisioning flow body');
  });

  test('the migrated body validates with no warning (migrate | validate)', async () => {
    const migrated = await runMain(['migrate', '-f', 'examples/user-flow-deprecated.json'], { env: OFFLINE });
    const validated = await runMain(['validate'], { env: OFFLINE, stdin: migrated.stdout });
    expect(validated.code).toBe(0);
    expect(JSON.parse(validated.stdout)).toEqual({ valid: true, type: 'user', errors: [], warnings: [] });
  });

  test('a password is never printed: masked on stdout, with a warning saying what to do', async () => {
    const body = {
      '@odata.type': USER_TYPE,
      creationOptions: {
        configurations: [
          {
            'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff',
            defaultPasswordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: BODY_PASSWORD },
          },
        ],
      },
      managementOptions: { additionalOptions: { markAllStudentsAsMinors: true } },
    };
    const result = await runMain(['migrate', '-f', file(body)], { env: OFFLINE });
    expect(result.code).toBe(0);
    expectNoSecrets(result, [BODY_PASSWORD]);
    const printed = JSON.parse(result.stdout) as { creationOptions: { configurations: { defaultPasswordSettings: { password: string } }[] } };
    expect(printed.creationOptions.configurations[0].defaultPasswordSettings.password).toBe('********');
    expect(result.stderr).toContain('warning: the body holds a password');
    expect(result.stderr).toContain('{"$env": "VARIABLE_NAME"}');
  });

  test('an {"$env": NAME} password reference passes through as it is, with no warning', async () => {
    const reference = { $env: 'SDS_STAFF_PASSWORD' };
    const body = {
      creationOptions: { configurations: [{ defaultPasswordSettings: { '@odata.type': `${T}simplePasswordSettings`, password: reference } }] },
    };
    const result = await runMain(['migrate', '-f', file(body)], { env: { ...OFFLINE, SDS_STAFF_PASSWORD: BODY_PASSWORD } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(body);
    expect(result.stderr).not.toContain('warning');
    expectNoSecrets(result, [BODY_PASSWORD]);
  });

  test('bad input: invalid JSON and a missing file are exit 3, an empty stdin exit 2; nothing on stdout', async () => {
    const syntax = await runMain(['migrate', '-f', file('{"a": }')], { env: OFFLINE });
    expect(syntax.code).toBe(3);
    expect(syntax.stdout).toBe('');
    expect(syntax.stderr).toContain('not valid JSON');
    const missing = await runMain(['migrate', '-f', path.join(makeTempDir(), 'nope.json')], { env: OFFLINE });
    expect(missing.code).toBe(3);
    expect(missing.stdout).toBe('');
    const empty = await runMain(['migrate'], { env: OFFLINE, stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stdout).toBe('');
    expect(empty.stderr).toContain('no body given');
  });
});

describe('schema', () => {
  const require = createRequire(import.meta.url);
  const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
  const KINDS = {
    user: 'userProvisioningFlow',
    classGroup: 'classGroupProvisioningFlow',
    securityGroup: 'securityGroupProvisioningFlow',
    administrativeUnit: 'administrativeUnitProvisioningFlow',
    flowSet: 'outboundProvisioningFlowSet',
  } as const;

  test.each(Object.entries(KINDS))('%s: a self-contained draft 2020-12 schema that ajv compiles (strict)', async (kind, graphType) => {
    const result = await runMain(['schema', kind], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    const schema = JSON.parse(result.stdout) as { $schema: string; title: string; properties: { '@odata.type': { const: string } }; $defs: object };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toContain(graphType);
    expect(schema.properties['@odata.type'].const).toBe(`${T}${graphType}`);
    expect(schema.$defs).toBeDefined();
    expect(result.stdout).not.toContain('definitions.json'); // every $ref resolves inside the document
    const validate = new AjvClass({ strict: true, allErrors: true }).compile(schema);
    expect(validate({ '@odata.type': `${T}${graphType}` })).toBe(true);
    expect(validate({ '@odata.type': `${T}${graphType}`, notAMember: 1 })).toBe(false);
  });

  test('the printed user schema validates the repository examples, and rejects a wrong body', async () => {
    const result = await runMain(['schema'], { env: OFFLINE }); // default: user
    expect(result.code).toBe(0);
    const validate = new AjvClass({ strict: true, allErrors: true }).compile(JSON.parse(result.stdout) as object);
    expect(validate(readJson('examples/user-flow.json'))).toBe(true);
    expect(validate.errors ?? null).toBeNull();
    expect(validate(readJson('examples/user-flow-deprecated.json'))).toBe(true); // deprecated, still valid
    const wrong = readJson('examples/user-flow.json');
    (((wrong.managementOptions as Json).additionalOptions as Json).studentAgeGroup as unknown) = 'teenager';
    expect(validate(wrong)).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath)).toContain('/managementOptions/additionalOptions/studentAgeGroup');
  });

  test('the type is case-insensitive; --output text still prints JSON', async () => {
    const lower = await runMain(['schema', 'classgroup', '--output', 'text'], { env: OFFLINE });
    const exact = await runMain(['schema', 'classGroup'], { env: OFFLINE });
    expect(lower.code).toBe(0);
    expect(lower.stdout).toBe(exact.stdout);
    expect((JSON.parse(lower.stdout) as { title: string }).title).toContain('classGroupProvisioningFlow');
  });

  test('an unknown type is a usage error (exit 2) listing the valid ones', async () => {
    const result = await runMain(['schema', 'student'], { env: OFFLINE });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the body type must be one of user, classGroup, securityGroup, administrativeUnit, flowSet, fleet, not "student"');
    for (const kind of Object.keys(KINDS)) expect(result.stderr).toContain(kind);
  });

  test('fleet: the schema of the fleet file plan and apply take, as the package ships it', async () => {
    const result = await runMain(['schema', 'fleet']);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout);
    expect(schema).toEqual(JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'fleet.json'), 'utf8')));
    expect(schema.required).toContain('tenants');
  });
});

describe('completion', () => {
  const script = async (shell: string): Promise<string> => {
    const result = await runMain(['completion', shell], { env: OFFLINE });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.length).toBeGreaterThan(1000);
    return result.stdout;
  };

  test('bash: passes bash -n, and completes commands, subcommands, options and values', async () => {
    const text = await script('bash');
    expect(text).toContain('complete -F _edu_flow edu-flow');
    const dir = makeTempDir();
    const scriptFile = path.join(dir, 'edu-flow.bash');
    writeFileSync(scriptFile, text);
    const syntax = spawnSync('bash', ['-n', scriptFile], { encoding: 'utf8' });
    expect(syntax.stderr).toBe('');
    expect(syntax.status).toBe(0);

    const complete = (...words: string[]): string[] => {
      const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      const program = `source "$1" || exit 9; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _edu_flow; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const run = spawnSync('bash', ['--norc', '--noprofile', '-c', program, 'bash', scriptFile], { encoding: 'utf8', cwd: REPO_ROOT });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      return run.stdout.split('\n').filter((w) => w !== '');
    };
    expect(complete('edu-flow', 'se')).toEqual(['sets']);
    expect(complete('edu-flow', 'sets', '')).toEqual(['list', 'get', 'create', 'update', 'delete', 'help']);
    expect(complete('edu-flow', 'update', '--stud')).toEqual(['--student-age-group']);
    expect(complete('edu-flow', 'update', '--student-age-group', '')).toEqual(['minor', 'notAdult', 'adult', 'none']);
    expect(complete('edu-flow', '--output', '')).toEqual(['json', 'text']);
    expect(complete('edu-flow', 'list', '--type', '')).toEqual(['user', 'classGroup', 'securityGroup', 'administrativeUnit']);
    expect(complete('edu-flow', 'validate', '--type', '')).toEqual(['user', 'classGroup', 'securityGroup', 'administrativeUnit', 'flowSet']);
    expect(complete('edu-flow', 'completion', '')).toEqual(['bash', 'zsh', 'fish', 'powershell']);
    expect(complete('edu-flow', 'schema', '')).toEqual(['user', 'classGroup', 'securityGroup', 'administrativeUnit', 'flowSet']);
    expect(complete('edu-flow', 'validate', '-f', 'examples/user-flow-d')).toEqual(['examples/user-flow-deprecated.json']);
    expect(complete('edu-flow', 'sets', 'update', '--display')).toEqual(['--display-name']);
    // "sets" here is the value of --profile, not the command.
    expect(complete('edu-flow', '--profile', 'sets', 'val')).toEqual(['validate']);
    // Global options hold under every command.
    expect(complete('edu-flow', 'sets', 'list', '--graph')).toEqual(['--graph-url']);
  });

  test('zsh: #compdef script that parses, and offers the tree when zsh runs it', async () => {
    const text = await script('zsh');
    expect(text.startsWith('#compdef edu-flow\n')).toBe(true);
    expect(text).toContain('compdef _edu_flow edu-flow');
    expect(text).toContain("'--student-age-group:user flow: minor, notAdult, adult, or none (sends null)'");
    requireShell('zsh');
    const scriptFile = path.join(makeTempDir(), '_edu-flow');
    writeFileSync(scriptFile, text);
    expect(spawnSync('zsh', ['-n', scriptFile], { encoding: 'utf8' }).status).toBe(0);
    // Outside a completion widget: stand-ins for the completion builtins print what they were given.
    const offered = (...words: string[]): string => {
      const quoted = words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
      const program = [
        'compdef() { :; }',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: zsh code, not a template
        '_describe() { local -a items; items=("${(@P)${@[-1]}}"); print -rl -- "${items[@]%%:*}"; }',
        'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }',
        '_files() { print -r -- "<files>"; }',
        'source "$1"',
        `words=(${quoted}); CURRENT=${words.length}`,
        '_edu_flow',
      ].join('\n');
      const run = spawnSync('zsh', ['-f', '-c', program, 'zsh', scriptFile], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout;
    };
    expect(offered('edu-flow', 'se').split('\n')).toContain('sets');
    expect(offered('edu-flow', 'sets', '').split('\n').filter(Boolean)).toEqual(['list', 'get', 'create', 'update', 'delete', 'help']);
    expect(offered('edu-flow', 'update', '--stud').split('\n')).toContain('--student-age-group');
    expect(offered('edu-flow', 'update', '--student-age-group', '').split('\n').filter(Boolean)).toEqual(['minor', 'notAdult', 'adult', 'none']);
    expect(offered('edu-flow', 'migrate', '-f', '')).toBe('<files>\n');
  });

  test('fish: complete -c lines that parse, and complete the tree when fish runs them', async () => {
    const text = await script('fish');
    expect(text).toContain('complete -c edu-flow -f');
    expect(text).toContain('__fish_seen_subcommand_from "sets"');
    requireShell('fish');
    const scriptFile = path.join(makeTempDir(), 'edu-flow.fish');
    writeFileSync(scriptFile, text);
    expect(spawnSync('fish', ['--no-config', '-n', scriptFile], { encoding: 'utf8' }).status).toBe(0);
    const complete = (line: string): string[] => {
      const run = spawnSync('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scriptFile, line], { encoding: 'utf8', cwd: REPO_ROOT });
      expect(run.stderr).toBe('');
      return run.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')[0]);
    };
    expect(complete('edu-flow se')).toEqual(['sets']);
    expect(complete('edu-flow sets ').sort()).toEqual(['create', 'delete', 'get', 'help', 'list', 'update']);
    expect(complete('edu-flow update --stud')).toEqual(['--student-age-group']);
    expect(complete('edu-flow update --student-age-group ').sort()).toEqual(['adult', 'minor', 'none', 'notAdult']);
    expect(complete('edu-flow completion ').sort()).toEqual(['bash', 'fish', 'powershell', 'zsh']);
    expect(complete('edu-flow migrate -f examples/user-flow-d')).toEqual(['examples/user-flow-deprecated.json']);
    // `sets update` is not `update`: no --student-age-group there.
    expect(complete('edu-flow sets update --stud')).toEqual([]);
  });

  test('PowerShell: a native argument completer, pure ASCII (and parsed, when pwsh is here)', async () => {
    const text = await script('powershell');
    expect(text).toContain('Register-ArgumentCompleter -Native -CommandName edu-flow -ScriptBlock {');
    expect(text).toContain(`$children['sets|list'] = 'sets list'`);
    expect(text).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
    expect(await script('pwsh')).toBe(text);
    if (!hasShell('pwsh')) return; // only this assertion needs PowerShell
    const scriptFile = path.join(makeTempDir(), 'edu-flow.ps1');
    writeFileSync(scriptFile, text);
    const check = spawnSync(
      'pwsh',
      ['-NoProfile', '-NonInteractive', '-Command', `. '${scriptFile}'; (TabExpansion2 -inputScript 'edu-flow sets ' -cursorColumn 14).CompletionMatches.CompletionText -join ' '`],
      { encoding: 'utf8' },
    );
    expect(check.stdout.trim()).toBe('list get create update delete help');
  });

  test('every shell: exit 0 and a script on stdout, whatever --output says', async () => {
    for (const shell of ['bash', 'zsh', 'fish', 'powershell', 'BASH']) {
      const result = await runMain(['completion', shell, '--output', 'json'], { env: OFFLINE });
      expect(result.code).toBe(0);
      expect(result.stdout).not.toMatch(/^"/); // not a JSON string
      expect(result.stdout).toContain('edu-flow');
    }
  });

  test('an unknown shell is a usage error (exit 2) listing the shells; a missing one too', async () => {
    const unknown = await runMain(['completion', 'tcsh'], { env: OFFLINE });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('unknown shell "tcsh": the shell is one of bash, zsh, fish, powershell');
    const missing = await runMain(['completion'], { env: OFFLINE });
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe('');
  });
});

describe('the help footer', () => {
  test('names every exit code edu-flow uses, on stdout, exit 0', async () => {
    const { ExitCode } = await import('../../src/errors.js');
    const result = await runMain(['--help']);
    expect(result.code).toBe(0);
    const footer = result.stdout.slice(result.stdout.indexOf('Exit codes:'));
    for (const code of Object.values(ExitCode)) expect(footer).toMatch(new RegExp(`\\b${code}\\b`));
    expect(footer).toContain('9 local file or folder unusable');
  });
});

describe('help at 80 columns', () => {
  /** Every command's path, from the program itself. */
  async function commandPaths(): Promise<string[][]> {
    const { buildProgram } = await import('../../src/program.js');
    const { PassThrough } = await import('node:stream');
    const { SecretScrubber } = await import('../../src/secrets.js');
    const program = buildProgram(
      {
        io: { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
        env: {},
        version: '0',
        now: () => new Date(0),
        sleep: async () => {},
        signal: new AbortController().signal,
        secrets: new SecretScrubber(),
      },
      { invoke: async () => {} },
    );
    const paths: string[][] = [[]];
    const walk = (command: typeof program, path: string[]): void => {
      for (const sub of command.commands) {
        paths.push([...path, sub.name()]);
        walk(sub, [...path, sub.name()]);
      }
    };
    walk(program, []);
    return paths;
  }

  test("every command's help fits 80 columns (but for a single word that cannot), and lists the global options", async () => {
    for (const path of await commandPaths()) {
      const result = await runMain([...path, '--help']);
      expect({ path, code: result.code }).toEqual({ path, code: 0 });
      for (const line of result.stdout.split('\n')) {
        const indent = line.length - line.trimStart().length;
        const unbreakable = line
          .trim()
          .split(/\s+/)
          .some((word) => indent + word.length > 80);
        if (line.length > 80 && !unbreakable) throw new Error(`edu-flow ${path.join(' ')} --help: a line of ${line.length} columns: ${line}`);
      }
      if (path.length > 0) expect(result.stdout).toContain('Global Options:\n');
      expect({ path, examples: result.stdout.includes('\nExamples:\n  $ edu-flow') }).toEqual({ path, examples: true });
    }
  });
});
