// On a real pseudo-terminal with a size, with the built CLI: plan --fleet draws one live line per
// tenant, redrawn in place (spinner and state), and prints the report once the view is done; on a
// terminal too, no secret shows.
import { beforeEach, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir, runCli } from '../helpers/run-cli.js';
import { onTerminal } from '../helpers/on-terminal.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator({ createTenantsOnRequest: true });
const CLIENT_ID = '5f0e7d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const SECRET = 'partner-App~Secret.2026';
const TENANTS = ['north', 'south', 'east'];
let dir: string;
const app = (): Record<string, string | undefined> => ({
  EDU_FLOW_ACCESS_TOKEN: undefined,
  EDU_FLOW_AUTHORITY_HOST: emu.origin,
  AZURE_CLIENT_ID: CLIENT_ID,
  AZURE_CLIENT_SECRET: SECRET,
});
beforeEach(() => {
  dir = makeTempDir();
  emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
  for (const name of TENANTS) emu.tenant(`${name}.edu-flow.test`);
  // Slow answers: the view is on screen long enough to be redrawn.
  emu.latencyMs = 300;
});

test('plan --fleet on a terminal: a line per tenant redrawn in place, then the report', async () => {
  const folder = path.join(dir, 'sds');
  const env = { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'), ...app(), AZURE_TENANT_ID: 'north.edu-flow.test' } as Record<string, string>;
  expect((await runCli(['export', '--out', folder], { env })).code).toBe(0);
  const fleet = path.join(dir, 'fleet.json');
  writeFileSync(fleet, JSON.stringify({ tenants: TENANTS.map((name) => ({ name, tenant: `${name}.edu-flow.test` })) }));
  const result = await onTerminal({ graphUrl: emu.graphUrl, token: '', dir }, ['plan', folder, '--fleet', fleet, '--concurrency', '2', '-o', 'text'], '', {
    columns: 100,
    env: app(),
  });
  expect(result.code).toBe(0);
  // (Booleans, not the output: the redraws would flood a failure report.)
  expect(/\u001b\[\d+A/.test(result.output)).toBe(true); // the cursor moved up to redraw the block
  expect(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] \S+ +planning…/.test(result.output)).toBe(true);
  expect(/✓ north +no changes/.test(result.output)).toBe(true);
  expect(result.output.includes('Fleet: 3 tenants')).toBe(true);
  expect(result.output.includes(SECRET)).toBe(false);
});
