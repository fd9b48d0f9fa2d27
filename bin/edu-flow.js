#!/usr/bin/env node
// Tiny on purpose: everything lives in the bundled CLI, so start-up stays one import.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // The fast path: a version check in a loop or a CI log should cost no more than Node itself.
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const { main } = await import('../dist/cli.js');
  const code = await main(args);
  process.exitCode = code;
  // Interrupted: in-flight requests were aborted; don't wait for a stdin that may never close.
  if (code === 130 || code === 143) process.exit(code);
}
