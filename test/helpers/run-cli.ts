// How end-to-end tests run the built CLI: `node bin/edu-flow.js …` as a child process, in a clean,
// predictable environment, with stdin always a pipe (never a TTY).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunCliOptions {
  /** Applied last, over the clean environment; a value of undefined deletes the variable. */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed (it is closed at once when absent). */
  stdin?: string | Buffer;
  /** Liveness guard (default 30 s): SIGKILL the child and reject. Not a timing assertion. */
  timeoutMs?: number;
  /** Default: REPO_ROOT. */
  cwd?: string;
}

/** The repository root (this file is test/helpers/run-cli.ts). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const CLI = path.join(REPO_ROOT, 'bin/edu-flow.js');
const EMULATOR_CERT = path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem');

/**
 * Variables that would make a run depend on the machine or on the test runner: the tool's own
 * settings, CI credentials, jest's NODE_OPTIONS (--experimental-vm-modules must not reach the
 * child), colour forcing (FORCE_COLOR beats NO_COLOR, and jest may set it) and proxies (which would
 * send loopback traffic elsewhere). A test that needs one passes it in options.env.
 */
const DROPPED = /^(EDU_FLOW_|AZURE_|ACTIONS_ID_TOKEN_)|^(NODE_OPTIONS|FORCE_COLOR|(HTTPS?|ALL|NO)_PROXY)$/i;

/** A fresh folder under the OS temp dir, for config/state folders and body files. */
export function makeTempDir(prefix = 'edu-flow-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function runCli(args: string[], options: RunCliOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  // Config and state folders of this run only (0700, like the tool's own); removed afterwards.
  const scratch = makeTempDir('edu-flow-run-');
  const configDir = path.join(scratch, 'config');
  const stateDir = path.join(scratch, 'state');
  mkdirSync(configDir, { mode: 0o700 });
  mkdirSync(stateDir, { mode: 0o700 });

  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) if (!DROPPED.test(key)) env[key] = value;
  Object.assign(env, {
    NODE_EXTRA_CA_CERTS: EMULATOR_CERT,
    NO_COLOR: '1',
    EDU_FLOW_CONFIG_DIR: configDir,
    EDU_FLOW_STATE_DIR: stateDir,
  });
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }

  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: env as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    // The child may exit without reading its input: EPIPE on stdin is not a test failure.
    child.stdin.on('error', () => {});
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();

    let timedOut = false;
    const guard = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);

    const finish = () => {
      clearTimeout(guard);
      rmSync(scratch, { recursive: true, force: true });
    };
    child.on('error', (err) => {
      finish();
      reject(new Error(`could not start edu-flow: ${err.message}`, { cause: err }));
    });
    // 'close' (not 'exit'): stdout and stderr are fully read by then.
    child.on('close', (code, signal) => {
      finish();
      if (timedOut) {
        reject(
          new Error(
            `edu-flow ${args.join(' ')} was still running after ${timeoutMs} ms and was killed (liveness guard).\n` + `--- stdout ---\n${stdout}\n--- stderr ---\n${stderr}`,
          ),
        );
      } else {
        resolve({ code, signal, stdout, stderr });
      }
    });
  });
}
