// In process against the multi-tenant emulator: plan and apply of one folder over a fleet of three
// districts, each with its own tenant, data, variables and app token (one multi-tenant app, real
// MSAL client credentials). Ctrl-C during a fleet apply is in e2e/fleet-interrupt.test.ts.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seedIdsFor, seedPasswordsFor, tenantIdOf, type RecordedRequest } from '../emulator/emulator.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { useEmulator } from '../helpers/use-emulator.js';
import { editJson, outcomesOf, type ReportJson } from '../helpers/estate-files.js';

const emu = useEmulator({ createTenantsOnRequest: true });
const CLIENT_ID = '5f0e7d1c-2b3a-4c5d-8e9f-0a1b2c3d4e5f';
const SECRET = 'partner-App~Secret.2026';
const NORTH = 'north.edu-flow.test';
const SOUTH = '2b7c9d1e-3f4a-4b5c-8d6e-7f8091a2b3c4';
const EAST = 'east.edu-flow.test';
const USER = 'sets/contoso-district-flows/user.json';
const SECURITY = 'sets/contoso-district-flows/securityGroup.json';

let dir: string;
let folder: string;
let fleetFile: string;
let state: string;

const app = (extra: Record<string, string | undefined> = {}) => ({
  EDU_FLOW_GRAPH_URL: emu.graphUrl,
  EDU_FLOW_AUTHORITY_HOST: emu.origin,
  EDU_FLOW_STATE_DIR: state,
  AZURE_CLIENT_ID: CLIENT_ID,
  AZURE_CLIENT_SECRET: SECRET,
  ...extra,
});
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> => runMain(args, { env: app(env) });
const json = <T = Record<string, unknown>>(result: CliResult): T => JSON.parse(result.stdout) as T;
const graphRequests = (tenant: string, method?: string): RecordedRequest[] =>
  emu.requests.filter((r) => r.tenant === tenantIdOf(tenant) && (method === undefined || r.method === method));

beforeEach(async () => {
  emu.entra.registerApp({ clientId: CLIENT_ID, displayName: 'Partner SDS pipeline', secret: SECRET });
  for (const tenant of [NORTH, SOUTH, EAST]) emu.tenant(tenant);
  dir = makeTempDir();
  state = path.join(dir, 'state');
  folder = path.join(dir, 'sds');
  // The folder comes from one district, then takes variables where the districts differ.
  const exported = await cli(['export', '--out', folder], { AZURE_TENANT_ID: NORTH });
  expect(exported.code).toBe(0);
  editJson(path.join(folder, USER), (b) => {
    b.managementOptions.additionalOptions.studentAgeGroup = { $var: 'AGE_GROUP' };
  });
  editJson(path.join(folder, SECURITY), (b) => {
    b.creationOptions.createBasedOnOrgPlusRoleGroup = true;
  });
  fleetFile = path.join(dir, 'fleet.json');
  writeFileSync(
    fleetFile,
    JSON.stringify({
      variables: { AGE_GROUP: 'minor' },
      tenants: [
        { name: 'north', tenant: NORTH, tags: ['pilot'], variables: { AGE_GROUP: 'adult' } },
        { name: 'south', tenant: SOUTH },
        { name: 'east', tenant: EAST, variables: { AGE_GROUP: 'notAdult' } },
      ],
    }),
  );
  emu.requests.length = 0;
});

describe('plan --fleet', () => {
  test('each tenant against its own data with its own variables; one report; --exit-code 8', async () => {
    const result = await cli(['plan', folder, '--fleet', fleetFile, '--exit-code', '-o', 'json']);
    expect(result.code).toBe(8);
    const report = json<ReportJson>(result);
    expect(outcomesOf(report)).toEqual({ north: 'changes', south: 'changes', east: 'changes' });
    const ageChange = (name: string) =>
      report.tenants
        .find((t) => t.name === name)
        ?.plan?.steps.flatMap((s) => s.changes)
        .find((c) => c.pointer.endsWith('studentAgeGroup'));
    expect(ageChange('north')).toMatchObject({ before: 'minor', after: 'adult' });
    expect(ageChange('south')).toBeUndefined();
    expect(ageChange('east')).toMatchObject({ before: 'minor', after: 'notAdult' });
    for (const tenant of [NORTH, SOUTH, EAST]) {
      expect(graphRequests(tenant).length).toBeGreaterThan(0);
      expect(graphRequests(tenant).every((r) => r.method === 'GET')).toBe(true);
    }
    expect(
      emu
        .tokenRequests('client_credentials')
        .map((r) => r.path.split('/')[1])
        .sort(),
    ).toEqual([NORTH, SOUTH, EAST].sort());
    // In a log (no terminal): a plain line per tenant and change of state, no escape sequences.
    for (const name of ['north', 'south', 'east']) expect(result.stderr).toContain(`${name}: planning…`);
    expect(result.stderr.includes('\u001b[')).toBe(false);
  });

  test('--tenants picks by tag or name; an unknown one is exit 2 before any request', async () => {
    const pilot = await cli(['plan', folder, '--fleet', fleetFile, '--tenants', 'pilot', '-o', 'json']);
    expect(pilot.code).toBe(0);
    expect(json<ReportJson>(pilot).tenants.map((t) => t.name)).toEqual(['north']);
    emu.requests.length = 0;
    const unknown = await cli(['plan', folder, '--fleet', fleetFile, '--tenants', 'west']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('west');
    expect(emu.requests).toHaveLength(0);
  });

  test('a variable one tenant does not define stops everything before a request (exit 3), naming the tenant', async () => {
    writeFileSync(
      fleetFile,
      JSON.stringify({
        tenants: [
          { name: 'north', tenant: NORTH, variables: { AGE_GROUP: 'adult' } },
          { name: 'south', tenant: SOUTH },
        ],
      }),
    );
    const result = await cli(['plan', folder, '--fleet', fleetFile]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('AGE_GROUP');
    expect(result.stderr).toContain('tenant south');
    expect(emu.requests).toHaveLength(0);
  });

  test('a ready token cannot serve a fleet (exit 2); nor can a fleet run without app credentials or profiles', async () => {
    const token = await cli(['plan', folder, '--fleet', fleetFile], { EDU_FLOW_ACCESS_TOKEN: 'a-token-for-one-tenant' });
    expect(token.code).toBe(2);
    expect(token.stderr).toContain('EDU_FLOW_ACCESS_TOKEN');
    const none = await cli(['plan', folder, '--fleet', fleetFile], { AZURE_CLIENT_SECRET: undefined });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('app credentials');
    expect(emu.requests).toHaveLength(0);
  });
});

describe('apply --fleet', () => {
  test('one tenant failing mid-apply: reported per tenant (exit 10); --resume finishes it without touching the others', async () => {
    // east's user flow PATCH holds; its security group PATCH is accepted but not kept, so the check after it fails.
    emu.tenant(EAST).ignoreOnPatch.add('/creationOptions/createBasedOnOrgPlusRoleGroup');
    const failed = await cli(['apply', folder, '--fleet', fleetFile, '--yes', '--continue-on-error', '-o', 'json']);
    expect(failed.code).toBe(10);
    const report = json<ReportJson>(failed);
    expect(outcomesOf(report)).toEqual({ north: 'applied', south: 'applied', east: 'failed' });
    const east = report.tenants.find((t) => t.name === 'east');
    expect(east?.applied).toHaveLength(1);
    expect(east?.error).toMatchObject({ exitCode: 7 });
    expect(east?.error?.message).toContain('does not hold what was sent');
    expect(emu.tenant(NORTH).flowValue(seedIdsFor(NORTH).setId, seedIdsFor(NORTH).userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('adult');
    expect(emu.tenant(SOUTH).flowValue(seedIdsFor(SOUTH).setId, seedIdsFor(SOUTH).securityGroupFlowId, '/creationOptions/createBasedOnOrgPlusRoleGroup')).toBe(true);
    // Passwords stayed where nothing replaced them.
    const northUser = emu.tenant(NORTH).flows.get(`${seedIdsFor(NORTH).setId}/${seedIdsFor(NORTH).userFlowId}`) as Record<string, any>;
    expect(northUser.creationOptions.configurations[0].defaultPasswordSettings.password).toBe(seedPasswordsFor(NORTH).staff);

    emu.tenant(EAST).ignoreOnPatch.clear();
    emu.requests.length = 0;
    const resumed = await cli(['apply', folder, '--fleet', fleetFile, '--yes', '--resume', '-o', 'json']);
    expect(resumed.code).toBe(0);
    expect(outcomesOf(json<ReportJson>(resumed))).toEqual({ north: 'done-earlier', south: 'done-earlier', east: 'applied' });
    expect(graphRequests(NORTH)).toHaveLength(0);
    expect(graphRequests(SOUTH)).toHaveLength(0);
    expect(graphRequests(EAST, 'PATCH')).toHaveLength(1);
    const eastIds = seedIdsFor(EAST);
    expect(emu.tenant(EAST).flowValue(eastIds.setId, eastIds.securityGroupFlowId, '/creationOptions/createBasedOnOrgPlusRoleGroup')).toBe(true);
    expect(emu.tenant(EAST).flowValue(eastIds.setId, eastIds.userFlowId, '/managementOptions/additionalOptions/studentAgeGroup')).toBe('notAdult');

    const drift = await cli(['plan', folder, '--fleet', fleetFile, '--exit-code']);
    expect(drift.code).toBe(0);
  });

  test('without --continue-on-error the first failure starts no further tenant (concurrency 1): exit 10, the rest skipped', async () => {
    emu.queueFor(NORTH, 'GET', { graphError: { status: 403, code: 'accessDenied', message: 'no consent in this tenant' } });
    const result = await cli(['apply', folder, '--fleet', fleetFile, '--yes', '--concurrency', '1', '-o', 'json']);
    const report = json<ReportJson>(result);
    expect(outcomesOf(report)).toEqual({ north: 'failed', south: 'skipped', east: 'skipped' });
    expect(result.code).toBe(11);
    expect(emu.requests.filter((r) => r.method === 'PATCH')).toHaveLength(0);
  });

  test('a Markdown report for the pull request names every tenant', async () => {
    const md = path.join(dir, 'apply.md');
    const result = await cli(['apply', folder, '--fleet', fleetFile, '--yes', '--report', md]);
    expect(result.code).toBe(0);
    const text = readFileSync(md, 'utf8');
    for (const name of ['north', 'south', 'east']) expect(text).toContain(name);
    expect(text).not.toContain(SECRET);
  });
});

describe('a fleet entry with a profile', () => {
  test("uses that profile's signed-in account (not the app), and a credential for another tenant is refused (exit 4 for that tenant)", async () => {
    const config = path.join(dir, 'config');
    const southId = tenantIdOf(SOUTH);
    const login = await runCli(['login', '--profile', 'south', '--tenant', southId], {
      env: { EDU_FLOW_AUTHORITY_HOST: emu.origin, EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_CONFIG_DIR: config },
    });
    expect(login.code).toBe(0);
    writeFileSync(
      fleetFile,
      JSON.stringify({
        variables: { AGE_GROUP: 'minor' },
        tenants: [
          { name: 'north', tenant: NORTH },
          { name: 'south', tenant: southId, profile: 'south' },
          { name: 'wrong', tenant: tenantIdOf(EAST), profile: 'south' },
        ],
      }),
    );
    emu.requests.length = 0;
    const result = await cli(['plan', folder, '--fleet', fleetFile, '--continue-on-error', '-o', 'json'], { EDU_FLOW_CONFIG_DIR: config });
    expect(result.code).toBe(10);
    const report = json<ReportJson>(result);
    expect(outcomesOf(report)).toEqual({ north: 'changes', south: 'changes', wrong: 'failed' });
    const wrong = report.tenants.find((t) => t.name === 'wrong');
    expect(wrong?.error?.exitCode).toBe(4);
    expect(wrong?.error?.message).toContain(`is for tenant ${southId}`);
    // south read its own tenant with the signed-in account's token, not an app token.
    const southReads = graphRequests(SOUTH);
    expect(southReads.length).toBeGreaterThan(0);
    const claims = (request: RecordedRequest) => JSON.parse(Buffer.from(String(request.headers.authorization).split('.')[1], 'base64url').toString('utf8'));
    for (const request of southReads) expect(claims(request)).toMatchObject({ tid: southId, upn: expect.any(String) });
    for (const request of southReads) expect(claims(request).idtyp).toBeUndefined();
    expect(graphRequests(EAST)).toHaveLength(0);
  });
});

describe('a fleet in GitHub Actions with OIDC federation (no stored secret)', () => {
  test("each tenant's token is exchanged for the job's OIDC token, one per tenant", async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject: emu.oidc.githubSubject }] });
    const result = await cli(['plan', folder, '--fleet', fleetFile, '-o', 'json'], {
      AZURE_CLIENT_SECRET: undefined,
      ACTIONS_ID_TOKEN_REQUEST_URL: emu.oidc.actionsRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc.requestToken,
    });
    expect(result.code).toBe(0);
    expect(outcomesOf(json<ReportJson>(result))).toEqual({ north: 'changes', south: 'changes', east: 'changes' });
    const exchanges = emu.tokenRequests('client_credentials');
    expect(exchanges.map((r) => r.form?.client_assertion_type)).toEqual(Array(3).fill('urn:ietf:params:oauth:client-assertion-type:jwt-bearer'));
    expect(exchanges.map((r) => r.path.split('/')[1]).sort()).toEqual([NORTH, SOUTH, EAST].sort());
    expect(`${result.stdout}${result.stderr}`).not.toContain(emu.oidc.requestToken);
  });
});

describe('throttling in a fleet', () => {
  test("a tenant's 429 is waited out as Retry-After says, and said on stderr under the tenant's name; one beyond --max-wait fails only that tenant (exit 6 in its report)", async () => {
    emu.queueFor(SOUTH, 'GET', { graphError: { status: 429, code: 'TooManyRequests', message: 'slow down', headers: { 'retry-after': '2' } } });
    const waited = await cli(['plan', folder, '--fleet', fleetFile, '-o', 'json']);
    expect(waited.code).toBe(0);
    expect(waited.stderr).toMatch(/\[south\] Graph answered 429 to GET; retrying in 2 s \(Retry-After\)/);
    expect(outcomesOf(json<ReportJson>(waited))).toEqual({ north: 'changes', south: 'changes', east: 'changes' });

    emu.queueFor(EAST, 'GET', { graphError: { status: 429, code: 'TooManyRequests', message: 'slow down', headers: { 'retry-after': '600' } } });
    const gaveUp = await cli(['plan', folder, '--fleet', fleetFile, '--continue-on-error', '-o', 'json']);
    expect(gaveUp.code).toBe(10);
    const east = json<ReportJson>(gaveUp).tenants.find((t) => t.name === 'east');
    expect(east?.outcome).toBe('failed');
    expect(east?.error?.exitCode).toBe(6);
    expect(east?.error?.message).toContain('--max-wait');
  });
});

describe('secrets in a fleet run', () => {
  test("a tenant's failure that echoes a password it was sent shows no password, in the progress lines or the report", async () => {
    const password = 'North-Staff-Secret-9!';
    editJson(path.join(folder, USER), (b) => {
      b.creationOptions.configurations[0].licenseSkus = ['Sku1', 'SkuNew'];
    });
    emu.queueFor(EAST, 'PATCH', { graphError: { status: 400, code: 'BadRequest', message: `The password ${password} does not meet the policy.` } });
    const env = { SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF: password, SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STUDENTS: 'Students-Secret-8!' };
    const result = await cli(['apply', folder, '--fleet', fleetFile, '--yes', '--continue-on-error', '-o', 'json'], env);
    expect(result.code).toBe(10);
    expect(result.stderr).toContain('east: failed:');
    expect(`${result.stdout}${result.stderr}`.includes(password)).toBe(false);
  });
});
