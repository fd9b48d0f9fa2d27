#!/usr/bin/env node
// Small on purpose, and CommonJS (bin/package.json says so): Node starts a CommonJS entry faster
// than an ES module, and the two fast paths below finish before the CLI is loaded at all.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // A version check in a loop or a CI log should cost no more than Node itself.
  process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else if (!printPrecomputedHelp(args)) {
  const cli = loadCli(args[0]);
  cli.exports.main(args).then((code) => {
    process.exitCode = code;
    // Interrupted: in-flight requests were aborted; don't wait for a stdin that may never close.
    if (code === 130 || code === 143) process.exit(code);
    cli.saveCache();
  });
}

/**
 * dist/cli.cjs, compiled with a V8 code cache when one can be used: V8 then skips compiling the
 * functions an earlier run of the same command compiled. The cache is private (0600 files in a
 * 0700 folder under the state folder, as backups are), keyed by edu-flow's version and build and
 * by Node's version, one per command (each runs different code), written once by a run that
 * found none, atomically (a rename), so processes that race each leave a whole file. Any problem
 * — no state folder, a read-only disk, a damaged or foreign cache, which V8 itself rejects — and
 * the bundle is simply compiled without it.
 */
function loadCli(command) {
  const file = path.join(__dirname, '..', 'dist', 'cli.cjs');
  const source = readFileSync(file, 'utf8');
  const cacheFile = codeCacheFile(command);
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // None yet, or unreadable: compiled without.
  }
  const vm = require('node:vm');
  const Module = require('node:module');
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = { exports: {} };
  script.runInThisContext()(mod.exports, require, mod, file, path.dirname(file));
  return {
    exports: mod.exports,
    saveCache() {
      if (!cacheFile || (cachedData && !script.cachedDataRejected)) return;
      try {
        const { mkdirSync, renameSync, writeFileSync } = require('node:fs');
        mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
        const temp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(temp, script.createCachedData(), { mode: 0o600 });
        renameSync(temp, cacheFile);
        removeOtherBuilds(cacheFile);
      } catch {
        // A cache that cannot be written costs the next run a compile, nothing more.
      }
    },
  };
}

/**
 * <state folder>/code-cache/<version>-<build>-node<version>-<command>.bin, or undefined: also when
 * the folder is someone else's or others may write to it, since a planted cache would be code
 * this process runs.
 */
function codeCacheFile(command) {
  try {
    const build = JSON.parse(readFileSync(path.join(__dirname, '..', 'dist', 'build.json'), 'utf8'));
    const name = /^[a-z][a-z-]{0,31}$/.test(command ?? '') ? command : 'other';
    const folder = path.join(stateFolder(), 'code-cache');
    if (!privateOrAbsent(folder)) return undefined;
    return path.join(folder, `${build.version}-${build.id}-node${process.versions.node}-${name}.bin`);
  } catch {
    return undefined;
  }
}

/** Caches of other versions, builds or Node versions are never used again: removed when a new one is written. */
function removeOtherBuilds(cacheFile) {
  const { readdirSync, unlinkSync } = require('node:fs');
  const folder = path.dirname(cacheFile);
  const current = path.basename(cacheFile).replace(/-[a-z-]+\.bin$/, '-');
  for (const name of readdirSync(folder)) {
    if (name.endsWith('.bin') && !name.startsWith(current)) {
      try {
        unlinkSync(path.join(folder, name));
      } catch {
        // Another run removed it first.
      }
    }
  }
}

function privateOrAbsent(folder) {
  let info;
  try {
    info = require('node:fs').statSync(folder);
  } catch (error) {
    return error.code === 'ENOENT';
  }
  if (!info.isDirectory()) return false;
  if (process.platform === 'win32') return true;
  return (info.mode & 0o022) === 0 && (typeof process.getuid !== 'function' || info.uid === process.getuid());
}

/** The state folder, as the CLI finds it (EDU_FLOW_STATE_DIR, else the platform's place). */
function stateFolder() {
  const env = process.env;
  if (env.EDU_FLOW_STATE_DIR) return env.EDU_FLOW_STATE_DIR;
  if (process.platform === 'win32' && env.APPDATA) return path.join(env.APPDATA, 'edu-flow', 'state');
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'edu-flow');
  return path.join(env.HOME || require('node:os').homedir(), '.local', 'state', 'edu-flow');
}

/**
 * `edu-flow`, `edu-flow [command…] --help` (or -h) and `edu-flow help [command…]`: the help the
 * build made from the command tree (dist/help/<width>.json), at the width the CLI would use
 * (stdout's columns, at most 100; 80 without a terminal). Anything else, any other width, or a
 * missing file: false, and the CLI does it.
 */
function printPrecomputedHelp(argv) {
  let words;
  if (argv.length === 0) words = [];
  else if (argv[argv.length - 1] === '--help' || argv[argv.length - 1] === '-h') words = argv.slice(0, -1);
  else if (argv[0] === 'help') words = argv.slice(1);
  else return false;
  if (words.some((word) => word.startsWith('-'))) return false;
  const width = Math.min(process.stdout.columns ?? 80, 100);
  let texts;
  try {
    texts = JSON.parse(readFileSync(path.join(__dirname, '..', 'dist', 'help', `${width}.json`), 'utf8'));
  } catch {
    return false;
  }
  const text = Object.hasOwn(texts, words.join(' ')) ? texts[words.join(' ')] : undefined;
  if (typeof text !== 'string') return false;
  process.stdout.write(text);
  return true;
}
