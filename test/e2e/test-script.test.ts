// The README's test command: `npm test` runs scripts/test.mjs, which passes any jest arguments on
// and sets the start-up settings itself (so it does not depend on a POSIX shell).
import { expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/run-cli.js';

test('jest arguments after -- reach jest: --listTests test/unit/completion lists only that file', () => {
  const env = { ...process.env, NODE_OPTIONS: '', NODE_EXTRA_CA_CERTS: '' };
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts/test.mjs'), '--listTests', 'test/unit/completion'], {
    cwd: REPO_ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(0);
  const files = run.stdout.split('\n').filter(Boolean);
  expect(files).toEqual([path.join(REPO_ROOT, 'test/unit/completion.test.ts')]);
});
