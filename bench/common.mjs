// What the benchmarks (bench/run.mjs, bench/fleet.mjs) share: the repository's paths, stopping
// with a message, statistics, the machine's facts, the compiled emulator, the measuring helper
// (bench/measure.py) and the children's environment.
//
// Plain JavaScript on purpose: it needs no build step of its own.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH = path.join(ROOT, 'bench');
export const CLI = path.join(ROOT, 'bin', 'edu-flow.js');
export const CERT = path.join(ROOT, 'test', 'fixtures', 'emulator-cert.pem');
/** A measured child still running after this long is killed, and the bench stops. */
export const RUN_TIMEOUT_MS = 120_000;

// ---------------------------------------------------------------------------------------------
// Stopping and progress

/** A failure the bench explains itself: runMain prints its message without a stack. */
export class BenchError extends Error {}

/** Stops the bench with a message (no stack); the temporary folder is still cleaned up. */
export function fail(message) {
  throw new BenchError(message);
}

/** Progress and notes go to stderr, so stdout holds only the table. */
export const log = (message) => process.stderr.write(`bench: ${message}\n`);

/** Runs a bench's main(): a BenchError ends it with its message, anything else with its stack; exit code 1 either way. */
export function runMain(main) {
  main().catch((e) => {
    process.stderr.write(`bench: ${e instanceof BenchError ? e.message : (e.stack ?? e)}\n`);
    process.exitCode = 1;
  });
}

/** A whole number ≥ min from an option's value, or a stop naming the option. */
export function wholeNumber(name, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`${name} needs a whole number ≥ ${min}, not ${JSON.stringify(value)}`);
  return n;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

export function which(command) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir || '.', command);
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not there
    }
  }
  return undefined;
}

export function firstLine(command, args, env = process.env) {
  const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 60_000 });
  return (
    `${r.stdout ?? ''}${r.stderr ?? ''}`
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '?'
  );
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Nearest-rank percentile: the smallest value with at least p of the runs at or below it. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
}

export const round = (x, digits = 2) => (x === undefined || x === null ? null : Number(x.toFixed(digits)));

/** Newest mtime under a folder (for the "dist is older than src" warning). */
function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * Stops when there is no build, and warns when src/ changed after it: the children run dist/.
 * `script` is the npm script that builds first (`bench`, `bench:fleet`).
 */
export function checkBuild(script) {
  if (!existsSync(path.join(ROOT, 'dist', 'cli.cjs'))) fail(`dist/cli.cjs is missing: run \`npm run build\` first (npm run ${script} does)`);
  if (existsSync(path.join(ROOT, 'src')) && newestMtime(path.join(ROOT, 'src')) > newestMtime(path.join(ROOT, 'dist'))) {
    log(`warning: src/ is newer than dist/: the figures are for the last build (\`npm run ${script}\` builds first)`);
  }
}

/** The commit being measured, read from .git without running git (best effort). */
export function gitCommit() {
  try {
    const head = readFileSync(path.join(ROOT, '.git', 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    const loose = path.join(ROOT, '.git', ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = readFileSync(path.join(ROOT, '.git', 'packed-refs'), 'utf8');
    return packed
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`))
      ?.split(' ')[0];
  } catch {
    return undefined;
  }
}

export function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** The machine facts every result file records: the measured Node, the OS, the CPU, memory, the helper's Python. */
export function machineFacts(node, python) {
  const cpus = os.cpus();
  return {
    node: firstLine(node, ['--version']),
    nodePath: node,
    os: `${os.type()} ${os.release()} (${os.platform()} ${os.arch()})`,
    osName: osName(),
    cpuModel: cpus[0]?.model?.trim(),
    cores: cpus.length,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    python: firstLine(python, ['--version']),
  };
}

// ---------------------------------------------------------------------------------------------
// The emulator: compile test/emulator/*.ts into <tmp>/test/emulator so that its
// new URL('../fixtures/…', import.meta.url) finds <tmp>/test/fixtures (a symlink to the real one).

export async function loadEmulator(tmp) {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  if (!existsSync(tsc)) fail('node_modules/.bin/tsc is missing: run `npm install` first');
  const outDir = path.join(tmp, 'test', 'emulator');
  const args = [
    '--outDir',
    outDir,
    '--rootDir',
    path.join(ROOT, 'test', 'emulator'),
    '--module',
    'NodeNext',
    '--moduleResolution',
    'NodeNext',
    '--target',
    'ES2022',
    '--lib',
    'ES2023',
    '--types',
    'node',
    '--strict',
    '--skipLibCheck',
    '--noCheck',
    '--sourceMap',
    'false',
    '--declaration',
    'false',
    path.join(ROOT, 'test', 'emulator', 'emulator.ts'),
  ];
  const started = Date.now();
  const r = spawnSync(tsc, args, { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(path.join(outDir, 'emulator.js'))) {
    fail(`compiling the emulator failed (tsc exit ${r.status}):\n${r.stdout}${r.stderr}`);
  }
  // The output lives outside the package, so tell Node it is ESM; let bare imports resolve too.
  writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}\n');
  symlinkSync(path.join(ROOT, 'test', 'fixtures'), path.join(tmp, 'test', 'fixtures'), 'dir');
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(tmp, 'node_modules'), 'dir');
  log(`compiled the emulator in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return import(pathToFileURL(path.join(outDir, 'emulator.js')).href);
}

// ---------------------------------------------------------------------------------------------
// The measuring helper (bench/measure.py), one long-lived process.

function pythonPath() {
  if (process.env.BENCH_PYTHON) return process.env.BENCH_PYTHON;
  // Prefer the system interpreter over a version-manager shim (pyenv shims are shell scripts).
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : (which('python3') ?? fail('python3 is needed (bench/measure.py)'));
}

export function startMeasurer() {
  const python = pythonPath();
  const child = spawn(python, ['-I', '-S', path.join(BENCH, 'measure.py')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  let waiting;
  let ended;
  lines.on('line', (line) => waiting?.(JSON.parse(line)));
  child.on('exit', (code, signal) => {
    ended = new BenchError(`bench/measure.py (${python}) ended (code ${code}, signal ${signal})`);
    waiting?.({ error: ended.message });
  });
  /** Runs one command; resolves with {wall_ns, maxrss_kb, code, utime_ms, stime_ms} (code < 0: that signal). */
  function measure(request) {
    return new Promise((resolve, reject) => {
      if (ended) return reject(ended);
      let timer;
      waiting = (message) => {
        if (message.pid !== undefined) {
          // Liveness guard only: a hung child is killed by its own pid, and the bench stops.
          timer = setTimeout(() => {
            try {
              process.kill(message.pid, 'SIGKILL');
            } catch {
              // already gone
            }
          }, RUN_TIMEOUT_MS);
          return;
        }
        clearTimeout(timer);
        waiting = undefined;
        if (message.error) reject(new Error(message.error));
        else resolve(message);
      };
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }
  return { python, measure, close: () => child.stdin.end() };
}

/** Why a measured run failed (exit code or signal, and a timeout), with the end of its stderr and stdout files. */
export function failedRunMessage(label, show, result, stdoutFile, stderrFile) {
  const tail = (f) => (existsSync(f) ? readFileSync(f, 'utf8').slice(-4000) : '');
  const why = result.code < 0 ? `killed by signal ${-result.code}${result.wall_ns >= RUN_TIMEOUT_MS * 1e6 ? ' (timed out)' : ''}` : `exit ${result.code}`;
  return `${label} failed (${why}): ${show}\n--- stderr ---\n${tail(stderrFile)}\n--- stdout ---\n${tail(stdoutFile)}`;
}

// ---------------------------------------------------------------------------------------------
// Environment for the children: the machine's, minus what would change the tool's behaviour
// (its own settings, CI credentials, proxies that would carry loopback traffic away).

// NODE_EXTRA_CA_CERTS is dropped too, and given back only to the children that make a TLS
// connection (the emulator's certificate): Node 20 reads the whole root store and the extra
// certificate at start-up when it is set, which would slow the floor and every offline command
// by far more than a user who never sets it ever sees.
const DROPPED =
  /^(EDU_FLOW_|AZURE_|ACTIONS_ID_TOKEN_|CLIMICROSOFT365_)|^(NODE_OPTIONS|NODE_EXTRA_CA_CERTS|FORCE_COLOR|(HTTPS?|ALL|NO)_PROXY|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE)$/i;

export function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!DROPPED.test(k) && v !== undefined) env[k] = v;
  return {
    ...env,
    NO_COLOR: '1',
    NO_PROXY: 'localhost,127.0.0.1,::1',
    no_proxy: 'localhost,127.0.0.1,::1',
  };
}

/** The environment of a child that talks TLS to the emulator. */
export const withCert = (env) => ({ ...env, NODE_EXTRA_CA_CERTS: CERT });

// ---------------------------------------------------------------------------------------------
// Spawning a command once, unmeasured (the preparations before the runs).

export function runOnce(argv, env, timeoutMs = 60_000) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/**
 * The options both benches take (--quick, --runs, --warmup, --node, --out, --keep-temp, --help),
 * plus a bench's own ones in `extra` (option → handler of its value). `--name=value` works too.
 */
export function parseBenchArgs(argv, { usage, out, extra = {} }) {
  const opts = { quick: false, runs: undefined, warmup: undefined, node: process.execPath, out, keepTemp: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (extra[name]) {
      extra[name](opts, value());
      continue;
    }
    switch (name) {
      case '--quick':
        opts.quick = true;
        break;
      case '--runs':
        opts.runs = wholeNumber('--runs', value(), 1);
        break;
      case '--warmup':
        opts.warmup = wholeNumber('--warmup', value(), 0);
        break;
      case '--out':
        opts.out = path.resolve(value() ?? fail('--out needs a file'));
        break;
      case '--node':
        opts.node = path.resolve(value() ?? fail('--node needs the path of a node binary'));
        if (!existsSync(opts.node)) fail(`--node: ${opts.node} does not exist`);
        break;
      case '--keep-temp':
        opts.keepTemp = true;
        break;
      case '-h':
      case '--help':
        process.stdout.write(usage);
        process.exit(0);
        break;
      default:
        fail(`unknown option ${arg}\n\n${usage}`);
    }
  }
  return opts;
}

/**
 * A bench run's temporary folder with its private subfolders, and what the run holds open (the
 * emulator, the measuring helper): `cleanup()` closes them and removes the folder (kept with
 * --keep-temp), also on Ctrl-C.
 */
export function benchWorkspace(prefix, names, keepTemp) {
  const tmp = mkdtempSync(path.join(os.tmpdir(), prefix));
  const dirs = Object.fromEntries(
    names.map((name) => {
      const dir = path.join(tmp, name);
      mkdirSync(dir, { mode: 0o700 });
      return [name, dir];
    }),
  );
  const held = { emu: undefined, measurer: undefined };
  const cleanup = async () => {
    held.measurer?.close();
    await held.emu?.close();
    if (keepTemp) log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  return { tmp, dirs, held, cleanup };
}
