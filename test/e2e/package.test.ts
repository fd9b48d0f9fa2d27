// The package as a user gets it: `npm pack`, then `npm install -g` of the tarball into an empty
// prefix, offline. No dependencies, no install scripts, no warnings; the installed CLI runs; the
// licence notices travel with it; the install stays small.
import { expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, REPO_ROOT } from '../helpers/run-cli.js';

function sizeOf(folder: string): number {
  let total = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    total += entry.isDirectory() ? sizeOf(full) : statSync(full).size;
  }
  return total;
}

test('npm pack, then npm install -g of the tarball: no warnings, no dependencies, under 3 MB, and it runs', () => {
  const out = makeTempDir('edu-flow-pack-');
  const prefix = makeTempDir('edu-flow-prefix-');
  // Without the test run's NODE_EXTRA_CA_CERTS (a relative path, meaningless in another folder).
  const { NODE_EXTRA_CA_CERTS: _certs, ...env } = process.env;
  const npm = (args: string[], cwd: string) => spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...env, npm_config_update_notifier: 'false' } });

  const pack = npm(['pack', '--pack-destination', out, '--silent'], REPO_ROOT);
  expect(pack.status).toBe(0);
  const tarball = path.join(out, pack.stdout.trim().split('\n').pop() ?? '');
  expect(existsSync(tarball)).toBe(true);

  const install = npm(['install', '-g', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], out);
  expect(install.status).toBe(0);
  expect(install.stderr).not.toMatch(/warn/i);

  const installed = path.join(prefix, 'lib', 'node_modules', 'edu-flow');
  expect(existsSync(path.join(installed, 'node_modules'))).toBe(false);
  expect(sizeOf(installed)).toBeLessThan(3 * 1024 * 1024);
  const notices = readFileSync(path.join(installed, 'dist', 'THIRD-PARTY-NOTICES.md'), 'utf8');
  for (const name of ['commander', 'got', '@azure/msal-node', 'ajv', 'chalk', 'ora']) expect(notices).toMatch(new RegExp(`^## ${name.replace('/', '\\/')}@\\d`, 'm'));

  const bin = path.join(prefix, 'bin', 'edu-flow');
  expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version);
  const state = makeTempDir('edu-flow-state-');
  const run = (args: string[]) => spawnSync(bin, args, { encoding: 'utf8', env: { ...env, EDU_FLOW_STATE_DIR: state } });
  const validate = run(['validate', '-f', path.join(REPO_ROOT, 'examples/user-flow.json')]);
  expect(validate.status).toBe(0);
  expect(JSON.parse(validate.stdout)).toMatchObject({ valid: true });
  // A problem that needs a line and column loads the positional parser: it is in the bundle too.
  const duplicate = path.join(out, 'duplicate.json');
  writeFileSync(duplicate, '{"@odata.type": "#microsoft.graph.industryData.userProvisioningFlow", "createUnmatchedUsers": true, "createUnmatchedUsers": false}');
  const invalid = run(['validate', '-f', duplicate]);
  expect(invalid.stderr).not.toContain('Cannot find module');
  expect(invalid.status).toBe(3);
  expect(JSON.parse(invalid.stdout).errors[0]).toMatchObject({ line: 1, message: expect.stringContaining('duplicate key') });
  // The installed CLI keeps its code cache in the state folder, privately.
  const caches = readdirSync(path.join(state, 'code-cache'));
  expect(caches).toEqual([expect.stringMatching(/-validate\.bin$/)]);
}, 120_000);
