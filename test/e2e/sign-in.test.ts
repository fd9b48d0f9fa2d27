// End-to-end sign-in: the built CLI, real MSAL over real TLS, the emulator's Entra and
// Graph endpoints. Each test has its own config folder, shared by the runs inside it.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { SEED, TENANT_A, TENANT_B } from '../emulator/emulator.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectNoIssuedTokens, signInEnv } from '../helpers/sign-in-env.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let configDir: string;
let stateDir: string;
beforeEach(async () => {
  configDir = makeTempDir('edu-flow-config-');
  stateDir = makeTempDir('edu-flow-state-');
});

// The state folder too: the spawns that bypass runCli must not leave backups in the real one.
const env = (extra: Record<string, string | undefined> = {}) => signInEnv(emu, configDir, TENANT_A, { EDU_FLOW_STATE_DIR: stateDir, ...extra });
const cli = (args: string[], extra: Record<string, string | undefined> = {}): Promise<CliResult> => runCli(args, { env: env(extra) });
const UPDATE = ['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult'];
const cachePath = (profile = 'default') => path.join(configDir, 'token-cache', `${profile}.json`);

interface Status {
  profile: string;
  credential: { usable: boolean; source?: string; account?: string; tenant?: string; scopes?: string[]; expiresOn?: string; problem?: string };
  tokenCache: { path: string; exists: boolean; fileMode?: string; folderMode?: string; protection: string };
  settings: Record<string, { value: string; source: string }>;
  overrides: string[];
}
const statusOf = (result: CliResult): Status => JSON.parse(result.stdout) as Status;

describe('the signed-in life cycle', () => {
  test('login → status → update with the cached token → logout → status exits 4', async () => {
    const login = await cli(['login']);
    expect(login.code).toBe(0);
    // The code and URL reach stderr without a terminal, so a CI log shows them.
    expect(login.stderr).toMatch(/https:\/\/microsoft\.com\/devicelogin and enter the code EDU-\w+/);
    expect(login.stderr).toContain(`Signed in as ${emu.entra.userFor(TENANT_A).upn}`);
    expect(login.stdout).not.toContain('EDU-');
    expect(statSync(cachePath()).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(cachePath())).mode & 0o777).toBe(0o700);
    expect(statSync(configDir).mode & 0o777).toBe(0o700);

    const status = await cli(['status', '--output', 'json']);
    expect(status.code).toBe(0);
    const report = statusOf(status);
    expect(report.credential).toMatchObject({ usable: true, source: 'signed-in account', account: emu.entra.userFor(TENANT_A).upn, tenant: TENANT_A });
    expect(report.credential.scopes).toEqual(expect.arrayContaining(['IndustryData-OutboundFlow.ReadWrite.All']));
    expect(Date.parse(report.credential.expiresOn ?? '')).toBeGreaterThan(Date.now());
    expect(report.tokenCache).toMatchObject({ path: cachePath(), exists: true, fileMode: '0600', folderMode: '0700' });
    expect(report.tokenCache.protection).toContain('0600');
    // login's JSON uses the same names as status's, for the same things.
    const loginReport = JSON.parse(login.stdout) as Status;
    expect(loginReport).toMatchObject({
      profile: 'default',
      credential: { usable: true, source: 'signed-in account', account: report.credential.account, tenant: report.credential.tenant },
      tokenCache: { path: report.tokenCache.path },
    });
    expect(loginReport.credential.scopes).toEqual(expect.arrayContaining(['IndustryData-OutboundFlow.ReadWrite.All']));

    const tokenRequestsBefore = emu.tokenRequests().length;
    const update = await cli(UPDATE);
    expect(update.code).toBe(0);
    const patch = emu.requestsTo('PATCH');
    expect(patch).toHaveLength(1);
    expect(patch[0].headers.authorization).toBe(`Bearer ${emu.entra.issued.accessTokens[0]}`);
    expect(emu.tokenRequests().length).toBe(tokenRequestsBefore); // cached: no refresh
    expect(emu.requests.filter((r) => r.path.endsWith('/devicecode'))).toHaveLength(1); // only login's
    expect(update.stderr).toContain(`as ${emu.entra.userFor(TENANT_A).upn}, credential: signed-in account`);
    expect(update.stderr).toContain(`tenant ${TENANT_A}`);

    const logout = await cli(['logout']);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toContain('Signed out of profile "default"');
    expect(existsSync(cachePath())).toBe(false);

    const after = await cli(['status', '--output', 'json']);
    expect(after.code).toBe(4);
    expect(statusOf(after).credential.usable).toBe(false);
    expectNoIssuedTokens(emu, login, status, update, logout, after);
  });

  test('an access token about to expire is refreshed silently, the refresh token rotates', async () => {
    emu.entra.accessTokenTtl = 60; // inside MSAL's 5-minute renewal window: every silent call refreshes
    expect((await cli(['login'])).code).toBe(0);
    const update = await cli(UPDATE);
    expect(update.code).toBe(0);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(1);
    expect(emu.requestsTo('PATCH')[0].headers.authorization).toBe(`Bearer ${emu.entra.issued.accessTokens[1]}`);
    // The rotated refresh token was written back: the next run refreshes with it, not the spent one.
    const again = await cli(UPDATE);
    expect(again.code).toBe(0);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(2);
    expect(emu.tokenRequests('refresh_token')[1].form?.refresh_token).toBe(emu.entra.issued.refreshTokens[1]);
    expectNoIssuedTokens(emu, update, again);
  });

  test('a revoked refresh token: exit 4 saying to sign in again, nothing sent to Graph', async () => {
    emu.entra.accessTokenTtl = 60;
    expect((await cli(['login'])).code).toBe(0);
    emu.entra.revokeRefreshTokens();
    const update = await cli(UPDATE);
    expect(update.code).toBe(4);
    expect(update.stderr).toContain('expired or was revoked');
    expect(update.stderr).toContain('edu-flow login');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('a 401 from Graph: one fresh token, one retry', async () => {
    expect((await cli(['login'])).code).toBe(0);
    emu.queue('PATCH', { graphError: { status: 401, code: 'InvalidAuthenticationToken', message: 'Lifetime validation failed, the token is expired.' } });
    const update = await cli(UPDATE);
    expect(update.code).toBe(0);
    const patches = emu.requestsTo('PATCH');
    expect(patches).toHaveLength(2);
    expect(emu.tokenRequests('refresh_token')).toHaveLength(1);
    expect(patches[1].headers.authorization).toBe(`Bearer ${emu.entra.issued.accessTokens[1]}`);
    expect(patches[1].headers.authorization).not.toBe(patches[0].headers.authorization);
    expectNoIssuedTokens(emu, update);
  });

  test('a 401 after the fresh token too: exit 4, no third attempt', async () => {
    expect((await cli(['login'])).code).toBe(0);
    const refused = { graphError: { status: 401, code: 'InvalidAuthenticationToken', message: 'Access token validation failure.' } };
    emu.queue('PATCH', refused, refused, refused);
    const update = await cli(UPDATE);
    expect(update.code).toBe(4);
    expect(emu.requestsTo('PATCH')).toHaveLength(2);
  });

  test('a sign-in service outage during refresh is exit 6, not 4', async () => {
    emu.entra.accessTokenTtl = 60;
    expect((await cli(['login'])).code).toBe(0);
    emu.queueEntra('token', { status: 503, body: { error: 'temporarily_unavailable', error_description: 'AADSTS90033: busy' } });
    const update = await cli(UPDATE);
    expect(update.code).toBe(6);
    expect(update.stderr).toContain('sign-in service is unavailable');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });
});

describe('status with an environment token', () => {
  test("shows the token's account, tenant and expiry, never the token; an expired one is exit 4", async () => {
    const { fakeJwt } = await import('../helpers/secrets.js');
    const valid = fakeJwt({ tid: TENANT_B, upn: 'ci@contoso.edu', scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: Math.floor(Date.now() / 1000) + 3600 });
    const ok = await cli(['status', '-o', 'json'], { EDU_FLOW_ACCESS_TOKEN: valid });
    expect(ok.code).toBe(0);
    expect(statusOf(ok).credential).toMatchObject({
      usable: true,
      source: 'environment token (EDU_FLOW_ACCESS_TOKEN)',
      account: 'ci@contoso.edu',
      tenant: TENANT_B,
      scopes: ['IndustryData-OutboundFlow.ReadWrite.All'],
    });
    expect(`${ok.stdout}${ok.stderr}`).not.toContain(valid.split('.')[1]);
    const expired = fakeJwt({ tid: TENANT_B, upn: 'ci@contoso.edu', exp: Math.floor(Date.now() / 1000) - 60 });
    const late = await cli(['status', '-o', 'json'], { EDU_FLOW_ACCESS_TOKEN: expired });
    expect(late.code).toBe(4);
    expect(statusOf(late).credential).toMatchObject({ usable: false, problem: 'the token has expired' });
  });
});

describe('sign-in failures', () => {
  test('non-interactive with no credential: exit 4 at once, no device code started', async () => {
    const update = await cli(UPDATE);
    expect(update.code).toBe(4);
    expect(update.stderr).toContain('edu-flow login');
    expect(emu.requests.filter((r) => r.path.endsWith('/devicecode'))).toHaveLength(0);
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test.each([
    ['decline', 'declined'],
    ['expire', 'expired before it was used'],
  ] as const)('a %sd device code: exit 4 with a plain explanation', async (outcome, words) => {
    emu.entra.deviceCodeOutcome = outcome;
    const login = await cli(['login']);
    expect(login.code).toBe(4);
    expect(login.stderr).toContain(words);
    expect(existsSync(cachePath()) && readFileSync(cachePath(), 'utf8').includes('RefreshToken":{"')).toBe(false);
  });

  test('the sign-in service unreachable: exit 6', async () => {
    const login = await runCli(['login'], { env: env({ EDU_FLOW_AUTHORITY_HOST: 'https://localhost:9' }) });
    expect(login.code).toBe(6);
  });

  test('a damaged token cache: exit 4 naming it; status says so; login repairs it', async () => {
    expect((await cli(['login'])).code).toBe(0);
    writeFileSync(cachePath(), '{"AccessToken": [1, 2');
    const update = await cli(UPDATE);
    expect(update.code).toBe(4);
    expect(update.stderr).toContain(`the token cache ${cachePath()} is damaged`);
    expect(update.stderr).toContain('edu-flow login');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
    const status = await cli(['status', '--output', 'json']);
    expect(status.code).toBe(4);
    expect(statusOf(status).credential.problem).toContain('damaged');
    const login = await cli(['login']);
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('set aside');
    expect(readdirSync(path.dirname(cachePath())).some((n) => n.includes('.damaged-'))).toBe(true);
    expect((await cli(['status'])).code).toBe(0);
  });
});

test('logout removes the damaged copies login set aside (they may hold tokens), and a damaged cache itself', async () => {
  expect((await cli(['login'])).code).toBe(0);
  writeFileSync(cachePath(), '{"AccessToken": [1, 2');
  expect((await cli(['login'])).stderr).toContain('set aside');
  writeFileSync(cachePath(), '{"RefreshToken": {"x": ');
  const logout = await cli(['logout']);
  expect(logout.code).toBe(0);
  expect(logout.stderr).toContain('Removed 1 damaged copy of profile "default"\'s token cache');
  const left = readdirSync(path.dirname(cachePath()));
  expect(left.filter((n) => n.includes('.damaged-') || n === path.basename(cachePath()))).toEqual([]);
  expect((await cli(['status'])).code).toBe(4);
});

describe('concurrency', () => {
  test('8 commands that all must refresh at once: all succeed, the cache stays valid', async () => {
    emu.entra.accessTokenTtl = 60; // every silent call refreshes, and refresh tokens are single-use
    expect((await cli(['login'])).code).toBe(0);
    // --force: every run PATCHes, even after another run already applied the same change.
    const runs = await Promise.all(Array.from({ length: 8 }, () => runCli([...UPDATE, '--force'], { env: env(), timeoutMs: 60_000 })));
    for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining('Updated') });
    const refreshes = emu.tokenRequests('refresh_token');
    expect(refreshes).toHaveLength(8);
    // Each refresh spent a different, fresh refresh token: none was replayed.
    expect(new Set(refreshes.map((r) => r.form?.refresh_token)).size).toBe(8);
    JSON.parse(readFileSync(cachePath(), 'utf8'));
    const after = await cli(['status', '--output', 'json']);
    expect(after.code).toBe(0);
    expect(statusOf(after).credential.usable).toBe(true);
    expectNoIssuedTokens(emu, ...runs, after);
  });
});

describe('profiles', () => {
  test('two profiles against two tenants keep separate accounts', async () => {
    emu.entra.setUser(TENANT_B, { upn: 'admin@south.example.edu' });
    const noTenantEnv = { EDU_FLOW_TENANT: undefined };
    expect((await cli(['--profile', 'north', 'config', 'set', 'tenant', TENANT_A], noTenantEnv)).code).toBe(0);
    expect((await cli(['--profile', 'south', 'config', 'set', 'tenant', TENANT_B], noTenantEnv)).code).toBe(0);
    expect((await cli(['--profile', 'north', 'login'], noTenantEnv)).code).toBe(0);
    expect((await cli(['login'], { EDU_FLOW_TENANT: undefined, EDU_FLOW_PROFILE: 'south' })).code).toBe(0);

    const north = statusOf(await cli(['--profile', 'north', 'status', '-o', 'json'], noTenantEnv));
    const south = statusOf(await cli(['--profile', 'south', 'status', '-o', 'json'], noTenantEnv));
    expect(north.credential).toMatchObject({ usable: true, tenant: TENANT_A, account: emu.entra.userFor(TENANT_A).upn });
    expect(south.credential).toMatchObject({ usable: true, tenant: TENANT_B, account: 'admin@south.example.edu' });
    expect(north.settings.tenant).toEqual({ value: TENANT_A, source: 'profile' });
    expect(north.tokenCache.path).not.toBe(south.tokenCache.path);

    const update = await cli(['--profile', 'south', ...UPDATE], noTenantEnv);
    expect(update.code).toBe(0);
    expect(update.stderr).toContain(`tenant ${TENANT_B}, as admin@south.example.edu`);
    const southToken = emu.entra.issued.accessTokens[1];
    expect(emu.requestsTo('PATCH')[0].headers.authorization).toBe(`Bearer ${southToken}`);

    // logout of one profile leaves the other signed in; --all signs out of both.
    expect((await cli(['--profile', 'north', 'logout'], noTenantEnv)).code).toBe(0);
    expect((await cli(['--profile', 'north', 'status'], noTenantEnv)).code).toBe(4);
    expect((await cli(['--profile', 'south', 'status'], noTenantEnv)).code).toBe(0);
    const all = await cli(['logout', '--all', '-o', 'json'], noTenantEnv);
    expect(all.code).toBe(0);
    expect(JSON.parse(all.stdout)).toEqual({ profiles: [{ profile: 'south', removedAccounts: 1, removedDamagedCopies: 0 }] });
    expect((await cli(['--profile', 'south', 'status'], noTenantEnv)).code).toBe(4);
  });

  test('flag > env > profile > default, and status says when env overrides the profile', async () => {
    const unset = { EDU_FLOW_TENANT: undefined };
    expect((await cli(['config', 'set', 'tenant', 'profile.example.edu'], unset)).code).toBe(0);
    const fromProfile = statusOf(await cli(['status', '-o', 'json'], unset));
    expect(fromProfile.settings.tenant).toEqual({ value: 'profile.example.edu', source: 'profile' });
    expect(fromProfile.settings.clientId.source).toBe('default');
    const fromEnv = await cli(['status', '-o', 'json'], { EDU_FLOW_TENANT: 'env.example.edu' });
    expect(statusOf(fromEnv).settings.tenant).toEqual({ value: 'env.example.edu', source: 'env EDU_FLOW_TENANT' });
    expect(statusOf(fromEnv).overrides).toEqual(['EDU_FLOW_TENANT overrides tenant = profile.example.edu in profile "default"']);
    const fromFlag = statusOf(await cli(['status', '-o', 'json', '--tenant', 'flag.example.edu'], { EDU_FLOW_TENANT: 'env.example.edu' }));
    expect(fromFlag.settings.tenant).toEqual({ value: 'flag.example.edu', source: 'flag' });
    const text = await cli(['status', '--output', 'text'], { EDU_FLOW_TENANT: 'env.example.edu' });
    expect(text.stdout).toContain('note: EDU_FLOW_TENANT overrides tenant');
    const verbose = await cli(['update', '--set-id', 'a', '--flow-id', 'b', '--student-age-group', 'adult', '--dry-run', '--verbose'], { EDU_FLOW_TENANT: 'env.example.edu' });
    expect(verbose.stderr).toContain('note: EDU_FLOW_TENANT overrides tenant');
  });

  test('config get/set/unset/list, with values checked at set', async () => {
    expect((await cli(['config', 'set', 'graphUrl', emu.graphUrl])).code).toBe(0);
    const get = await cli(['config', 'get', 'graphUrl', '-o', 'text']);
    expect(get.stdout.trim()).toBe(emu.graphUrl);
    const bad = await cli(['config', 'set', 'graphUrl', 'http://graph.example.com/beta']);
    expect(bad.code).toBe(2);
    const unknown = await cli(['config', 'set', 'password', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('tenant, clientId, authorityHost, graphUrl');
    const list = JSON.parse((await cli(['config', 'list', '-o', 'json'])).stdout) as { values: Record<string, string> };
    expect(list.values).toEqual({ graphUrl: emu.graphUrl });
    expect((await cli(['config', 'unset', 'graphUrl'])).code).toBe(0);
    expect(JSON.parse((await cli(['config', 'list', '-o', 'json'])).stdout)).toMatchObject({ values: {} });
    expect(statSync(path.join(configDir, 'config.json')).mode & 0o777).toBe(0o600);
  });
});

describe('secrets', () => {
  test('no issued token appears anywhere, even under --debug and --verbose', async () => {
    emu.entra.accessTokenTtl = 60;
    const login = await cli(['login', '--debug']);
    expect(login.code).toBe(0);
    const update = await cli([...UPDATE, '--debug', '--verbose']);
    expect(update.code).toBe(0);
    const status = await cli(['status', '--debug', '-o', 'json']);
    expect(status.code).toBe(0);
    const logout = await cli(['logout', '--debug']);
    expect(update.stderr).toContain('msal:'); // MSAL's own log did run
    expectNoIssuedTokens(emu, login, update, status, logout);
  });
});

describe('Ctrl-C', () => {
  test('while waiting for the device code to be used: exit 130, nothing signed in', async () => {
    emu.entra.deviceCodeOutcome = 'never';
    const { spawn } = await import('node:child_process');
    const { REPO_ROOT } = await import('../helpers/run-cli.js');
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/edu-flow.js'), 'login'], {
      env: { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'), NO_COLOR: '1', ...env() } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    for (let i = 0; i < 200 && emu.tokenRequests('device_code').length < 2; i++) await new Promise((r) => setTimeout(r, 50));
    expect(emu.tokenRequests('device_code').length).toBeGreaterThanOrEqual(2); // it is polling
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toContain('enter the code');
    expect(existsSync(cachePath()) && readFileSync(cachePath(), 'utf8').includes('"secret"')).toBe(false);
    expect(existsSync(`${cachePath()}.lock`)).toBe(false);
  });
});

describe('at a terminal', () => {
  // `script` gives the CLI a real pseudo-terminal for stdin, stdout and stderr.
  test.each([
    ['a sized terminal (spinner shown)', 'stty cols 100 rows 30; ', true],
    ['a terminal without a size (no spinner)', '', false],
  ])('update with no account starts a device-code sign-in inline, then sends: %s', async (_name, setup, spins) => {
    const { spawn } = await import('node:child_process');
    const { REPO_ROOT } = await import('../helpers/run-cli.js');
    const command = [process.execPath, path.join(REPO_ROOT, 'bin/edu-flow.js'), ...UPDATE].map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', `${setup}${command}`, '/dev/null'], {
      env: { PATH: process.env.PATH, TERM: 'xterm', NODE_EXTRA_CA_CERTS: path.join(REPO_ROOT, 'test/fixtures/emulator-cert.pem'), NO_COLOR: '1', ...env() } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (output += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // liveness guard
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    clearTimeout(timer);
    expect(output).toContain('enter the code');
    expect(output.includes('Waiting for you to sign in')).toBe(spins);
    expect(output.length).toBeLessThan(5000); // no runaway redrawing
    expect(code).toBe(0);
    // On a terminal, verify is on by default: the flow is read back after the PATCH.
    expect(output).toContain('Verified: the live flow holds every member sent');
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
    expect(emu.requestsTo('PATCH')[0].headers.authorization).toBe(`Bearer ${emu.entra.issued.accessTokens[0]}`);
    // The flow and the role groups are read side by side: still one sign-in, not two.
    expect(emu.requests.filter((r) => r.path.endsWith('/devicecode'))).toHaveLength(1);
    expect(existsSync(cachePath())).toBe(true); // signed in for next time
    expectNoIssuedTokens(emu, { code, signal: null, stdout: output, stderr: '' });
  });
});
