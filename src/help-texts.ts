// Build time only: every command's help as commander prints it, at the widths the CLI uses most
// (80 columns: a pipe, a file, a narrow terminal; 100: any terminal at least that wide). The build
// writes them to dist/help/<width>.json, and bin/edu-flow.js prints them without loading the CLI.
// Made from the real command tree, so they cannot drift; a test compares them with commander's.
import { PassThrough } from 'node:stream';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { main } from './cli.js';
import type { Context } from './context.js';
import { buildProgram } from './program.js';
import { SecretScrubber } from './secrets.js';

/** The widths the help is precomputed for; any other width goes through commander at run time. */
export const HELP_WIDTHS = [80, 100] as const;

function context(width: number, stdout: PassThrough): Context {
  // The help width is read from stdout's columns (80 when there are none, as for a pipe).
  const out = Object.assign(stdout, width === 80 ? {} : { columns: width });
  return {
    io: { stdin: new PassThrough(), stdout: out, stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: width !== 80, stderrIsTTY: false },
    env: {},
    version: '0.0.0',
    now: () => new Date(0),
    sleep: async () => {},
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
}

/** "" for the program, then "update", "sets list", …: every visible command, hidden ones left out. */
export function helpKeys(): string[] {
  const program = buildProgram(context(80, new PassThrough()), { invoke: async () => {} });
  const keys: string[] = [''];
  const walk = (command: CommandUnknownOpts, path: string[]): void => {
    for (const sub of command.commands) {
      if ((sub as unknown as { _hidden?: boolean })._hidden) continue;
      keys.push([...path, sub.name()].join(' '));
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(program, []);
  return keys;
}

/** The help of every command at this width, keyed as helpKeys() names them. */
export async function renderHelpTexts(width: number): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const key of helpKeys()) {
    const stdout = new PassThrough();
    let text = '';
    stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
    const code = await main(key === '' ? ['--help'] : [...key.split(' '), '--help'], context(width, stdout));
    if (code !== 0) throw new Error(`edu-flow ${key} --help exited ${code}`);
    texts[key] = text;
  }
  return texts;
}
