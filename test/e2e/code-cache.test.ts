// End to end: bin/edu-flow.js compiles the CLI with a V8 code cache kept privately in the state
// folder, one per command, keyed by version, build and Node; written once, atomically; a damaged
// or foreign cache is rejected by V8 and replaced; an unusable state folder costs nothing.
import { expect, test } from '@jest/globals';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';

const build = JSON.parse(readFileSync(path.join(REPO_ROOT, 'dist', 'build.json'), 'utf8')) as { version: string; id: string };
const VALIDATE = ['validate', '-f', path.join(REPO_ROOT, 'examples/user-flow.json')];
const cacheName = (command: string) => `${build.version}-${build.id}-node${process.versions.node}-${command}.bin`;

test('the first run writes its command’s cache (0600 in a 0700 folder); the next run uses it and leaves it as it is', async () => {
  const state = makeTempDir();
  const first = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } });
  expect(first.code).toBe(0);
  const folder = path.join(state, 'code-cache');
  expect(readdirSync(folder)).toEqual([cacheName('validate')]);
  const file = path.join(folder, cacheName('validate'));
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(folder).mode & 0o777).toBe(0o700);
  const written = statSync(file);
  const second = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } });
  expect(second.stdout).toBe(first.stdout);
  // Accepted by V8, so not written again.
  expect(statSync(file).mtimeMs).toBe(written.mtimeMs);
  expect(statSync(file).ino).toBe(written.ino);
  // Another command has its own.
  expect((await runCli(['update', '--set-id', 'a', '--flow-id', 'b', '--student-age-group', 'adult', '--dry-run'], { env: { EDU_FLOW_STATE_DIR: state } })).code).toBe(0);
  expect(readdirSync(folder).sort()).toEqual([cacheName('update'), cacheName('validate')].sort());
});

test('a damaged cache is rejected and replaced; the run is unaffected', async () => {
  const state = makeTempDir();
  const clean = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } });
  const file = path.join(state, 'code-cache', cacheName('validate'));
  writeFileSync(file, Buffer.alloc(4096, 7), { mode: 0o600 });
  const run = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } });
  expect(run.code).toBe(0);
  expect(run.stdout).toBe(clean.stdout);
  expect(run.stderr).toBe(clean.stderr);
  expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
});

test('a state folder that cannot be made (a file in its place): the run is the same, and silent about it', async () => {
  const blocked = path.join(makeTempDir(), 'state');
  writeFileSync(blocked, 'not a folder');
  const run = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: blocked } });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toMatchObject({ valid: true });
  expect(readFileSync(blocked, 'utf8')).toBe('not a folder');
});

test('runs that race on a fresh state folder all succeed and leave one whole cache, which the next run accepts', async () => {
  const state = makeTempDir();
  const runs = await Promise.all(Array.from({ length: 4 }, () => runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } })));
  for (const run of runs) expect(run.code).toBe(0);
  const folder = path.join(state, 'code-cache');
  expect(readdirSync(folder)).toEqual([cacheName('validate')]);
  const before = statSync(path.join(folder, cacheName('validate')));
  expect((await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } })).code).toBe(0);
  expect(statSync(path.join(folder, cacheName('validate'))).ino).toBe(before.ino);
});

test('a cache folder others may write to is neither read nor written (a planted cache would be code this process runs)', async () => {
  const state = makeTempDir();
  const folder = path.join(state, 'code-cache');
  mkdirSync(folder);
  chmodSync(folder, 0o777);
  const planted = path.join(folder, cacheName('validate'));
  writeFileSync(planted, Buffer.alloc(4096, 9));
  const run = await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } });
  expect(run.code).toBe(0);
  expect(run.stderr).toBe('');
  expect(readFileSync(planted).equals(Buffer.alloc(4096, 9))).toBe(true);
  expect(readdirSync(folder)).toEqual([cacheName('validate')]);
});

test('a new build’s first run removes the caches of other versions, builds and Node versions; its own commands’ stay', async () => {
  const state = makeTempDir();
  const folder = path.join(state, 'code-cache');
  mkdirSync(folder, { mode: 0o700 });
  const stale = [
    '0.0.1-0123456789abcdef-node20.0.0-validate.bin',
    `${build.version}-ffffffffffffffff-node${process.versions.node}-update.bin`,
    `${build.version}-${build.id}-node0.0.1-get.bin`,
  ];
  for (const name of stale) writeFileSync(path.join(folder, name), 'old', { mode: 0o600 });
  writeFileSync(path.join(folder, cacheName('update')), 'this build', { mode: 0o600 });
  expect((await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: state } })).code).toBe(0);
  expect(readdirSync(folder).sort()).toEqual([cacheName('update'), cacheName('validate')].sort());
});

test('without EDU_FLOW_STATE_DIR the cache goes where the CLI keeps its state: $XDG_STATE_HOME/edu-flow, else ~/.local/state/edu-flow', async () => {
  const xdg = makeTempDir();
  expect((await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: undefined, XDG_STATE_HOME: xdg } })).code).toBe(0);
  expect(readdirSync(path.join(xdg, 'edu-flow', 'code-cache'))).toEqual([cacheName('validate')]);
  const home = makeTempDir();
  expect((await runCli(VALIDATE, { env: { EDU_FLOW_STATE_DIR: undefined, XDG_STATE_HOME: undefined, HOME: home } })).code).toBe(0);
  expect(readdirSync(path.join(home, '.local', 'state', 'edu-flow', 'code-cache'))).toEqual([cacheName('validate')]);
});
