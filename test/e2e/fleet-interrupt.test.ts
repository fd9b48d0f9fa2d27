// End-to-end, with the real CLI: Ctrl-C during a fleet apply (three tenants, one multi-tenant app,
// real MSAL and TLS) ends with 130 and leaves the apply state whole, and `apply --resume` then
// finishes the fleet without sending any finished write again.
import { afterEach, beforeEach, expect, test } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedIdsFor, tenantIdOf } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator({ createTenantsOnRequest: true });
const CLIENT_ID = '5f0e7d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const SECRET = 'partner-App~Secret.2026';
const TENANTS = { north: 'north.edu-flow.test', south: 'south.edu-flow.test', east: 'east.edu-flow.test' };
const DROPPED = /^(EDU_FLOW_|AZURE_|ACTIONS_ID_TOKEN_)|^(NODE_OPTIONS|FORCE_COLOR|(HTTPS?|ALL|NO)_PROXY)$/i;

let dir: string;
let children: ChildProcess[];
beforeEach(() => {
  dir = makeTempDir('edu-flow-fleet-');
  children = [];
  emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
  for (const tenant of Object.values(TENANTS)) emu.tenant(tenant);
});
afterEach(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const env = (): Record<string, string> => ({
  EDU_FLOW_GRAPH_URL: emu.graphUrl,
  EDU_FLOW_AUTHORITY_HOST: emu.origin,
  EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'),
  EDU_FLOW_STATE_DIR: path.join(dir, 'state'),
  AZURE_CLIENT_ID: CLIENT_ID,
  AZURE_CLIENT_SECRET: SECRET,
});
const cli = (args: string[], extra: Record<string, string> = {}): Promise<CliResult> => runCli(args, { env: { ...env(), ...extra } });

function start(args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  const base: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !DROPPED.test(key)) base[key] = value;
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/edu-flow.js'), ...args], {
    env: { ...base, NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'), NO_COLOR: '1', ...env() } as NodeJS.ProcessEnv,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  child.stdout?.resume();
  child.stdin?.end();
  // A liveness guard, far above the expected run.
  const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve(code);
    }),
  );
  return { child, stderr: () => stderr, exited };
}

test('Ctrl-C during a fleet apply: exit 130, a whole state file, and --resume finishes without repeating a write', async () => {
  const folder = path.join(dir, 'sds');
  expect((await cli(['export', '--out', folder], { AZURE_TENANT_ID: TENANTS.north })).code).toBe(0);
  const user = path.join(folder, 'sets/contoso-district-flows/user.json');
  const body = JSON.parse(readFileSync(user, 'utf8'));
  body.managementOptions.additionalOptions.studentAgeGroup = 'adult';
  body.createUnmatchedUsers = false;
  writeFileSync(user, JSON.stringify(body, null, 2));
  const security = path.join(folder, 'sets/contoso-district-flows/securityGroup.json');
  const group = JSON.parse(readFileSync(security, 'utf8'));
  group.creationOptions.createBasedOnOrgPlusRoleGroup = true;
  writeFileSync(security, JSON.stringify(group, null, 2));
  const fleet = path.join(dir, 'fleet.json');
  writeFileSync(fleet, JSON.stringify({ tenants: Object.entries(TENANTS).map(([name, tenant]) => ({ name, tenant })) }));

  // Slow answers, one tenant at a time: the signal lands while writes are under way.
  emu.latencyMs = 300;
  emu.requests.length = 0;
  const run = start(['apply', folder, '--fleet', fleet, '--yes', '--concurrency', '1']);
  for (let i = 0; i < 400 && emu.requestsTo('PATCH').length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  expect(emu.requestsTo('PATCH').length).toBeGreaterThan(0);
  run.child.kill('SIGINT');
  expect(await run.exited).toBe(130);

  const stateDir = path.join(dir, 'state', 'apply');
  const [stateFile] = readdirSync(stateDir);
  const state = JSON.parse(readFileSync(path.join(stateDir, stateFile), 'utf8'));
  expect(state.finished).toBe(false);
  expect(Object.keys(state.tenants)).toContain('north');
  expect(readdirSync(stateDir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

  emu.latencyMs = 0;
  const patchesBefore = emu.requestsTo('PATCH').map((r) => r.path);
  const resumed = await cli(['apply', folder, '--fleet', fleet, '--yes', '--resume', '--output', 'json']);
  expect(resumed.code).toBe(0);
  const patchesAfter = emu
    .requestsTo('PATCH')
    .slice(patchesBefore.length)
    .map((r) => r.path);
  // Each flow of each tenant was written once in all: nothing finished before Ctrl-C was sent again.
  const all = [...patchesBefore, ...patchesAfter];
  expect(new Set(all).size).toBe(all.length);
  for (const [name, tenant] of Object.entries(TENANTS)) {
    const ids = seedIdsFor(tenant);
    const store = emu.tenant(tenant);
    expect([name, store.flowValue(ids.setId, ids.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')]).toEqual([name, 'adult']);
    expect([name, store.flowValue(ids.setId, ids.securityGroupFlowId, '/creationOptions/createBasedOnOrgPlusRoleGroup')]).toEqual([name, true]);
    expect(emu.requests.some((r) => r.tenant === tenantIdOf(tenant))).toBe(true);
  }
});
