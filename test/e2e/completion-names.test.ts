// End to end: --set-name completion offers the tenant's set names. bash, zsh and fish run the
// generated scripts for real; the scripts run the built CLI (through an `edu-flow` on PATH) against
// the emulator, with a cached sign-in or a ready token — and offer nothing, quietly and quickly,
// when there is no credential or Graph does not answer in time.
import { beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, TENANT_A } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { signInEnv } from '../helpers/sign-in-env.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
const CERT = path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem');
let bin: string;
const scripts: Record<string, string> = {};
let configDir: string;

beforeAll(async () => {
  // `edu-flow` on PATH, as an installed package would put it there.
  bin = makeTempDir('edu-flow-bin-');
  writeFileSync(path.join(bin, 'edu-flow'), `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO_ROOT, 'bin/edu-flow.js')}" "$@"\n`);
  chmodSync(path.join(bin, 'edu-flow'), 0o755);
  const dir = makeTempDir('edu-flow-completion-');
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runCli(['completion', shell]);
    expect(result.code).toBe(0);
    scripts[shell] = path.join(dir, `edu-flow.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
}, 30_000);

beforeEach(() => {
  configDir = path.join(makeTempDir(), 'config');
  mkdirSync(configDir, { mode: 0o700 });
});

/** The shell's environment: only what a user's would hold for edu-flow, and the emulator's CA. */
function shellEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: `${bin}:${process.env.PATH}`,
    HOME: process.env.HOME,
    NODE_EXTRA_CA_CERTS: CERT,
    EDU_FLOW_CONFIG_DIR: configDir,
    EDU_FLOW_STATE_DIR: path.join(path.dirname(configDir), 'state'),
  };
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) env[key] = value;
  return env;
}

/** Runs a shell without blocking this process (the emulator answers from here). */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string; code: number | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // Liveness guard only: a completion that never ends fails here instead of hanging the suite.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ stdout, stderr, code, ms: Date.now() - started });
    });
  });
}

const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;

async function bash(words: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const program = `source "$1" || exit 9; COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=${words.length - 1}; _edu_flow; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = await run('bash', ['--norc', '--noprofile', '-c', program, 'bash', scripts.bash], env);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout.split('\n').filter(Boolean);
}

async function zsh(words: string[], env: NodeJS.ProcessEnv): Promise<string[]> {
  const program = [
    'compdef() { :; }',
    'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@"; }',
    'source "$1"',
    `words=(${words.map(quote).join(' ')}); CURRENT=${words.length}`,
    '_edu_flow',
  ].join('\n');
  const result = await run('zsh', ['-f', '-c', program, 'zsh', scripts.zsh], env);
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean);
}

async function fish(line: string, env: NodeJS.ProcessEnv): Promise<string[]> {
  const result = await run('fish', ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', scripts.fish, line], env);
  expect(result.stderr).toBe('');
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t')[0]);
}

const tokenEnv = () => shellEnv({ EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN });
const NAMES = [SEED.setDisplayName, SEED.emptySetDisplayName].sort();
const SETS_PATH = '/beta/external/industryData/outboundProvisioningFlowSets';

describe('--set-name completion', () => {
  test('bash: every set name, each one word on the command line; a prefix narrows them', async () => {
    expect(await bash(['edu-flow', 'list', '--set-name', ''], tokenEnv())).toEqual(['Contoso\\ district\\ flows', 'Fabrikam\\ pilot\\ \\(no\\ flows\\ yet\\)']);
    expect(await bash(['edu-flow', 'update', '--flow-type', 'user', '--set-name', 'Fab'], tokenEnv())).toEqual(['Fabrikam\\ pilot\\ \\(no\\ flows\\ yet\\)']);
    // Nothing but the set list was asked of Graph.
    expect(emu.requests.every((r) => r.method === 'GET' && r.path.split('?')[0] === SETS_PATH)).toBe(true);
  }, 30_000);

  test('zsh and fish: the same names (each shell quotes them itself)', async () => {
    expect((await zsh(['edu-flow', 'get', '--set-name', ''], tokenEnv())).sort()).toEqual(NAMES);
    expect((await fish('edu-flow sets get --set-name ', tokenEnv())).sort()).toEqual(NAMES);
  }, 30_000);

  test('with a cached sign-in: `edu-flow login` once, then the names come from the token cache', async () => {
    const env = signInEnv(emu, configDir, TENANT_A);
    expect((await runCli(['login'], { env })).code).toBe(0);
    const names = await bash(['edu-flow', 'list', '--set-name', 'Con'], shellEnv(env));
    expect(names).toEqual(['Contoso\\ district\\ flows']);
  }, 30_000);

  test('the words typed so far choose the profile: --profile north asks north’s Graph', async () => {
    const north = signInEnv(emu, configDir, TENANT_A);
    // The default profile's Graph is a closed port; north's is the emulator.
    expect((await runCli(['--profile', 'north', 'config', 'set', 'graphUrl', emu.graphUrl], { env: { EDU_FLOW_CONFIG_DIR: configDir } })).code).toBe(0);
    expect((await runCli(['config', 'set', 'graphUrl', 'https://127.0.0.1:9/beta'], { env: { EDU_FLOW_CONFIG_DIR: configDir } })).code).toBe(0);
    const env = shellEnv({ EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_AUTHORITY_HOST: north.EDU_FLOW_AUTHORITY_HOST });
    expect(await bash(['edu-flow', '--profile', 'north', 'list', '--set-name', 'Con'], env)).toEqual(['Contoso\\ district\\ flows']);
    expect(await bash(['edu-flow', '--profile=north', 'list', '--set-name', 'Con'], env)).toEqual(['Contoso\\ district\\ flows']);
    expect(await bash(['edu-flow', 'list', '--set-name', 'Con'], env)).toEqual([]);
    expect(await bash(['edu-flow', '--graph-url', emu.graphUrl, 'list', '--set-name', 'Con'], env)).toEqual(['Contoso\\ district\\ flows']);
  }, 30_000);

  test('no credential: nothing offered, nothing on stderr, no request sent, no prompt', async () => {
    const env = shellEnv({ EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_AUTHORITY_HOST: emu.origin, EDU_FLOW_TENANT: TENANT_A });
    expect(await bash(['edu-flow', 'list', '--set-name', ''], env)).toEqual([]);
    expect(emu.requests).toHaveLength(0);
  }, 30_000);

  test('a Graph that does not answer in time: nothing offered, and the helper gives up within its deadline', async () => {
    emu.queue('GET', { status: 200, body: { value: [{ id: 'late', displayName: 'Too late' }] }, delayMs: 15_000 });
    const helper = await run('edu-flow', ['__complete', 'set-names'], tokenEnv());
    expect(helper.code).toBe(0);
    expect(helper.stdout).toBe('');
    expect(helper.stderr).toBe('');
    // The deadline is 2.5 s; the guard above would kill it at 20 s.
    expect(helper.ms).toBeLessThan(15_000);
  }, 30_000);

  test('names a shell cannot offer (control characters, line breaks) are left out', async () => {
    emu.sets.set('odd', { id: 'odd', displayName: 'Two\nlines' });
    emu.sets.set('esc', { id: 'esc', displayName: 'Bell\u0007set' });
    const helper = await run('edu-flow', ['__complete', 'set-names'], tokenEnv());
    expect(helper.stdout.split('\n').filter(Boolean)).toEqual(NAMES);
  }, 30_000);

  test('the helper is hidden from help, the docs and completion', async () => {
    const help = await runCli(['--help']);
    expect(help.stdout).not.toContain('__complete');
    expect(await bash(['edu-flow', '__'], tokenEnv())).toEqual([]);
  }, 30_000);
});
