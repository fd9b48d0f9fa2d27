#!/usr/bin/env node
// Tiny on purpose: everything lives in the compiled CLI, so start-up stays one import.
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
  // Interrupted: in-flight requests were aborted; don't wait for a stdin that may never close.
  if (code === 130 || code === 143) process.exit(code);
});
