// Runs the built CLI on a real pseudo-terminal (made by util-linux `script`), so readline, raw
// mode, Ctrl-C and Ctrl-D behave as they do for a person at a prompt.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './run-cli.js';

export interface TerminalResult {
  code: number | null;
  /** Everything the terminal showed (stdout and stderr together, as a person sees them). */
  output: string;
  /** What the terminal showed up to the "[y/N]" question ('' when none was asked). */
  prompted: string;
}

export interface TerminalSession {
  graphUrl: string;
  token: string;
  /** The run's folder: config and state go in `config/` and `state/` under it. */
  dir: string;
}

const quote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs `edu-flow args` on a pseudo-terminal; once "[y/N]" appears, types `keys` (raw bytes:
 * "\x03" is Ctrl-C, "\x04" Ctrl-D, "\r" Enter). A 30 s kill is the liveness guard.
 */
export async function onTerminal(
  session: TerminalSession,
  args: string[],
  keys: string,
  options: { columns?: number /** More variables, or (undefined) fewer. */; env?: Record<string, string | undefined> } = {},
): Promise<TerminalResult> {
  const cli = [process.execPath, path.join(REPO_ROOT, 'bin/edu-flow.js'), ...args].map(quote).join(' ');
  // `script` gives its terminal no size; spinners (ora) show only on a terminal with one.
  const command = options.columns ? `stty cols ${options.columns} rows 40; ${cli}` : cli;
  const child = spawn('script', ['-qec', command, '/dev/null'], {
    env: {
      PATH: process.env.PATH,
      TERM: 'xterm',
      NO_COLOR: '1',
      NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'),
      EDU_FLOW_GRAPH_URL: session.graphUrl,
      EDU_FLOW_ACCESS_TOKEN: session.token,
      EDU_FLOW_CONFIG_DIR: path.join(session.dir, 'config'),
      EDU_FLOW_STATE_DIR: path.join(session.dir, 'state'),
      ...options.env,
    } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let prompted = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    output += s;
    if (!prompted && output.includes('[y/N]')) {
      prompted = output;
      child.stdin.write(keys);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => (output += s));
  child.stdin.on('error', () => {});
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, output, prompted };
}
