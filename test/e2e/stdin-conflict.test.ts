// End to end: a body piped into stdin while -f names a file (or only flags build the body) is
// refused with exit 2 before anything is sent — one of the two would be silently ignored. An idle
// stdin (/dev/null, a pipe held open with nothing in it, as CI runners do) never stops a run.
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { constants, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli } from '../helpers/run-cli.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
const CLI = path.join(REPO_ROOT, 'bin/edu-flow.js');
const USER_BODY = { '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', createUnmatchedUsers: false };
const bodyFile = (): string => {
  const file = path.join(makeTempDir(), 'users.json');
  writeFileSync(file, JSON.stringify(USER_BODY));
  return file;
};
const env = () => ({ EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN });
const UPDATE = ['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--no-verify'];

/** Spawns the CLI with stdin as given (a file descriptor, 'ignore', or a pipe left open and empty). */
function spawnWith(stdin: number | 'ignore' | 'pipe', args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return spawnCommand(process.execPath, [CLI, ...args], stdin);
}

/** `printf %s "$BODY" | edu-flow …` in a real shell: a pipe as a shell makes it (node's own stdio pipes are sockets). */
function shellPipe(body: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const quoted = [process.execPath, CLI, ...args].map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ');
  return spawnCommand('sh', ['-c', `printf '%s' "$BODY" | ${quoted}`], 'ignore', { BODY: body });
}

function spawnCommand(
  command: string,
  args: string[],
  stdin: number | 'ignore' | 'pipe',
  extra: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const state = makeTempDir();
    const child = spawn(command, args, {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'),
        EDU_FLOW_STATE_DIR: state,
        EDU_FLOW_CONFIG_DIR: state,
        ...env(),
        ...extra,
      },
      stdio: [stdin, 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // Liveness guard: a run that waited on the idle pipe would be killed here, and fail.
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('-f <file> with a body on stdin', () => {
  test('piped: exit 2 naming both, nothing sent', async () => {
    const result = await shellPipe(JSON.stringify(USER_BODY), [...UPDATE, '-f', bodyFile()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/-f \S+users\.json and a body piped into stdin: edu-flow reads only one/);
    expect(result.stderr).toContain('use -f - to read the piped body');
    expect(emu.requests).toHaveLength(0);
  });

  test('redirected from a file (< body.json): the same', async () => {
    const result = await spawnWith(openSync(bodyFile(), 'r'), ['validate', '-f', bodyFile()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('and a body piped into stdin');
    expect(result.stdout).toBe('');
  });

  test('only flags build the body, and a body is piped too: exit 2, pointing at -f -', async () => {
    const result = await shellPipe(JSON.stringify(USER_BODY), [...UPDATE, '--student-age-group', 'adult', '--set', '/createUnmatchedUsers=true']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a body is piped into stdin, but without -f - it is not read (the body comes from --student-age-group, --set)');
    expect(result.stderr).toContain('add -f - to read the piped body (the flags then edit it)');
    expect(emu.requests).toHaveLength(0);
  });

  test('-f - with the piped body and flags on top: read and sent', async () => {
    const result = await shellPipe(JSON.stringify(USER_BODY), [...UPDATE, '-f', '-', '--student-age-group', 'adult']);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });
});

/** A FIFO with a writer that never writes: the test holds it open read-write. */
function idlePipe(): number {
  const fifo = path.join(makeTempDir(), 'stdin.fifo');
  expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
  return openSync(fifo, constants.O_RDWR);
}

describe('an idle stdin never stops a run', () => {
  test.each([
    ['/dev/null', () => openSync('/dev/null', 'r')],
    ['no stdin at all', () => 'ignore' as const],
    ['a pipe held open with nothing in it (a CI runner)', idlePipe],
    ["node's own stdio pipe, open and empty", () => 'pipe' as const],
  ])('%s: -f <file> is read and the PATCH sent', async (_name, stdin) => {
    const result = await spawnWith(stdin(), [...UPDATE, '-f', bodyFile()]);
    expect(result.stderr).not.toContain('piped into stdin');
    expect(result.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });

  test('an empty, closed pipe: flags alone build the body', async () => {
    const result = await runCli([...UPDATE, '--student-age-group', 'adult'], { env: env(), stdin: '' });
    expect(result.code).toBe(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });
});
