// Unit: completion scripts are generated from a commander tree: the model read from the tree,
// and each shell's script built from it.
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { Argument, Command, type CommandUnknownOpts, Option } from '@commander-js/extra-typings';
import { completionScript } from '../../src/commands/completion/run.js';
import { checkShell } from '../../src/completion/hints.js';
import { EDU_FLOW_HINTS, SHELLS } from '../../src/completion/hints.js';
import { buildCompletionModel, type CommandModel, type CompletionModel } from '../../src/completion/model.js';
import { ascii } from '../../src/completion/powershell.js';
import { fishQuote, psQuote, shQuote } from '../../src/completion/quote.js';
import { usage } from '../helpers/expect-error.js';

/** A small tree shaped like edu-flow's: globals, a nested group, aliases, arguments, hidden parts. */
function tree(): CommandUnknownOpts {
  const program = new Command('tool')
    .version('1.2.3', '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('-o, --output <format>', 'json or text')
    .option('--verbose', 'more')
    .option('--profile <name>', "the profile's name");
  program
    .command('update')
    .alias('up')
    .description("change a flow: it's safe")
    .option('-f, --file <path>', 'the body')
    .option('--student-age-group <group>', 'minor, notAdult, adult or none')
    .option('--create-unmatched-users <true|false>', 'create people')
    .addOption(new Option('--mode <mode>', 'how').choices(['fast', 'slow']))
    .addOption(new Option('--secret-flag', 'hidden').hideHelp())
    .option('--dry-run', 'print it');
  program.command('validate').option('--type <type>', 'the kind').option('-f, --file <path>', 'the body');
  const sets = program.command('sets').description('flow sets');
  sets.command('list').description('list them').option('--top <n>', 'how many');
  sets.command('get').description('show one').option('--set-id <id>', 'the set');
  program.command('completion <shell>').description('print a script');
  program
    .command('pick')
    .addArgument(new Argument('<colour>').choices(['red', 'green']))
    .argument('[notes...]');
  program.command('internal', { hidden: true });
  return program;
}

const model = (): CompletionModel => buildCompletionModel(tree(), EDU_FLOW_HINTS);
const find = (m: CompletionModel, key: string): CommandModel => {
  const found = m.commands.find((c) => c.key === key);
  if (!found) throw new Error(`no command "${key}" in the model`);
  return found;
};
const longs = (c: CommandModel): (string | undefined)[] => c.options.map((o) => o.long);

describe('the model read from the tree', () => {
  test('commands, nested commands, aliases and the help command; hidden commands left out', () => {
    const m = model();
    expect(m.program).toBe('tool');
    expect(m.root.subcommands.map((c) => c.name)).toEqual(['update', 'validate', 'sets', 'completion', 'pick', 'help']);
    expect(m.commands.map((c) => c.key)).toEqual(expect.arrayContaining(['', 'update', 'sets', 'sets list', 'sets get', 'sets help', 'help']));
    expect(m.commands.map((c) => c.key)).not.toContain('internal');
    expect(find(m, 'update').aliases).toEqual(['up']);
    expect(find(m, 'sets list').path).toEqual(['sets', 'list']);
    expect(find(m, 'help').args).toEqual([{ kind: 'words', words: ['update', 'up', 'validate', 'sets', 'completion', 'pick'] }]);
    expect(find(m, 'sets help').args).toEqual([{ kind: 'words', words: ['list', 'get'] }]);
  });

  test('own options, then the inherited globals; --version and the parent --help are not inherited; hidden options left out', () => {
    const m = model();
    expect(longs(m.root)).toEqual(['--version', '--output', '--verbose', '--profile', '--help']);
    const update = find(m, 'update');
    expect(longs(update)).toEqual(['--file', '--student-age-group', '--create-unmatched-users', '--mode', '--dry-run', '--help', '--output', '--verbose', '--profile']);
    expect(longs(find(m, 'sets list'))).toEqual(['--top', '--help', '--output', '--verbose', '--profile']);
    expect(update.options.find((o) => o.long === '--output')).toMatchObject({ short: '-o', declaredAt: '', inherited: true, takesValue: true });
    expect(update.options.find((o) => o.long === '--help')).toMatchObject({ declaredAt: 'update', inherited: false, takesValue: false });
  });

  test('values: hints, commander choices, <a|b> placeholders and <path>', () => {
    const m = model();
    const values = (key: string, flag: string) => find(m, key).options.find((o) => o.long === flag)?.values;
    expect(values('', '--output')).toEqual({ kind: 'words', words: ['json', 'text'] });
    expect(values('update', '--student-age-group')).toEqual({ kind: 'words', words: ['minor', 'notAdult', 'adult', 'none'] });
    expect(values('update', '--create-unmatched-users')).toEqual({ kind: 'words', words: ['true', 'false'] });
    expect(values('update', '--mode')).toEqual({ kind: 'words', words: ['fast', 'slow'] });
    expect(values('update', '--file')).toEqual({ kind: 'file' });
    expect(values('validate', '--type')).toEqual({ kind: 'words', words: ['user', 'classGroup', 'securityGroup', 'administrativeUnit', 'flowSet'] });
    expect(values('sets get', '--set-id')).toEqual({ kind: 'none' });
    expect(values('update', '--dry-run')).toEqual({ kind: 'none' });
    expect(find(m, 'completion').args).toEqual([{ kind: 'words', words: ['bash', 'zsh', 'fish', 'powershell'] }]);
    expect(find(m, 'pick').args).toEqual([{ kind: 'words', words: ['red', 'green'] }, { kind: 'none' }]);
    expect(find(m, 'pick').variadic).toBe(true);
  });

  test('without hints, --output has no known values (the generator is not tied to edu-flow)', () => {
    const m = buildCompletionModel(tree());
    expect(m.root.options.find((o) => o.long === '--output')?.values).toEqual({ kind: 'none' });
    expect(find(m, 'update').options.find((o) => o.long === '--file')?.values).toEqual({ kind: 'file' }); // from <path>
  });
});

describe('the scripts', () => {
  const script = (shell: (typeof SHELLS)[number]) => completionScript(shell, tree(), '1.2.3');

  test('bash: a complete -F function holding every command, option and value', () => {
    const text = script('bash');
    expect(text).toContain('complete -F _tool tool');
    expect(text).toMatch(/^_tool\(\) \{/m);
    expect(text).not.toContain('_init_completion'); // no bash-completion package needed
    for (const word of [
      "'|update'",
      "'|up'",
      "'sets|list'",
      "'sets list'",
      '--student-age-group',
      '--create-unmatched-users',
      "'minor notAdult adult none'",
      "'true false'",
      "'fast slow'",
      "'json text'",
      "'bash zsh fish powershell'",
      "'red green'",
      '_tool_kind=file',
    ]) {
      expect(text).toContain(word);
    }
    expect(text).not.toContain('secret-flag');
    expect(text).not.toContain('internal');
  });

  test('zsh: #compdef first, compdef when sourced, _describe with descriptions, _files for files', () => {
    const text = script('zsh');
    expect(text.split('\n')[0]).toBe('#compdef tool');
    expect(text).toContain('compdef _tool tool');
    expect(text).toContain('_describe -t commands');
    expect(text).toContain('_files');
    expect(text).toContain(`'update:change a flow: it'\\''s safe'`);
    expect(text).toContain("'--student-age-group:minor, notAdult, adult or none'");
    expect(text).toContain("_tool_list=('minor' 'notAdult' 'adult' 'none')");
  });

  test('fish: complete -c lines with conditions, descriptions, value lists and file completion', () => {
    const text = script('fish');
    expect(text).toContain('complete -c tool -f');
    expect(text).toContain(`complete -c tool -n '__tool_at ""' -a 'update' -d 'change a flow: it\\'s safe'`);
    expect(text).toContain(`complete -c tool -n '__fish_seen_subcommand_from "sets"; and __tool_at "sets"' -a 'list' -d 'list them'`);
    expect(text).toContain(`complete -c tool -n '__tool_under "update"' -l 'student-age-group' -x -a 'minor notAdult adult none'`);
    expect(text).toContain(`complete -c tool -n '__tool_under "update"' -s 'f' -l 'file' -r -F`);
    expect(text).toContain(`complete -c tool -s 'o' -l 'output' -x -a 'json text'`); // a global: no condition
    expect(text).toContain(`complete -c tool -n '__tool_at ""' -s 'V' -l 'version'`); // not below the program
  });

  test('PowerShell: a native argument completer with case-sensitive tables, in plain ASCII', () => {
    const text = script('powershell');
    expect(text).toContain('Register-ArgumentCompleter -Native -CommandName tool -ScriptBlock {');
    expect(text).toContain('[hashtable]::new([StringComparer]::Ordinal)');
    expect(text).toContain(`$children['sets|list'] = 'sets list'`);
    expect(text).toContain(`$children['|up'] = 'update'`);
    expect(text).toContain(`$values['update|--student-age-group'] = @{ k = 'words'; w = @('minor', 'notAdult', 'adult', 'none'); skip = $true; inherit = $true }`);
    expect(text).toContain(`$values['|-o'] = @{ k = 'words'; w = @('json', 'text'); skip = $true; inherit = $true }`);
    expect(text).toContain(`@{ n = 'update'; d = 'change a flow: it''s safe' }`);
    expect(text).toMatch(/^[\x09\x0a\x0d\x20-\x7e]*$/);
  });

  test('a description with non-ASCII text stays ASCII in PowerShell', () => {
    const program = new Command('p');
    program.command('migrate').description('markAllStudentsAsMinors → studentAgeGroup (0–10)');
    const text = completionScript('powershell', program, '1');
    expect(text).toContain("d = 'markAllStudentsAsMinors -> studentAgeGroup (0-10)'");
  });

  test('bash: the script parses, and completes the small tree', () => {
    const text = script('bash');
    const complete = (...words: string[]): string[] => {
      const program = `${text}\nCOMP_WORDS=(${words.map(shQuote).join(' ')}); COMP_CWORD=${words.length - 1}; _tool; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const run = spawnSync('bash', ['--norc', '--noprofile', '-c', program], { encoding: 'utf8' });
      expect(run.stderr).toBe('');
      return run.stdout.split('\n').filter((w) => w !== '');
    };
    expect(spawnSync('bash', ['-n'], { input: text }).status).toBe(0);
    expect(complete('tool', 'u')).toEqual(['update', 'up']);
    expect(complete('tool', 'sets', '')).toEqual(['list', 'get', 'help']);
    expect(complete('tool', '--profile', 'sets', '')).toContain('validate'); // "sets" was the profile's value
    expect(complete('tool', 'up', '--stu')).toEqual(['--student-age-group']);
    expect(complete('tool', 'update', '--mode', '')).toEqual(['fast', 'slow']);
    expect(complete('tool', 'update', '-o', 'j')).toEqual(['json']);
    expect(complete('tool', 'update', '--output', '=', '')).toEqual(['json', 'text']);
    expect(complete('tool', 'sets', 'list', '--')).toEqual(['--top', '--help', '--output', '--verbose', '--profile']);
    expect(complete('tool', 'pick', '')).toEqual(['red', 'green']);
    expect(complete('tool', 'pick', 'red', '')).toEqual([]); // free text: nothing offered
    expect(complete('tool', 'help', 's')).toEqual(['sets']);
    expect(complete('tool', '--v')).toEqual(['--version', '--verbose']);
    expect(complete('tool', 'update', '--v')).toEqual(['--verbose']); // --version belongs to the program only
  });
});

describe('quoting', () => {
  test.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['$HOME `x` "y"', `'$HOME \`x\` "y"'`],
  ])('shQuote(%j)', (input, quoted) => expect(shQuote(input)).toBe(quoted));

  test("fishQuote escapes \\ and ' only", () => expect(fishQuote(`a\\b'c $d`)).toBe(`'a\\\\b\\'c $d'`));
  test('psQuote doubles straight and typographic single quotes', () => expect(psQuote(`it's ‘x’`)).toBe(`'it''s ‘‘x’’'`));
  test('ascii maps arrows and dashes, and drops accents', () => expect(ascii('a → b – café ✓')).toBe('a -> b - cafe ?'));
});

describe('checkShell', () => {
  test('the four shells, in any case; pwsh is PowerShell', () => {
    expect(SHELLS.map((s) => checkShell(s))).toEqual(['bash', 'zsh', 'fish', 'powershell']);
    expect(checkShell('BASH')).toBe('bash');
    expect(checkShell('pwsh')).toBe('powershell');
  });

  test('anything else is a usage error listing the shells', () => {
    expect(usage(() => checkShell('tcsh')).message).toBe('unknown shell "tcsh": the shell is one of bash, zsh, fish, powershell');
    usage(() => checkShell(undefined));
    usage(() => checkShell(''));
  });
});
