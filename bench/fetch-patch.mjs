// The rival with no CLI around it: one PATCH with Node's built-in fetch, nothing else.
// Usage: BENCH_TOKEN=<token> node bench/fetch-patch.mjs <url> <body.json>
// Trusts the emulator through NODE_EXTRA_CA_CERTS, like edu-flow does. Exit 0 on a 2xx answer.
import { readFileSync } from 'node:fs';

const [url, file] = process.argv.slice(2);
const response = await fetch(url, {
  method: 'PATCH',
  headers: { Authorization: `Bearer ${process.env.BENCH_TOKEN}`, 'Content-Type': 'application/json' },
  body: readFileSync(file),
});
const text = await response.text();
if (!response.ok) {
  process.stderr.write(`PATCH ${url}: HTTP ${response.status}\n${text}\n`);
  process.exitCode = 1;
}
