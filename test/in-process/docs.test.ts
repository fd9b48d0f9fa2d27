// docs/commands/ is the command tree's own help, page for page: a flag, an example or a command
// added without `npm run docs` fails here.
import { expect, test } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { commandPages, pageFile } from '../../scripts/command-docs.mjs';
import { REPO_ROOT } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';

test('every command has its page in docs/commands, and every page matches the command as it is', async () => {
  const pages: Map<string, string> = await commandPages(async (commandPath: string[]) => (await runMain([...commandPath, '--help'], { version: '0' })).stdout);
  const folder = path.join(REPO_ROOT, 'docs', 'commands');
  expect(readdirSync(folder).sort()).toEqual([...pages.keys()].map(pageFile).sort());
  for (const [name, text] of pages) expect({ name, text: readFileSync(path.join(folder, pageFile(name)), 'utf8') }).toEqual({ name, text });
  expect(pages.get('update')).toContain('**Graph permission:** IndustryData-OutboundFlow.ReadWrite.All');
  expect(pages.get('validate')).toContain('**Graph permission:** none: offline');
});
