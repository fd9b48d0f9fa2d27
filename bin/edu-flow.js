#!/usr/bin/env node
// Tiny on purpose, and CommonJS (bin/package.json says so): Node starts a CommonJS entry faster
// than an ES module, and the two fast paths below finish before the CLI is loaded at all.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // A version check in a loop or a CI log should cost no more than Node itself.
  process.stdout.write(`${JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')).version}\n`);
} else if (!printPrecomputedHelp(args)) {
  import('../dist/cli.js').then(async ({ main }) => {
    const code = await main(args);
    process.exitCode = code;
    // Interrupted: in-flight requests were aborted; don't wait for a stdin that may never close.
    if (code === 130 || code === 143) process.exit(code);
  });
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
