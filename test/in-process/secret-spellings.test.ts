// Secrets in unusual spellings stay masked in --debug: a body password Graph echoes \u-escaped (as
// .NET writes JSON), a secret that straddles the point where a long body is cut, and a password
// typed on the command line (refused before anything runs).
import { beforeEach, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { BODY_PASSWORD, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});

const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const cli = (args: string[]): Promise<CliResult> => runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: dir } });

/** Every character as \uXXXX: the strictest of the spellings a JSON writer may choose. */
const uEscaped = (text: string): string => [...text].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}`).join('');

test('a password Graph echoes \\u-escaped in an error body is masked in --debug', async () => {
  const body = {
    '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
    createUnmatchedUsers: false,
    creationOptions: {
      configurations: [
        {
          'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${SEED.staffRoleGroupId}`,
          defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
        },
        {
          'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${SEED.studentsRoleGroupId}`,
          defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: `${BODY_PASSWORD}-2` },
        },
      ],
    },
  };
  const file = path.join(dir, 'users.json');
  writeFileSync(file, JSON.stringify(body));
  const echo = `{"error":{"code":"BadRequest","message":"The password '${uEscaped(BODY_PASSWORD)}' does not meet the policy; nor '${BODY_PASSWORD.replace(/-/g, '\\u002d')}-2'."}}`;
  emu.queue('PATCH', { status: 400, headers: { 'content-type': 'application/json' }, body: echo });
  const result = await cli(['--debug', 'update', ...FLOW, '-f', file]);
  expect(result.code).toBe(5);
  expect(result.stderr).toContain('does not meet the policy');
  for (const spelling of [BODY_PASSWORD, uEscaped(BODY_PASSWORD), uEscaped(BODY_PASSWORD).toLowerCase(), BODY_PASSWORD.replace(/-/g, '\\u002d')]) {
    expect(`${result.stdout}${result.stderr}`).not.toContain(spelling);
  }
});

test('a secret where --debug cuts a long body shows none of its characters', async () => {
  // The token starts 10 characters before the cut at 4000.
  const prefix = '{"pad":"';
  const between = '","echo":"';
  const pad = 'x'.repeat(4000 - 10 - prefix.length - between.length);
  emu.queue('GET', { status: 200, headers: { 'content-type': 'application/json' }, body: `${prefix}${pad}${between}${USER_TOKEN}"}` });
  const result = await cli(['--debug', 'get', ...FLOW]);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain('response body: {"pad":"xxx');
  expect(result.stderr).not.toContain(USER_TOKEN.slice(0, 10));
  expect(result.stdout).not.toContain(USER_TOKEN.slice(0, 10));
});

test('a password typed on the command line is refused before anything is read or sent (exit 2)', async () => {
  const result = await cli(['update', ...FLOW, '--set-string', `/creationOptions/configurations/0/defaultPasswordSettings/password=${BODY_PASSWORD}`]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('a password on the command line can be read by anyone on this machine');
  expect(result.stderr).toContain('{"$env":"STAFF_PASSWORD"}');
  expect(result.stderr).not.toContain(BODY_PASSWORD);
  expect(emu.requests).toEqual([]);
});

test('a default password shorter than Entra allows is refused offline (exit 3), its length named, never the password', async () => {
  const file = path.join(dir, 'short.json');
  writeFileSync(
    file,
    JSON.stringify({
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      creationOptions: {
        configurations: [
          {
            'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${SEED.staffRoleGroupId}`,
            defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: 'abc' },
          },
        ],
      },
    }),
  );
  const result = await cli(['update', ...FLOW, '-f', file, '--output', 'text']);
  expect(result.code).toBe(3);
  expect(result.stderr).toContain('"password" must have at least 8 characters (this one has 3): Entra ID takes passwords of 8 to 256 characters');
  expect(emu.requests).toEqual([]);
});
