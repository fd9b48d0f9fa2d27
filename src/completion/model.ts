import type { Argument, CommandUnknownOpts as Command, Option } from '@commander-js/extra-typings';

/**
 * What a completion script needs to know about a command tree, read from commander's own
 * objects, so every shell's script follows the tree instead of a hand-kept copy of it.
 */

/** What may follow an option that takes a value, or stand in a positional argument. */
export type ValueSpec =
  | { kind: 'none' }
  | { kind: 'words'; words: string[] }
  | { kind: 'file' }
  | { kind: 'directory' }
  /** The lines the program prints when run with these arguments (its own silent, time-bounded helper). */
  | { kind: 'program'; args: string[] };

export interface OptionModel {
  /** "--output"; absent for a short-only option. */
  long?: string;
  /** "-o"; absent for a long-only option. */
  short?: string;
  /** `<value>`: the next word is the value (the walk skips it). */
  takesValue: boolean;
  /** `[value]`: a value may follow (offered, but the next word is not skipped). */
  optionalValue: boolean;
  values: ValueSpec;
  description: string;
  /** The path of the command that declares it ("" for the program). */
  declaredAt: string;
  /** It holds below its command too (every declared option but the built-in --help and --version). */
  inherited: boolean;
}

export interface CommandModel {
  name: string;
  aliases: string[];
  /** Names from the program down, without the program's own: ["sets", "list"]. */
  path: string[];
  /** path joined with single spaces; "" for the program. */
  key: string;
  description: string;
  /** Its own options and the ones it inherits from its ancestors (not --version, not their --help). */
  options: OptionModel[];
  subcommands: CommandModel[];
  /** One spec per positional argument, in order. */
  args: ValueSpec[];
  /** The last argument takes any number of words. */
  variadic: boolean;
}

export interface CompletionModel {
  /** The command name the shell completes: "edu-flow". */
  program: string;
  root: CommandModel;
  /** Every command, the program first, parents before their children. */
  commands: CommandModel[];
}

/** Values known from the meaning of an option or argument, where commander only has a name. */
export interface CompletionHints {
  /** Value of an option, by its long (or short) flag and the path of the command using it. */
  optionValues?(flag: string, path: readonly string[]): ValueSpec | undefined;
  /** Value of the index-th positional argument of the command at `path`. */
  argumentValues?(path: readonly string[], index: number, argument: Argument): ValueSpec | undefined;
}

const NONE: ValueSpec = { kind: 'none' };

export function buildCompletionModel(program: Command, hints: CompletionHints = {}): CompletionModel {
  const commands: CommandModel[] = [];
  const root = describeCommand(program, [], [], hints, commands);
  return { program: program.name(), root, commands };
}

function describeCommand(command: Command, path: string[], inherited: OptionModel[], hints: CompletionHints, all: CommandModel[]): CommandModel {
  const help = command.createHelp();
  const key = path.join(' ');
  const visibleOptions = help.visibleOptions(command);
  const own = visibleOptions.map((option) => describeOption(option, path, key, hints));
  // Own options first; an inherited one is dropped when the command declares the same flag.
  const flags = new Set(own.flatMap((o) => [o.long, o.short]).filter((f): f is string => f !== undefined));
  const options = [...own, ...inherited.filter((o) => !(o.long !== undefined && flags.has(o.long)) && !(o.short !== undefined && flags.has(o.short)))];
  // Passed down: all but the built-in --help (each command has its own) and the program's --version.
  const versionName = (command as unknown as { _versionOptionName?: string })._versionOptionName;
  const builtin = new Set(visibleOptions.filter((o) => !command.options.includes(o) || (versionName !== undefined && o.attributeName() === versionName)).map((o) => o.flags));
  own.forEach((o, i) => {
    o.inherited = !builtin.has(visibleOptions[i].flags);
  });
  const down = options.filter((o) => o.inherited);

  const model: CommandModel = {
    name: command.name(),
    aliases: [...command.aliases()],
    path,
    key,
    description: firstLine(command.description()),
    options,
    subcommands: [],
    args: command.registeredArguments.map((argument, index) => argumentSpec(argument, path, index, hints)),
    variadic: command.registeredArguments.at(-1)?.variadic ?? false,
  };
  all.push(model);

  const visible = help.visibleCommands(command);
  for (const sub of visible) {
    if (!command.commands.includes(sub)) continue; // the implicit `help` command: added below
    model.subcommands.push(describeCommand(sub, [...path, sub.name()], down, hints, all));
  }
  // `edu-flow help <command>`: commander adds it to every command that has subcommands.
  const helpCommand = visible.find((c) => !command.commands.includes(c));
  if (helpCommand !== undefined && model.subcommands.length > 0) {
    const helpPath = [...path, helpCommand.name()];
    const helpModel: CommandModel = {
      name: helpCommand.name(),
      aliases: [],
      path: helpPath,
      key: helpPath.join(' '),
      description: firstLine(helpCommand.description()),
      options: down,
      subcommands: [],
      args: [{ kind: 'words', words: subcommandWords(model) }],
      variadic: false,
    };
    model.subcommands.push(helpModel);
    all.push(helpModel);
  }
  return model;
}

function describeOption(option: Option, path: string[], key: string, hints: CompletionHints): OptionModel {
  const takesValue = option.required;
  const optionalValue = option.optional;
  let values: ValueSpec = NONE;
  if (takesValue || optionalValue) {
    values =
      hints.optionValues?.(option.long ?? option.short ?? '', path) ??
      (option.argChoices && option.argChoices.length > 0 ? { kind: 'words', words: [...option.argChoices] } : valueFromPlaceholder(option.flags));
  }
  return {
    long: option.long ?? undefined,
    short: option.short ?? undefined,
    takesValue,
    optionalValue,
    values,
    description: firstLine(option.description),
    declaredAt: key,
    inherited: true,
  };
}

function argumentSpec(argument: Argument, path: string[], index: number, hints: CompletionHints): ValueSpec {
  return (
    hints.argumentValues?.(path, index, argument) ??
    (argument.argChoices && argument.argChoices.length > 0 ? { kind: 'words', words: [...argument.argChoices] } : valueFromName(argument.name()))
  );
}

/** `<true|false>` lists its values; `<path>`/`<file>` is a file, `<dir>` a folder. */
function valueFromPlaceholder(flags: string): ValueSpec {
  const match = /[<[]([^>\]]+)[>\]]/.exec(flags);
  if (match === null) return NONE;
  const inner = match[1].replace(/\.\.\.$/, '');
  if (inner.includes('|')) return { kind: 'words', words: inner.split('|').filter((w) => w !== '') };
  return valueFromName(inner);
}

function valueFromName(name: string): ValueSpec {
  if (/^(path|file|filename|files)$/i.test(name)) return { kind: 'file' };
  if (/^(dir|directory|folder)$/i.test(name)) return { kind: 'directory' };
  return NONE;
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}

/** The flags offered when completing an option: the long form, or the short one when there is no long. */
export function offeredFlags(command: CommandModel): OptionModel[] {
  return command.options.filter((o) => o.long !== undefined || o.short !== undefined);
}

/** The names (and aliases) a command's subcommands answer to. */
export function subcommandWords(command: CommandModel): string[] {
  return command.subcommands.flatMap((c) => [c.name, ...c.aliases]);
}

/** Every (parent, word) → child step of the tree, names and aliases alike. */
export function childSteps(model: CompletionModel): { parent: string; word: string; child: string }[] {
  return model.commands.flatMap((command) => command.subcommands.flatMap((sub) => [sub.name, ...sub.aliases].map((word) => ({ parent: command.key, word, child: sub.key }))));
}

/**
 * Each option once, at the command that declares it (it holds there and below), deepest first,
 * so a pattern for a redeclared flag is tried before its ancestor's.
 */
export function declaredOptions(model: CompletionModel): OptionModel[] {
  const seen = new Set<string>();
  const out: OptionModel[] = [];
  for (const command of model.commands) {
    for (const option of command.options) {
      const id = `${option.declaredAt}\u0000${option.long ?? ''}\u0000${option.short ?? ''}`;
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(option);
    }
  }
  const depth = (key: string): number => (key === '' ? 0 : key.split(' ').length);
  return out
    .map((option, index) => ({ option, index }))
    .sort((a, b) => depth(b.option.declaredAt) - depth(a.option.declaredAt) || a.index - b.index)
    .map((e) => e.option);
}

/** The flags of an option, long first. */
export function flagsOf(option: OptionModel): string[] {
  return [option.long, option.short].filter((f): f is string => f !== undefined);
}

/**
 * Case branches for option values, merged where they do the same thing: one branch per depth of
 * the declaring command and body, deepest first (so a redeclared flag still wins over its
 * ancestor's: two commands at one depth never overlap).
 */
export function valueBranches(
  model: CompletionModel,
  patternsOf: (option: OptionModel) => string[],
  bodyOf: (option: OptionModel) => string,
): { patterns: string[]; body: string }[] {
  const branches: { depth: number; patterns: string[]; body: string }[] = [];
  for (const option of declaredOptions(model)) {
    if (!option.takesValue && !option.optionalValue) continue;
    const depth = option.declaredAt === '' ? 0 : option.declaredAt.split(' ').length;
    const body = bodyOf(option);
    const branch = branches.find((b) => b.depth === depth && b.body === body);
    if (branch) branch.patterns.push(...patternsOf(option));
    else branches.push({ depth, patterns: patternsOf(option), body });
  }
  return branches.map(({ patterns, body }) => ({ patterns, body }));
}
