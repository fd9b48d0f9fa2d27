// The other bare-Node rival: the same PATCH with node:https (what got, and so edu-flow, is built
// on), without fetch. On Node 20 the first fetch() in a process costs a few hundred ms of start-up
// that node:https does not pay, so this is the floor for "a Node program that sends one PATCH".
// Usage: BENCH_TOKEN=<token> node bench/https-patch.mjs <url> <body.json>
import https from 'node:https';
import { readFileSync } from 'node:fs';

const [url, file] = process.argv.slice(2);
const body = readFileSync(file);
const request = https.request(url, {
  method: 'PATCH',
  headers: { Authorization: `Bearer ${process.env.BENCH_TOKEN}`, 'Content-Type': 'application/json', 'Content-Length': body.length },
});
request.on('response', (response) => {
  let text = '';
  response.setEncoding('utf8').on('data', (chunk) => (text += chunk));
  response.on('end', () => {
    if (response.statusCode < 200 || response.statusCode > 299) {
      process.stderr.write(`PATCH ${url}: HTTP ${response.statusCode}\n${text}\n`);
      process.exitCode = 1;
    }
  });
});
request.on('error', (error) => {
  process.stderr.write(`PATCH ${url}: ${error.message}\n`);
  process.exitCode = 1;
});
request.end(body);
