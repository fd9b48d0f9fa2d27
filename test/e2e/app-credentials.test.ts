// End-to-end: app-only sign-in for CI (the AZURE_* variables) and the permission preflight, with the real
// CLI, real MSAL (ConfidentialClientApplication) and the emulator's client-credentials grant.
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, SEED, TENANT_A, type Emulator } from '../emulator/emulator.js';
import { makeTempDir, REPO_ROOT, runCli, type CliResult } from '../helpers/run-cli.js';
import { expectNoIssuedTokens, spellings } from '../helpers/sign-in-env.js';

const CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const SECRET = 'ci-Secret~value.2026';
const CERT = path.join(REPO_ROOT, 'test/fixtures/app-cert.pem');
const OTHER_CERT = path.join(REPO_ROOT, 'test/fixtures/app-cert-other.pem');
const ENCRYPTED_CERT = path.join(REPO_ROOT, 'test/fixtures/app-cert-encrypted.pem');
const UPDATE = ['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '--student-age-group', 'adult'];

let emu: Emulator;
let dir: string;
beforeEach(async () => {
  emu = await startEmulator();
  dir = makeTempDir();
});
afterEach(async () => {
  await emu.close();
});

function ci(args: string[], credentials: Record<string, string | undefined>): Promise<CliResult> {
  return runCli(args, {
    env: {
      EDU_FLOW_AUTHORITY_HOST: emu.origin,
      EDU_FLOW_GRAPH_URL: emu.graphUrl,
      EDU_FLOW_CONFIG_DIR: path.join(dir, 'config'),
      AZURE_TENANT_ID: TENANT_A,
      AZURE_CLIENT_ID: CLIENT_ID,
      ...credentials,
    },
  });
}

/** The PATCH went out with the app token the emulator issued for this client. */
function expectAppTokenPatch(result: CliResult): void {
  expect(result.code).toBe(0);
  const patches = emu.requestsTo('PATCH');
  expect(patches).toHaveLength(1);
  const token = emu.entra.issued.accessTokens.at(-1) as string;
  expect(patches[0].headers.authorization).toBe(`Bearer ${token}`);
  expect(emu.tokenRequests('client_credentials').length).toBeGreaterThanOrEqual(1);
  expect(result.stderr).toMatch(/credential: app credentials \(/);
  expect(result.stderr).toContain(`tenant ${TENANT_A}`);
}

function expectNothingLeaked(result: CliResult, secrets: string[]): void {
  const output = `${result.stdout}\n${result.stderr}`;
  for (const secret of secrets) for (const form of spellings(secret)) expect(output).not.toContain(form);
}

describe('each kind of app credential reaches Graph with the app token', () => {
  test('a client secret', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, displayName: 'SDS pipeline', secret: SECRET });
    const result = await ci([...UPDATE, '--debug'], { AZURE_CLIENT_SECRET: SECRET });
    expectAppTokenPatch(result);
    expect(result.stderr).toContain('app SDS pipeline');
    expect(result.stderr).toContain('app credentials (client secret)');
    expect(emu.tokenRequests('client_credentials')[0].form?.scope).toBe('https://graph.microsoft.com/.default');
    expectNothingLeaked(result, [SECRET]);
    expectNoIssuedTokens(emu, result);
  });

  test('a certificate (PEM with key and certificate)', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: readFileSync(CERT, 'utf8') });
    const result = await ci([...UPDATE, '--debug'], { AZURE_CLIENT_CERTIFICATE_PATH: CERT });
    expectAppTokenPatch(result);
    const assertion = emu.tokenRequests('client_credentials')[0].form?.client_assertion as string;
    expect(assertion.split('.')).toHaveLength(3);
    expectNothingLeaked(result, [assertion]);
    // Not one line of the key's base64 appears anywhere.
    const keyLines =
      /-----BEGIN [A-Z ]*PRIVATE KEY-----([\s\S]+?)-----END/
        .exec(readFileSync(CERT, 'utf8'))?.[1]
        .split('\n')
        .filter((l) => l.length > 20) ?? [];
    expect(keyLines.length).toBeGreaterThan(5);
    for (const line of keyLines) expect(`${result.stdout}${result.stderr}`).not.toContain(line);
    expectNoIssuedTokens(emu, result);
  });

  test('an encrypted key opened with AZURE_CLIENT_CERTIFICATE_PASSWORD', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: readFileSync(CERT, 'utf8') });
    const result = await ci(UPDATE, { AZURE_CLIENT_CERTIFICATE_PATH: ENCRYPTED_CERT, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'fixture-passphrase' });
    expectAppTokenPatch(result);
    const wrong = await ci(UPDATE, { AZURE_CLIENT_CERTIFICATE_PATH: ENCRYPTED_CERT, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'nope-nope' });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain('AZURE_CLIENT_CERTIFICATE_PASSWORD');
    expectNothingLeaked(wrong, ['nope-nope', 'fixture-passphrase']);
  });

  test('a federated token file, read afresh for a second token', async () => {
    const subject = 'system:serviceaccount:sds:edu-flow';
    emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject }] });
    const file = path.join(dir, 'federated-token');
    const first = emu.oidc.mint({ sub: subject });
    const second = emu.oidc.mint({ sub: subject });
    writeFileSync(file, first);
    // The platform rotates the file between the two token requests.
    emu.entra.onClientCredentials = () => writeFileSync(file, second);
    // A 401 makes the CLI ask for a fresh token: it must read the file again.
    emu.queue('PATCH', { graphError: { status: 401, code: 'InvalidAuthenticationToken', message: 'expired' } });
    const result = await ci(UPDATE, { AZURE_FEDERATED_TOKEN_FILE: file });
    expect(result.code).toBe(0);
    const assertions = emu.tokenRequests('client_credentials').map((r) => r.form?.client_assertion);
    expect(assertions).toEqual([first, second]);
    expect(emu.requestsTo('PATCH')).toHaveLength(2);
    expect(emu.requestsTo('PATCH')[1].headers.authorization).toBe(`Bearer ${emu.entra.issued.accessTokens.at(-1)}`);
    expectNothingLeaked(result, [first, second]);
  });

  test("GitHub Actions: the job's own OIDC token, with no token file", async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject: emu.oidc.githubSubject }] });
    const result = await ci([...UPDATE, '--debug'], {
      ACTIONS_ID_TOKEN_REQUEST_URL: emu.oidc.actionsRequestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: emu.oidc.requestToken,
    });
    expectAppTokenPatch(result);
    const oidc = emu.requests.filter((r) => r.path === '/_actions/idtoken');
    expect(oidc).toHaveLength(1);
    expect(new URLSearchParams(oidc[0].query).get('audience')).toBe('api://AzureADTokenExchange');
    expect(oidc[0].headers.authorization).toBe(`Bearer ${emu.oidc.requestToken}`);
    const assertion = emu.tokenRequests('client_credentials')[0].form?.client_assertion as string;
    expectNothingLeaked(result, [emu.oidc.requestToken, assertion]);
    expectNoIssuedTokens(emu, result);
  });

  test('a tenant and client id alone fall through to the signed-in account (none here: exit 4)', async () => {
    const result = await ci(UPDATE, {});
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('not signed in');
    expect(emu.tokenRequests('client_credentials')).toHaveLength(0);
  });
});

describe('wrong credentials exit 4 with the service reason, nothing sent to Graph', () => {
  test('a wrong secret', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    const result = await ci(UPDATE, { AZURE_CLIENT_SECRET: 'not-the-secret' });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('AADSTS7000215');
    expect(result.stderr).toContain('AZURE_CLIENT_SECRET');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
    expectNothingLeaked(result, ['not-the-secret']);
  });

  test('a certificate the app does not have', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, certificatePem: readFileSync(CERT, 'utf8') });
    const result = await ci(UPDATE, { AZURE_CLIENT_CERTIFICATE_PATH: OTHER_CERT });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/AADSTS700027/);
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('a certificate file that is missing or has no key', async () => {
    const missing = await ci(UPDATE, { AZURE_CLIENT_CERTIFICATE_PATH: path.join(dir, 'nope.pem') });
    expect(missing.code).toBe(4);
    expect(missing.stderr).toContain('cannot be read');
    const certOnly = path.join(dir, 'cert-only.pem');
    writeFileSync(certOnly, readFileSync(CERT, 'utf8').replace(/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]+?-----END [A-Z ]*PRIVATE KEY-----\n?/, ''));
    const noKey = await ci(UPDATE, { AZURE_CLIENT_CERTIFICATE_PATH: certOnly });
    expect(noKey.code).toBe(4);
    expect(noKey.stderr).toContain('both the private key and the certificate');
  });

  test('a federated assertion the app does not trust', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, federated: [{ issuer: emu.oidc.issuer, subject: 'repo:contoso/sds-flows:ref:refs/heads/main' }] });
    const file = path.join(dir, 'token');
    writeFileSync(file, emu.oidc.mint({ sub: 'repo:someone-else/fork:ref:refs/heads/main' }));
    const result = await ci(UPDATE, { AZURE_FEDERATED_TOKEN_FILE: file });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('AADSTS70021');
    expect(result.stderr).toContain('federated credential');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('GitHub refuses the OIDC request (no id-token permission)', async () => {
    const result = await ci(UPDATE, { ACTIONS_ID_TOKEN_REQUEST_URL: emu.oidc.actionsRequestUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'wrong-request-token' });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('id-token: write');
    expectNothingLeaked(result, ['wrong-request-token']);
  });
});

describe('permission preflight', () => {
  test('an app token without the write permission: exit 4 before any PATCH, with how to grant it', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET, roles: ['IndustryData-OutboundFlow.Read.All'] });
    const result = await ci(UPDATE, { AZURE_CLIENT_SECRET: SECRET });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('lacks the IndustryData-OutboundFlow.ReadWrite.All permission');
    expect(result.stderr).toContain('Grant admin consent');
    expect(emu.requestsTo('PATCH')).toHaveLength(0);
  });

  test('status (a read) goes through with the same token and shows its roles', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET, roles: ['IndustryData-OutboundFlow.Read.All'] });
    const result = await ci(['status', '-o', 'json'], { AZURE_CLIENT_SECRET: SECRET });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).credential).toMatchObject({ usable: true, source: 'app credentials (client secret)', scopes: ['IndustryData-OutboundFlow.Read.All'] });
  });

  test('a 403 from Graph gets the same hint', async () => {
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: SECRET });
    emu.queue('PATCH', { graphError: { status: 403, code: 'accessDenied', message: 'Insufficient privileges to complete the operation.' } });
    const result = await ci(UPDATE, { AZURE_CLIENT_SECRET: SECRET });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('Grant admin consent');
  });
});
