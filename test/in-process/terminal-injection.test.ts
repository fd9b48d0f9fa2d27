// Strings from Graph never steer the terminal. A co-admin can give a flow set (or a hostile server
// any member) a name that retitles the window, clears the screen, draws a hyperlink or overwrites a
// line with a carriage return. Every text view shows such characters as \u escapes, with colour on
// or off; JSON output carries the exact string.
import { describe, expect, test } from '@jest/globals';
import { SEED } from '../emulator/emulator.js';
import type { CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

const HOSTILE = 'North\u001b]0;pwned\u0007\u001b[2J\r\u2713 Updated everything\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\n\u2713 fake line\u009b31m\b';

/** Every control character but line breaks and tabs, and every ESC that does not start a colour. */
const STEERING = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const withoutColour = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...env }, tty: { stdout: true, stderr: true } });

function plantEverywhere(): void {
  const set = emu.sets.get(SEED.setId) as Record<string, unknown>;
  set.displayName = HOSTILE;
  const flow = emu.flows.get(`${SEED.setId}/${SEED.userFlowId}`) as Record<string, unknown>;
  flow.readinessStatus = HOSTILE;
  (flow.managementOptions as Record<string, unknown>).additionalAttributes = [HOSTILE];
  const group = emu.roleGroups.get('staff') as unknown as Record<string, unknown>;
  group.displayName = HOSTILE;
}

const VIEWS: [string, string[]][] = [
  ['sets list', ['sets', 'list']],
  ['sets get', ['sets', 'get', '--set-id', SEED.setId]],
  ['list', ['list', '--set-id', SEED.setId]],
  ['get', ['get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId]],
  ['role-groups list', ['role-groups', 'list']],
  ['role-groups get', ['role-groups', 'get', 'staff']],
  ['--debug sets list (raw bodies on stderr)', ['--debug', 'sets', 'list']],
  ['--debug get', ['--debug', 'get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId]],
];

describe.each([
  ['colour off', { NO_COLOR: '1' }],
  ['colour on', { NO_COLOR: undefined, FORCE_COLOR: '3' }],
])('%s', (_name, colourEnv) => {
  test.each(VIEWS)('%s: no control character reaches the terminal; the hostile text is shown escaped', async (_view, args) => {
    plantEverywhere();
    const result = await cli([...args, '--output', 'text'], colourEnv);
    expect(result.code).toBe(0);
    for (const stream of [result.stdout, result.stderr]) {
      expect(withoutColour(stream)).not.toMatch(STEERING);
      expect(stream).not.toContain('\r');
      expect(stream).not.toContain('\n\u2713 fake line');
    }
    expect(`${result.stdout}${result.stderr}`).toContain('\\u001b]0;pwned\\u0007');
  });
});

test('colour on: edu-flow still colours its own output', async () => {
  const result = await cli(['--debug', 'sets', 'list', '--output', 'text'], { NO_COLOR: undefined, FORCE_COLOR: '3' });
  expect(result.stderr).toMatch(/\u001b\[[0-9;]*m/);
});

test('JSON output carries the exact strings (JSON escapes them itself)', async () => {
  plantEverywhere();
  const sets = await cli(['sets', 'list', '--output', 'json']);
  expect(sets.stdout).not.toMatch(/[\u0000-\u001f](?<!\n)/);
  expect((JSON.parse(sets.stdout) as { displayName: string }[]).find((s) => s.displayName === HOSTILE)).toBeDefined();
  const flow = await cli(['get', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--output', 'json']);
  expect(JSON.parse(flow.stdout).readinessStatus).toBe(HOSTILE);
});

test('a name in a question or a message is quoted on one line', async () => {
  plantEverywhere();
  const result = await cli(['sets', 'update', '--set-id', SEED.setId, '--display-name', 'South', '--plan', '--output', 'text'], { NO_COLOR: '1' });
  expect(result.code).toBe(0);
  const shown = `${result.stdout}${result.stderr}`;
  expect(shown).toContain('("North\\u001b]0;pwned\\u0007\\u001b[2J\\u000d');
  expect(shown).not.toMatch(STEERING);
});

describe('tables fit the terminal', () => {
  const LONG = 'a display name long enough to run past the edge of an eighty-column terminal, with more words after it';

  test('the last column is cut to the width with "…"; the ids before it never are; a pipe and JSON get it all', async () => {
    (emu.sets.get(SEED.setId) as Record<string, unknown>).displayName = LONG;
    const env = { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, NO_COLOR: '1' };
    const narrow = await runMain(['sets', 'list', '--output', 'text'], { env, tty: { stdout: true }, columns: 80 });
    const lines = narrow.stdout.trimEnd().split('\n');
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(narrow.stdout).toContain(SEED.setId);
    expect(lines.some((line) => line.startsWith(SEED.setId) && line.endsWith('…'))).toBe(true);
    const piped = await runMain(['sets', 'list', '--output', 'text'], { env });
    expect(piped.stdout).toContain(LONG);
    const json = await runMain(['sets', 'list', '--output', 'json'], { env, tty: { stdout: true }, columns: 80 });
    expect(JSON.parse(json.stdout).find((s: { id: string }) => s.id === SEED.setId).displayName).toBe(LONG);
  });

  test('when the ids alone are wider than the terminal, nothing is cut', async () => {
    const env = { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, NO_COLOR: '1' };
    const result = await runMain(['list', '--set-id', SEED.setId, '--output', 'text'], { env, tty: { stdout: true }, columns: 40 });
    expect(result.stdout).toContain(SEED.userFlowId);
    expect(result.stdout).not.toContain('…');
  });
});
