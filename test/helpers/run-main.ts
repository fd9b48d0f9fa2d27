// Runs the CLI in this process: `main(argv, ctx)` with in-memory streams, a chosen environment,
// terminal flags and a fake sleep, for tests where a separate process is not the point. Spawned
// end-to-end tests (run-cli.ts) stay for what needs a real process: sign-in with MSAL, signals,
// the secrets sweep, proxies, and a smoke test per command.
import { PassThrough } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Context, Http } from '../../src/context.js';
import { SecretScrubber } from '../../src/secrets.js';
import { makeTempDir } from './run-cli.js';

export interface MainResult {
  code: number;
  /** Always null: no process, no signal (the same shape as a spawned run's result). */
  signal: null;
  stdout: string;
  stderr: string;
  /** Every wait the run asked for (retries, back-off), in milliseconds, in order; none was waited. */
  sleeps: number[];
}

export interface RunMainOptions {
  /** The whole environment of the run (nothing of this process's leaks in), over fresh config/state folders. */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then ended (ended at once when absent). */
  stdin?: string | Buffer;
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
  /** The terminal width stdout reports (only when tty.stdout). */
  columns?: number;
  /** The clock the run sees (default: the real one). */
  now?: () => Date;
  version?: string;
  /** The HTTP stack to use instead of the real one (see http-stub.ts). */
  http?: Http;
  /** Called with every wait the run asks for, before it returns at once: a fake clock moves on here. */
  onSleep?: (ms: number) => void;
}

/**
 * jest's ESM loader fails a module that two dynamic imports ask for at the same moment ("request
 * for 'got' is not in cache"); the CLI loads the HTTP stack, the auth code and the Graph client
 * side by side. Loading them once, one after another, before the first run avoids that race.
 */
let warmed: Promise<unknown> | undefined;
function warmUp(): Promise<unknown> {
  warmed ??= (async () => {
    await import('../../src/net/http.js');
    await import('../../src/auth/token-provider.js');
    await import('../../src/graph/client.js');
  })();
  return warmed;
}

export async function runMain(args: string[], options: RunMainOptions = {}): Promise<MainResult> {
  await warmUp();
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const scratch = makeTempDir('edu-flow-main-');
  const sleeps: number[] = [];
  const controller = new AbortController();
  const ctx: Context = {
    io: {
      stdin,
      stdout,
      stderr,
      stdinIsTTY: options.tty?.stdin ?? false,
      stdoutIsTTY: options.tty?.stdout ?? false,
      stderrIsTTY: options.tty?.stderr ?? false,
      stdoutColumns: options.tty?.stdout ? options.columns : undefined,
    },
    env: { NO_COLOR: '1', EDU_FLOW_CONFIG_DIR: `${scratch}/config`, EDU_FLOW_STATE_DIR: `${scratch}/state`, ...options.env },
    version: options.version ?? '0.0.0-test',
    now: options.now ?? (() => new Date()),
    async sleep(ms, signal) {
      sleeps.push(ms);
      if (signal?.aborted) throw signal.reason;
      options.onSleep?.(ms);
    },
    signal: controller.signal,
    secrets: new SecretScrubber(),
    http: options.http,
  };
  const code = await main(args, ctx);
  await new Promise((resolve) => setImmediate(resolve));
  return { code, signal: null, stdout: out, stderr: err, sleeps };
}
