// Every non-zero exit says why on stderr, also when the data itself went to stdout as JSON (a
// script that pipes stdout on still sees the reason in its log).
import { describe, expect, test } from '@jest/globals';
import { SEED } from '../emulator/emulator.js';
import { runMain } from '../helpers/run-main.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

describe('non-zero exits with data on stdout', () => {
  test('status with no credential, piped: exit 4, the JSON on stdout, the reason and the fix on stderr', async () => {
    const result = await runMain(['status'], { env: { EDU_FLOW_AUTHORITY_HOST: emu.origin } });
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toMatchObject({ credential: { usable: false } });
    expect(result.stderr).toMatch(/^error: no usable credential for profile "default": .+\nhint: run `edu-flow login`/);
  });

  test('status of another profile names it in the fix', async () => {
    const result = await runMain(['--profile', 'north', 'status'], { env: { EDU_FLOW_AUTHORITY_HOST: emu.origin } });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('run `edu-flow --profile north login`');
  });

  test('diff --exit-code with changes: exit 8, the changes on stdout, one line on stderr', async () => {
    const result = await runMain(['diff', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult', '--exit-code'], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN },
    });
    expect(result.code).toBe(8);
    expect(JSON.parse(result.stdout)).toMatchObject({ changed: true });
    expect(result.stderr).toBe('the live flow differs from the body: 1 change (exit 8, --exit-code)\n');
  });

  test('validate of an invalid body, piped: exit 3, the report on stdout, one line on stderr', async () => {
    const result = await runMain(['validate'], { stdin: '{"@odata.type": "#microsoft.graph.industryData.userProvisioningFlow", "bogus": 1}' });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ valid: false });
    expect(result.stderr).toBe('error: stdin is not a valid user provisioning flow: 1 problem (listed in the report on stdout)\n');
  });
});
