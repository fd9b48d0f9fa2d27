// In process against the emulator: `edu-flow doctor` on a tenant where all is well (exit 0), on one
// with each kind of problem (exit 14), with the reads a token may not make (skipped, warnings), with
// a read failing for another reason (that check fails, the others run), and over a fleet of
// tenants signed in to as one multi-tenant app (one of them unreachable).
import { beforeEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Context, Http } from '../../src/context.js';
import { SecretScrubber } from '../../src/secrets.js';
import { SEED, seedIdsFor, subscribedSku, tenantIdOf, type TenantStore } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { expectNoSecrets, fakeJwt } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
const NOW = new Date('2026-05-04T15:00:00Z');
const ALL_ROLES = ['IndustryData-OutboundFlow.ReadWrite.All', 'IndustryData-Run.Start', 'IndustryData-ReferenceDefinition.Read.All', 'Organization.Read.All'];
const USER_FLOW = `${SEED.setId}/${SEED.userFlowId}`;

/** The members of the seeded user flow these tests change, as the emulator stores it. */
interface StoredUserFlow {
  readinessStatus: string;
  managementOptions: { additionalOptions: Record<string, unknown> };
  creationOptions: { configurations: { roleGroup: { id: string } }[] };
}
const storedUserFlow = (): StoredUserFlow => emu.flows.get(USER_FLOW) as unknown as StoredUserFlow;

interface CheckJson {
  id: string;
  status: 'ok' | 'warn' | 'fail';
  title: string;
  reason: string;
  fix?: string;
  subject?: string;
}
interface ReportJson {
  tenants: { name: string; tenant: string | null; checks: CheckJson[] }[];
  summary: { ok: number; warnings: number; failed: number };
}

const appToken = (roles: string[]) => fakeJwt({ tid: emu.tenantId, appid: 'doctor-test-app', roles, exp: 4102444800 });
const env = (token: string) => ({ EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: token });
const doctor = (token: string, args: string[] = [], options: { http?: Http } = {}): Promise<CliResult> =>
  runMain(['doctor', ...args], { env: env(token), now: () => NOW, ...options });
const json = (result: CliResult): ReportJson => JSON.parse(result.stdout) as ReportJson;
const checksOf = (result: CliResult, tenant = 0): CheckJson[] => json(result).tenants[tenant].checks;
const notOk = (checks: CheckJson[]) => checks.filter((check) => check.status !== 'ok').map((check) => `${check.id} ${check.status}`);

/** Every flow ready, the students' licence subscribed, and (unless told otherwise) a run that completed: nothing to find. */
function makeHealthy(store: TenantStore = emu, tenantId = emu.tenantId, options: { run: boolean } = { run: true }): void {
  for (const flow of store.flows.values()) flow.readinessStatus = 'ready';
  store.subscribedSkus.push(subscribedSku(tenantId, 'Sku2', { enabled: 100, consumed: 10 }, ['SCHOOL_DATA_SYNC_P1']));
  const runs = emu.runs(tenantId);
  runs.scheduleEvery = null;
  if (options.run) runs.schedule({ startAt: new Date(NOW.getTime() - 3 * 3600_000), status: 'completed' });
}

beforeEach(() => {
  emu.clock.set(NOW);
});

describe('doctor on one tenant', () => {
  test('all is well: every check ok, exit 0, and only reads were sent', async () => {
    makeHealthy();
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json']);
    expect(result.code).toBe(0);
    const checks = checksOf(result);
    expect(notOk(checks)).toEqual([]);
    expect(checks.map((check) => check.id)).toEqual([
      'permissions.read-flows',
      'permissions.write-flows',
      'permissions.read-runs',
      'permissions.start-runs',
      'permissions.read-role-groups',
      'flow.readiness',
      'flow.age-group',
      'flow.role-groups',
      'flow.licence-skus',
      'runs.latest',
    ]);
    expect(checks.find((check) => check.id === 'flow.licence-skus')?.reason).toBe('every licence SKU is one the tenant subscribes to (Sku1, Sku2)');
    expect(checks.find((check) => check.id === 'runs.latest')?.reason).toBe('completed at 2026-05-04T12:45:00.000Z, without errors or warnings');
    expect(json(result).summary).toEqual({ ok: 10, warnings: 0, failed: 0 });
    expect(json(result).tenants[0]).toMatchObject({ name: 'default', tenant: emu.tenantId });
    expect(emu.requests.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(emu.requests.map((request) => request.path)).toEqual(
      expect.arrayContaining(['/beta/subscribedSkus', '/beta/external/industryData/roleGroups', '/beta/external/industryData/runs']),
    );
  });

  test('text for people: a heading, a line per check, the counts; warnings alone still exit 0', async () => {
    makeHealthy();
    const flow = storedUserFlow();
    flow.readinessStatus = 'notReady';
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'text']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`"default" (${emu.tenantId})`);
    expect(lines).toContain('  ✓ read flows: IndustryData-OutboundFlow.ReadWrite.All (application)');
    expect(lines).toContain(`  ! readiness — user provisioning flow in "${SEED.setDisplayName}" (id ${SEED.userFlowId}): notReady: SDS has not finished setting it up`);
    expect(lines.find((line) => line.startsWith('      fix: wait for SDS to finish'))).toBeDefined();
    expect(lines).toContain('  9 ok, 1 warning, 0 failed');
    expect(result.stderr).toBe('');
  });

  test('each kind of problem is found, with its subject and fix; exit 14', async () => {
    // Whatever the seed's readiness: every flow ready but a class group flow that failed and an administrative unit flow not ready yet.
    for (const flow of emu.flows.values()) flow.readinessStatus = 'ready';
    (emu.flows.get(`${SEED.setId}/${SEED.classGroupFlowId}`) as Record<string, unknown>).readinessStatus = 'failed';
    (emu.flows.get(`${SEED.setId}/${SEED.adminUnitFlowId}`) as Record<string, unknown>).readinessStatus = 'notReady';
    const user = storedUserFlow();
    delete user.managementOptions.additionalOptions.studentAgeGroup;
    user.creationOptions.configurations[0].roleGroup.id = 'teachers';
    emu.runs().scheduleEvery = null;
    emu.runs().schedule({
      startAt: new Date(NOW.getTime() - 5 * 3600_000),
      status: 'failed',
      blockingError: { code: 'SourceDataUnavailable', message: 'the roster file could not be read' },
    });
    const token = fakeJwt({ tid: emu.tenantId, upn: 'admin@contoso.edu', scp: 'IndustryData-OutboundFlow.Read.All IndustryData-ReferenceDefinition.Read.All' });
    const result = await doctor(token, ['-o', 'json']);
    expect(result.code).toBe(14);
    const checks = checksOf(result);
    const find = (id: string, status: string, subject?: string) =>
      checks.find((check) => check.id === id && check.status === status && (subject === undefined || check.subject?.includes(subject)));

    // The token: reading flows is there; writing, runs and starting are warnings.
    expect(find('permissions.read-flows', 'ok')).toBeDefined();
    for (const id of ['permissions.write-flows', 'permissions.read-runs', 'permissions.start-runs']) expect(find(id, 'warn')?.fix).toContain('edu-flow login --scopes');
    expect(find('flow.readiness', 'fail', SEED.classGroupFlowId)?.reason).toBe('failed: SDS could not set it up, so it is not applied');
    expect(find('flow.readiness', 'warn', SEED.adminUnitFlowId)?.reason).toBe('notReady: SDS has not finished setting it up');
    expect(checks.filter((check) => check.id === 'flow.readiness')).toHaveLength(2);
    expect(find('flow.age-group', 'warn', SEED.userFlowId)?.reason).toBe("no age-group setting: students' ageGroup is not set");
    const bind = find('flow.role-groups', 'fail', SEED.userFlowId);
    expect(bind?.reason).toContain('it binds role group "teachers", which the tenant does not have (it has: staff, students)');
    expect(bind?.subject).toBe(`user provisioning flow in "${SEED.setDisplayName}" (id ${SEED.userFlowId})`);
    // The seeded students' configuration assigns Sku2, which the tenant does not hold.
    expect(find('flow.licence-skus', 'fail', SEED.userFlowId)?.reason).toContain('licence SKU "Sku2" is not one the tenant subscribes to');
    const run = find('runs.latest', 'fail');
    expect(run?.reason).toBe('failed at 2026-05-04T10:45:00.000Z: SourceDataUnavailable: the roster file could not be read');
    expect(run?.fix).toContain('edu-flow runs get');
    expect(json(result).summary.failed).toBe(4);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { exitCode: 14, message: '4 checks failed' } });
    expectNoSecrets(result, [token]);
  });

  test('a token without a flow permission fails that check (the reads still go on); markAllStudentsAsMinors is found in a live flow', async () => {
    makeHealthy();
    const user = storedUserFlow();
    user.managementOptions.additionalOptions.markAllStudentsAsMinors = true;
    const result = await doctor(appToken(['IndustryData-Run.Read.All', 'Organization.Read.All']), ['-o', 'json']);
    expect(result.code).toBe(14);
    const checks = checksOf(result);
    const read = checks.find((check) => check.id === 'permissions.read-flows');
    expect(read).toMatchObject({ status: 'fail' });
    expect(read?.fix).toContain('Application permissions → IndustryData-OutboundFlow.Read.All → Grant admin consent');
    expect(checks.find((check) => check.id === 'flow.age-group')?.reason).toContain('markAllStudentsAsMinors (true), which is deprecated: it stopped returning data on 2025-10-15');
  });

  test('an opaque token: one "cannot tell" warning for the permissions; the reads still decide', async () => {
    makeHealthy();
    const result = await doctor('an-opaque-access-token-0123456789', ['-o', 'json']);
    expect(result.code).toBe(0);
    expect(notOk(checksOf(result))).toEqual(['permissions.token warn']);
    expect(checksOf(result)[0].reason).toBe('cannot tell: the token does not say (it is not a JWT)');
  });

  test('no run yet (only one still ahead): a warning, exit 0', async () => {
    makeHealthy(emu, emu.tenantId, { run: false });
    emu.runs().schedule({ startAt: new Date(NOW.getTime() + 3600_000) });
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json']);
    expect(result.code).toBe(0);
    expect(notOk(checksOf(result))).toEqual(['runs.latest warn']);
    expect(checksOf(result).find((check) => check.id === 'runs.latest')?.reason).toBe('no run yet: SDS has not applied the flows');
  });

  test('a run going on: ok, since when', async () => {
    makeHealthy(emu, emu.tenantId, { run: false });
    emu.runs().schedule({ startAt: new Date(NOW.getTime() - 20 * 60_000) });
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json']);
    expect(result.code).toBe(0);
    expect(checksOf(result).find((check) => check.id === 'runs.latest')?.reason).toBe('running since 2026-05-04T14:40:00.000Z (20 min)');
  });
});

describe('reads the token may not make are skipped; other failed reads fail their check only', () => {
  test('403 on role groups, subscribedSkus and runs: three warnings saying why, exit 0', async () => {
    makeHealthy();
    emu.roleGroupsForbidden = true;
    emu.subscribedSkusForbidden = true;
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json'], { http: await forbidding('/external/industryData/runs') });
    expect(result.code).toBe(0);
    const checks = checksOf(result);
    expect(notOk(checks)).toEqual(['flow.role-groups warn', 'flow.licence-skus warn', 'runs.latest warn']);
    expect(checks.find((check) => check.id === 'flow.role-groups')?.reason).toContain('skipped: the token may not read the role groups (403');
    expect(checks.find((check) => check.id === 'flow.licence-skus')?.reason).toBe('skipped: the token may not read subscribedSkus (Organization.Read.All)');
    expect(checks.find((check) => check.id === 'runs.latest')?.reason).toContain('skipped: the token may not read runs (403: IndustryData-Run.Read.All');
  });

  test('a 5xx on subscribedSkus (after the retries) fails that check with the message; the rest still run', async () => {
    makeHealthy();
    const unavailable = { graphError: { status: 503, code: 'serviceUnavailable', message: 'the directory is busy' } };
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json', '--retries', '0'], { http: await failing('/subscribedSkus', unavailable.graphError) });
    expect(result.code).toBe(14);
    const checks = checksOf(result);
    expect(notOk(checks)).toEqual(['flow.licence-skus fail']);
    expect(checks.find((check) => check.id === 'flow.licence-skus')?.reason).toBe('could not read subscribedSkus: the directory is busy');
    expect(checks.find((check) => check.id === 'runs.latest')?.status).toBe('ok');
  });

  test('the flows cannot be read (connection reset every time): the four flow checks fail, the runs are still checked', async () => {
    makeHealthy();
    const result = await doctor(appToken(ALL_ROLES), ['-o', 'json', '--retries', '0'], { http: await failing('/external/industryData/outboundProvisioningFlowSets', undefined) });
    expect(result.code).toBe(14);
    const checks = checksOf(result);
    expect(notOk(checks)).toEqual(['flow.readiness fail', 'flow.age-group fail', 'flow.role-groups fail', 'flow.licence-skus fail']);
    expect(checks.find((check) => check.id === 'flow.readiness')?.reason).toMatch(/^could not read the flow sets and flows: .+ closed the connection$/);
  });
});

describe('doctor --fleet', () => {
  const CLIENT_ID = '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
  const SECRET = 'doctor-App~Secret.2026';
  const NORTH = 'north.edu-flow.test';
  const SOUTH = '3c8d0e2f-4a5b-4c6d-9e7f-8091a2b3c4d5';
  let fleetFile: string;

  beforeEach(() => {
    emu.entra.registerApp({ clientId: CLIENT_ID, displayName: 'Partner SDS doctor', secret: SECRET, roles: ALL_ROLES });
    for (const tenant of [NORTH, SOUTH]) makeHealthy(emu.tenant(tenant), tenantIdOf(tenant));
    const south = emu.tenant(SOUTH);
    const ids = seedIdsFor(SOUTH);
    (south.flows.get(`${ids.setId}/${ids.securityGroupFlowId}`) as Record<string, unknown>).readinessStatus = 'expired';
    const dir = makeTempDir();
    fleetFile = path.join(dir, 'fleet.json');
    writeFileSync(
      fleetFile,
      JSON.stringify({
        tenants: [
          { name: 'north', tenant: NORTH, tags: ['pilot'] },
          { name: 'south', tenant: SOUTH },
          // A profile nobody signed in to: that tenant cannot be reached at all.
          { name: 'west', tenant: 'west.edu-flow.test', profile: 'west' },
        ],
      }),
    );
  });

  const fleet = (args: string[]): Promise<CliResult> =>
    runMain(['doctor', '--fleet', fleetFile, ...args], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_AUTHORITY_HOST: emu.origin, AZURE_CLIENT_ID: CLIENT_ID, AZURE_CLIENT_SECRET: SECRET },
      now: () => NOW,
    });

  test('every tenant with its own token and data; one unreachable tenant fails only its own check; JSON; exit 14', async () => {
    const result = await fleet(['-o', 'json', '--concurrency', '2']);
    expect(result.code).toBe(14);
    const report = json(result);
    expect(report.tenants.map((tenant) => [tenant.name, tenant.tenant])).toEqual([
      ['north', NORTH],
      ['south', SOUTH],
      ['west', 'west.edu-flow.test'],
    ]);
    expect(notOk(report.tenants[0].checks)).toEqual([]);
    expect(notOk(report.tenants[1].checks)).toEqual(['flow.readiness fail']);
    expect(report.tenants[1].checks.find((check) => check.id === 'flow.readiness')?.subject).toContain(seedIdsFor(SOUTH).securityGroupFlowId);
    expect(report.tenants[2].checks).toHaveLength(1);
    expect(report.tenants[2].checks[0]).toMatchObject({ id: 'tenant.reachable', status: 'fail' });
    expect(report.summary).toEqual({ ok: 19, warnings: 0, failed: 2 });
    // One app token per tenant reached, each for its own tenant.
    const tenantsSignedIn = emu.tokenRequests('client_credentials').map((request) => request.path.split('/')[1]);
    expect(tenantsSignedIn.sort()).toEqual([NORTH, SOUTH].sort());
    for (const tenant of [NORTH, SOUTH]) {
      const reads = emu.requests.filter((request) => request.tenant === tenantIdOf(tenant));
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((request) => request.method === 'GET')).toBe(true);
    }
    expectNoSecrets(result, [SECRET]);
  });

  test('--tenants picks by tag; text has a block per tenant; all well is exit 0', async () => {
    const result = await fleet(['--tenants', 'pilot', '-o', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith(`"north" (${NORTH})\n`)).toBe(true);
    expect(result.stdout).toContain('  10 ok, 0 warnings, 0 failed');
    expect(result.stdout).not.toContain('"south"');
    // A fleet's progress goes to stderr, one line per tenant's change of state.
    expect(result.stderr).toContain('north: 10 ok, 0 warnings, 0 failed');
  });

  test('a ready token cannot serve a fleet; --tenants needs --fleet (exit 2, nothing read)', async () => {
    const token = await runMain(['doctor', '--fleet', fleetFile], { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: appToken(ALL_ROLES) } });
    expect(token.code).toBe(2);
    const tenants = await doctor(appToken(ALL_ROLES), ['--tenants', 'pilot']);
    expect(tenants.code).toBe(2);
    expect(tenants.stderr).toContain('--tenants chooses tenants of a fleet');
    expect(emu.requests).toHaveLength(0);
  });
});

/**
 * The real HTTP stack, but a GET of a path under the Graph URL ending in `suffix` answers with a
 * Graph error (or, with none, a reset connection) without reaching the emulator: the emulator has
 * no switch for these.
 */
async function failing(suffix: string, error: { status: number; code: string; message: string } | undefined): Promise<Http> {
  const { createHttp } = await import('../../src/net/http.js');
  const ctx: Context = {
    io: { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false },
    env: {},
    version: '0.0.0-test',
    now: () => new Date(),
    sleep: async () => {},
    signal: new AbortController().signal,
    secrets: new SecretScrubber(),
  };
  const real = createHttp(ctx);
  return {
    proxyFor: (url) => real.proxyFor(url),
    async send(url, request) {
      if (request.method === 'GET' && new URL(url).pathname.endsWith(suffix)) {
        if (error === undefined) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
        return {
          statusCode: error.status,
          statusMessage: '',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ error: { code: error.code, message: error.message } }),
        };
      }
      return real.send(url, request);
    },
  };
}

const forbidding = (suffix: string): Promise<Http> => failing(suffix, { status: 403, code: 'accessDenied', message: 'Missing IndustryData-Run.Read.All' });
