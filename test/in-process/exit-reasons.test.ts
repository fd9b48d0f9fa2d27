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

describe('conventions', () => {
  test('config get: the bare value, also when piped; exit 1 with the reason on stderr when unset; JSON only when asked', async () => {
    const env = { EDU_FLOW_CONFIG_DIR: (await import('../helpers/run-cli.js')).makeTempDir() };
    expect((await runMain(['config', 'set', 'tenant', 'contoso.edu'], { env })).code).toBe(0);
    const value = await runMain(['config', 'get', 'tenant'], { env });
    expect(value).toMatchObject({ code: 0, stdout: 'contoso.edu\n' });
    expect(JSON.parse((await runMain(['config', 'get', 'tenant', '--output', 'json'], { env })).stdout)).toEqual({ profile: 'default', key: 'tenant', value: 'contoso.edu' });
    const unset = await runMain(['config', 'get', 'clientId'], { env });
    expect(unset.code).toBe(1);
    expect(unset.stdout).toBe('');
    expect(unset.stderr).toBe('error: clientId is not set in profile "default"\nhint: `edu-flow config set clientId <value>` sets it\n');
  });

  test('status says "Not signed in" once, and the no-body hint names only the command\'s own flags', async () => {
    const status = await runMain(['status', '--output', 'text'], { env: { EDU_FLOW_AUTHORITY_HOST: emu.origin } });
    expect(status.stdout).toContain('Not signed in: no credential for Microsoft Graph');
    expect(status.stdout).not.toMatch(/not signed in: not signed in/i);
    const validate = await runMain(['validate'], { tty: { stdin: true } });
    expect(validate.stderr).toContain('hint: pass -f body.json, -f - to read stdin, or pipe a body in');
    expect(validate.stderr).not.toContain('--student-age-group');
    const sets = await runMain(['sets', 'update', '--set-id', SEED.setId], { tty: { stdin: true }, env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN } });
    expect(sets.code).toBe(2);
    expect(sets.stderr).toContain('--display-name or --filter-org');
  });

  test('a damaged token cache of another profile: the hint names that profile', async () => {
    const { CorruptCacheError } = await import('../../src/auth/cache-file.js');
    expect(new CorruptCacheError('/home/ann/.config/edu-flow/token-cache/north.json').hint).toContain('run `edu-flow --profile north login`');
    expect(new CorruptCacheError('/home/ann/.config/edu-flow/token-cache/default.json').hint).toContain('run `edu-flow login`');
  });
});
