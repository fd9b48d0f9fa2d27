// On a real pseudo-terminal, with the built CLI: apply shows the plan and the credential it will
// write with, then asks; "n" (or Ctrl-C) sends nothing, "y" applies.
import { beforeEach, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, runCli } from '../helpers/run-cli.js';
import { onTerminal as runOnTerminal } from '../helpers/on-terminal.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
let folder: string;
beforeEach(async () => {
  dir = makeTempDir();
  folder = path.join(dir, 'sds');
  const exported = await runCli(['export', '--out', folder], {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_CONFIG_DIR: path.join(dir, 'config') },
  });
  expect(exported.code).toBe(0);
  const file = path.join(folder, 'sets', 'contoso-district-flows', 'user.json');
  const body = JSON.parse(readFileSync(file, 'utf8'));
  body.managementOptions.additionalOptions.studentAgeGroup = 'adult';
  writeFileSync(file, JSON.stringify(body, null, 2));
});
const onTerminal = (args: string[], keys: string) => runOnTerminal({ graphUrl: emu.graphUrl, token: USER_TOKEN, dir }, args, keys);
const writes = (): number => emu.requests.filter((r) => r.method !== 'GET').length;

test('apply shows the plan and the credential, asks; "n" sends nothing (exit 2)', async () => {
  const result = await onTerminal(['apply', folder], 'n\r');
  expect(result.code).toBe(2);
  expect(result.prompted).toContain('~ /managementOptions/additionalOptions/studentAgeGroup: "minor" → "adult"');
  expect(result.prompted).toContain('credential: environment token (EDU_FLOW_ACCESS_TOKEN)');
  expect(result.prompted).toContain('Apply 1 change to 1 tenant? [y/N]');
  expect(result.output).toContain('cancelled: nothing was sent');
  expect(writes()).toBe(0);
});

test('Ctrl-C at the question: exit 130, nothing sent', async () => {
  const result = await onTerminal(['apply', folder], '\x03');
  expect(result.code).toBe(130);
  expect(writes()).toBe(0);
});

test('"y" applies the plan', async () => {
  const result = await onTerminal(['apply', folder], 'y\r');
  expect(result.code).toBe(0);
  expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('adult');
});
