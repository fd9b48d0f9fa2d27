// End-to-end: the command tree itself: help, version, unknown input, interruption.
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, SEED } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { USER_TOKEN } from '../helpers/secrets.js';

const VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the command line', () => {
  test('--version prints the package version on stdout', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(VERSION);
  });

  test('--help lists the commands, the global options and examples', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    for (const word of ['update', 'validate', '--output', '--verbose', '--debug', '--no-color', '--graph-url', 'Examples:', 'Exit codes']) {
      expect(result.stdout).toContain(word);
    }
  });

  test('update --help shows its flags and examples', async () => {
    const result = await runCli(['update', '--help']);
    expect(result.code).toBe(0);
    for (const word of ['--set-id', '--flow-id', '--dry-run', '--strict', '--student-age-group', '--set <pointer=value>', '--max-wait', 'Examples:']) {
      expect(result.stdout).toContain(word);
    }
  });

  test('an unknown command is a usage error (exit 2) with a suggestion', async () => {
    const result = await runCli(['updte']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('update');
    expect(result.stdout).toBe('');
  });

  test('no command at all shows the help on stdout, exit 0 (as gh does)', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: edu-flow');
    expect(result.stderr).toBe('');
  });

  test('colour: FORCE_COLOR colours stderr, --no-color and NO_COLOR turn it off', async () => {
    const args = ['validate', '-f', 'examples/user-flow-deprecated.json', '--output', 'text'];
    const ESC = String.fromCharCode(27);
    // validate prints its warnings in the report (stdout); update prints them on stderr, coloured.
    const upd = ['update', '--set-id', 's', '--flow-id', 'f', '-f', 'examples/user-flow-deprecated.json', '--dry-run', '--output', 'text'];
    const forced = await runCli(upd, { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stderr).toContain(`${ESC}[`);
    const flagged = await runCli([...upd, '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(flagged.stderr).toContain('warning:');
    expect(flagged.stderr).not.toContain(`${ESC}[`);
    const noColor = await runCli(upd, { env: { NO_COLOR: '1' } });
    expect(noColor.stderr).not.toContain(`${ESC}[`);
    const plain = await runCli(args);
    expect(plain.stdout).not.toContain(`${ESC}[`);
  });

  test('global options work after the command too', async () => {
    const result = await runCli(['validate', '-f', 'examples/user-flow.json', '--output', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('valid');
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  test('SIGINT while waiting on Graph: exit 130, the request aborted', async () => {
    const emu = await startEmulator();
    try {
      emu.queue('PATCH', { status: 204, delayMs: 20_000 });
      const child = spawn(
        process.execPath,
        [path.join(REPO_ROOT, 'bin/edu-flow.js'), 'update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult'],
        {
          env: {
            PATH: process.env.PATH,
            NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'),
            EDU_FLOW_GRAPH_URL: emu.graphUrl,
            EDU_FLOW_ACCESS_TOKEN: USER_TOKEN,
            // Its backup goes to a folder of the test's, not the real state folder.
            EDU_FLOW_STATE_DIR: makeTempDir('edu-flow-state-'),
            EDU_FLOW_CONFIG_DIR: makeTempDir('edu-flow-config-'),
            NO_COLOR: '1',
          },
          stdio: ['pipe', 'pipe', 'pipe'],
        },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      // Wait until the PATCH has reached the emulator, then interrupt.
      for (let i = 0; i < 200 && emu.requestsTo('PATCH').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
      expect(emu.requestsTo('PATCH')).toHaveLength(1);
      child.kill('SIGINT');
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(130);
      expect(stderr).toContain('interrupted');
    } finally {
      await emu.close();
    }
  });
});
