// `npm run docs`: writes docs/commands/*.md from the built CLI's own help (see command-docs.mjs).
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import { commandPages, pageFile } from './command-docs.mjs';

// The built CLI, as bin/edu-flow.js runs it (a CommonJS bundle).
const { main } = createRequire(import.meta.url)('../dist/cli.cjs');
const help = async (path) => {
  const stdout = new PassThrough();
  let text = '';
  stdout.setEncoding('utf8').on('data', (s) => (text += s));
  const io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false };
  // Help holds no secrets: a scrubber that knows none.
  const secrets = { add() {}, scrub: (text) => text };
  await main([...path, '--help'], { io, env: {}, version: '0', now: () => new Date(), sleep: async () => {}, signal: new AbortController().signal, secrets });
  return text;
};
const folder = new URL('../docs/commands/', import.meta.url);
await mkdir(folder, { recursive: true });
for (const old of await readdir(folder)) if (old.endsWith('.md')) await rm(new URL(old, folder));
const pages = await commandPages(help);
for (const [name, text] of pages) await writeFile(new URL(pageFile(name), folder), text);
process.stdout.write(`wrote ${pages.size} pages to docs/commands/\n`);
