// The help the build precomputes (dist/help/<width>.json, printed by bin/edu-flow.js without
// loading the CLI) is exactly what commander prints for the same command at the same width, for
// every visible command; the spawned CLI prints it on its fast path, and anything it does not
// cover still goes through commander.
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Context } from '../../src/context.js';
import { HELP_WIDTHS, helpKeys } from '../../src/help-texts.js';
import { SecretScrubber } from '../../src/secrets.js';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';

const precomputed = (width: number): Record<string, string> => JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist', 'help', `${width}.json`), 'utf8'));

/** commander's own help for argv, with stdout `width` columns wide (none at all for 80, as a pipe). */
async function commanderHelp(argv: string[], width: number): Promise<string> {
  const stdout = Object.assign(new PassThrough(), width === 80 ? {} : { columns: width });
  let text = '';
  stdout.setEncoding('utf8').on('data', (s: string) => (text += s));
  const ctx: Context = {
    io: { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: width !== 80, stderrIsTTY: false },
    env: {},
    version: '0.0.0-test',
    now: () => new Date(0),
    sleep: async () => {},
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
  expect(await main(argv, ctx)).toBe(0);
  return text;
}

describe.each(HELP_WIDTHS)('at %i columns', (width) => {
  test('one text per visible command, each equal to commander’s', async () => {
    const texts = precomputed(width);
    expect(Object.keys(texts).sort()).toEqual(helpKeys().sort());
    expect(Object.keys(texts)).toEqual(expect.arrayContaining(['', 'update', 'sets list', 'role-groups get', 'config set']));
    expect(Object.keys(texts)).not.toContain('__complete');
    for (const key of Object.keys(texts)) {
      const argv = key === '' ? ['--help'] : [...key.split(' '), '--help'];
      expect({ key, text: texts[key] }).toEqual({ key, text: await commanderHelp(argv, width) });
    }
  });
});

describe('the spawned CLI', () => {
  const texts = precomputed(80);
  test.each([
    [['--help'], ''],
    [['-h'], ''],
    [[], ''],
    [['update', '--help'], 'update'],
    [['sets', 'delete', '-h'], 'sets delete'],
    [['help', 'sets'], 'sets'],
  ])('%j prints the precomputed help of "%s", exit 0', async (argv, key) => {
    const result = await runCli(argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(texts[key]);
    expect(result.stderr).toBe('');
  });

  test('what the precomputed help does not cover still goes through commander', async () => {
    // Not a command of the tree: commander decides (it shows the program's help).
    const unknown = await runCli(['nosuch', '--help']);
    expect(unknown.code).toBe(0);
    expect(unknown.stdout).toBe(await commanderHelp(['nosuch', '--help'], 80));
    const withFlag = await runCli(['--profile', 'north', 'update', '--help']);
    expect(withFlag.code).toBe(0);
    expect(withFlag.stdout).toBe(texts.update);
  });

  test('on a terminal 100 columns wide, the 100-column text; at 90, commander’s own at 90', async () => {
    if (spawnSync('script', ['--version']).status !== 0) throw new Error('util-linux script is needed for the terminal tests');
    const onTerminal = (cols: number, args: string[]): Promise<string> =>
      new Promise((resolve, reject) => {
        const command = `stty cols ${cols} rows 50; ${[process.execPath, path.join(REPO_ROOT, 'bin/edu-flow.js'), ...args].map((a) => `'${a}'`).join(' ')}`;
        const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', EDU_FLOW_STATE_DIR: makeTempDir() } });
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
        const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
        child.on('error', reject);
        child.on('close', () => {
          clearTimeout(guard);
          resolve(out.replace(/\r\n/g, '\n'));
        });
      });
    expect(await onTerminal(100, ['update', '--help'])).toBe(precomputed(100).update);
    expect(await onTerminal(90, ['update', '--help'])).toBe(await commanderHelp(['update', '--help'], 90));
  });
});
