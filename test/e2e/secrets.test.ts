// No secret in any output, end to end: every command, in every mode, with known marker secrets — none may appear in
// any output, backup or file but the token cache, in any common encoding; and every file written
// under the config and state folders is private.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, SEED, SEED_PASSWORDS, TENANT_A, type Emulator } from '../emulator/emulator.js';
import { makeTempDir, runCli, type CliResult } from '../helpers/run-cli.js';
import { spellings } from '../helpers/sign-in-env.js';

const BODY_PASSWORD = 'MarkerBodyPassword7391x';
const CLIENT_SECRET = 'MarkerClientSecret4826q';
const ENV_TOKEN_MARKER = 'MarkerEnvTokenValue5519z';
const CLIENT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

let emu: Emulator;
let root: string;
let configDir: string;
let stateDir: string;
const outputs: { args: string; result: CliResult }[] = [];

beforeAll(async () => {
  emu = await startEmulator();
  root = makeTempDir('edu-flow-secrets-');
  configDir = path.join(root, 'config');
  stateDir = path.join(root, 'state');
});
afterAll(async () => {
  await emu.close();
});

async function run(args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliResult> {
  const result = await runCli(args, {
    stdin,
    env: {
      EDU_FLOW_GRAPH_URL: emu.graphUrl,
      EDU_FLOW_AUTHORITY_HOST: emu.origin,
      EDU_FLOW_TENANT: TENANT_A,
      EDU_FLOW_CONFIG_DIR: configDir,
      EDU_FLOW_STATE_DIR: stateDir,
      ...env,
    },
  });
  outputs.push({ args: args.join(' '), result });
  return result;
}

const bodyFile = (name: string, body: unknown): string => {
  const file = path.join(root, name);
  writeFileSync(file, JSON.stringify(body));
  return file;
};
const passwordSettings = { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD };
const userBody = {
  '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
  createUnmatchedUsers: false,
  creationOptions: {
    configurations: ['students', 'staff'].map((group) => ({
      'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${group}`,
      defaultPasswordSettings: passwordSettings,
      licenseSkus: ['Sku1'],
    })),
  },
};
const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const MODES = [['--debug'], ['--verbose', '-o', 'json'], ['-o', 'text']];

function filesUnder(folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else found.push(full);
    }
  };
  walk(folder);
  return found;
}

describe('no secret anywhere', () => {
  test('every command in every mode, as a signed-in person, an app, and with an env token', async () => {
    const file = bodyFile('users.json', userBody);
    // A signed-in person: device code, cache, refreshes (short-lived tokens make every run refresh).
    emu.entra.accessTokenTtl = 60;
    expect((await run(['login', '--debug'])).code).toBe(0);
    for (const mode of MODES) {
      expect((await run(['status', ...mode])).code).toBe(0);
      expect((await run(['update', ...FLOW, '-f', file, '--force', '--verify', ...mode])).code).toBe(0);
      expect((await run(['update', ...FLOW, '-f', file, '--dry-run', ...mode])).code).toBe(0);
      expect((await run(['diff', ...FLOW, '-f', file, ...mode])).code).toBe(0);
      expect((await run(['get', ...FLOW, '--body', ...mode])).code).toBe(0);
      expect((await run(['list', '--set-id', SEED.setId, ...mode])).code).toBe(0);
      expect((await run(['validate', '-f', file, ...mode])).code).toBe(0);
      expect((await run(['migrate', '-f', file, ...mode])).code).toBe(0);
      expect((await run(['sets', 'list', ...mode])).code).toBe(0);
      expect((await run(['role-groups', 'list', ...mode])).code).toBe(0);
    }
    expect(
      (
        await run([
          'create',
          '--set-id',
          SEED.emptySetId,
          '-f',
          bodyFile('create.json', { ...userBody, managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } } }),
          '--debug',
        ])
      ).code,
    ).toBe(0);
    expect((await run(['reset', ...FLOW, '--yes', '--debug'])).code).toBe(0);
    // As code: export, plan and apply with passwords from the environment; runs and doctor.
    const folder = path.join(root, 'sds');
    expect((await run(['export', '--out', folder, '--debug'])).code).toBe(0);
    const userFile = path.join(folder, 'sets', 'contoso-district-flows', 'user.json');
    const exported = JSON.parse(readFileSync(userFile, 'utf8'));
    exported.creationOptions.configurations[0].licenseSkus = ['Sku1', 'SkuFromGit'];
    writeFileSync(userFile, JSON.stringify(exported));
    const passwords = Object.fromEntries(['STAFF', 'STUDENTS'].map((group) => [`SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_${group}`, BODY_PASSWORD]));
    const reports = [path.join(root, 'plan.md'), path.join(root, 'apply.md')];
    expect((await run(['plan', folder, '--debug', '--report', reports[0]], passwords)).code).toBe(0);
    expect((await run(['apply', folder, '--yes', '--debug', '--report', reports[1]], passwords)).code).toBe(0);
    expect((await run(['runs', 'list', '--debug'])).code).toBe(0);
    expect([0, 14]).toContain((await run(['doctor', '--debug'])).code);
    for (const file of [...filesUnder(folder), ...reports]) {
      const content = readFileSync(file, 'utf8');
      for (const secret of [BODY_PASSWORD, SEED_PASSWORDS.staff, SEED_PASSWORDS.students]) expect(content.includes(secret) ? `${file} holds a secret` : 'clean').toBe('clean');
    }
    // Errors: Graph refusing, the body invalid, a retry storm.
    emu.queue('PATCH', { graphError: { status: 400, code: 'BadRequest', message: `Invalid password ${BODY_PASSWORD}` } });
    expect((await run(['update', ...FLOW, '-f', file, '--force', '--debug', '-o', 'json'])).code).toBe(5);
    emu.queue('PATCH', { graphError: { status: 503, code: 'busy', message: 'busy', headers: { 'retry-after': '0' } } });
    expect((await run(['update', ...FLOW, '-f', file, '--force', '--verbose'])).code).toBe(0);
    const masked = bodyFile('masked.json', {
      ...userBody,
      creationOptions: { configurations: [{ ...userBody.creationOptions.configurations[0], defaultPasswordSettings: { ...passwordSettings, password: '********' } }] },
    });
    expect((await run(['update', ...FLOW, '-f', masked, '--debug'])).code).toBe(3);
    const backup = filesUnder(path.join(stateDir, 'backups'))[0];
    expect((await run(['restore', backup, '--yes', '--drop-default-passwords', '--debug'])).code).toBe(0);
    expect((await run(['delete', '--set-id', SEED.setId, '--flow-id', SEED.classGroupFlowId, '--yes', '--debug'])).code).toBe(0);
    emu.entra.revokeRefreshTokens();
    expect((await run(['status', '--debug', '-o', 'json'])).code).toBe(4);
    expect((await run(['login', '--debug'])).code).toBe(0);

    // An app with a client secret, then a wrong one.
    emu.entra.registerApp({ clientId: CLIENT_ID, secret: CLIENT_SECRET, federated: [{ issuer: emu.oidc.issuer, subject: 'ci' }] });
    const app = { AZURE_TENANT_ID: TENANT_A, AZURE_CLIENT_ID: CLIENT_ID, AZURE_CLIENT_SECRET: CLIENT_SECRET };
    expect((await run(['update', ...FLOW, '-f', file, '--force', '--debug', '--verbose'], app)).code).toBe(0);
    expect((await run(['status', '--debug'], app)).code).toBe(0);
    expect((await run(['update', ...FLOW, '-f', file, '--force', '--debug'], { ...app, AZURE_CLIENT_SECRET: `${CLIENT_SECRET}-wrong` })).code).toBe(4);
    // A federated assertion from a file.
    const assertion = emu.oidc.mint({ sub: 'ci' });
    const tokenFile = path.join(root, 'federated-token');
    writeFileSync(tokenFile, assertion);
    expect(
      (await run(['update', ...FLOW, '-f', file, '--force', '--debug'], { AZURE_TENANT_ID: TENANT_A, AZURE_CLIENT_ID: CLIENT_ID, AZURE_FEDERATED_TOKEN_FILE: tokenFile })).code,
    ).toBe(0);
    // A ready token in the environment, and Graph refusing it.
    emu.queue('PATCH', { graphError: { status: 401, code: 'InvalidAuthenticationToken', message: 'expired' } });
    expect((await run(['update', ...FLOW, '-f', file, '--force', '--debug', '-o', 'json'], { EDU_FLOW_ACCESS_TOKEN: ENV_TOKEN_MARKER })).code).toBe(4);
    expect((await run(['logout', '--all', '--debug'])).code).toBe(0);

    const secrets = [
      BODY_PASSWORD,
      // The passwords the live flow held before the writes replaced them: Graph never shows them.
      SEED_PASSWORDS.staff,
      SEED_PASSWORDS.students,
      CLIENT_SECRET,
      ENV_TOKEN_MARKER,
      assertion,
      ...emu.entra.issued.accessTokens,
      ...emu.entra.issued.refreshTokens,
      ...emu.entra.issued.idTokens,
    ];
    expect(emu.entra.issued.refreshTokens.length).toBeGreaterThan(3);
    for (const { args, result } of outputs) {
      const text = `${result.stdout}\n${result.stderr}`;
      for (const secret of secrets) {
        for (const form of spellings(secret)) {
          if (text.includes(form)) throw new Error(`a secret (${secret.slice(0, 6)}…) appeared in the output of: edu-flow ${args}`);
        }
      }
      expect(text).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m); // no stack traces, even with --debug on these paths
    }

    // Files: everything under the config and state folders is private, and only the token cache
    // may hold a token (it is where tokens live); nothing else holds any secret.
    const written = [...filesUnder(configDir), ...filesUnder(stateDir)];
    expect(written.some((f) => f.includes(`${path.sep}backups${path.sep}`))).toBe(true);
    for (const file of written) {
      expect({ file, mode: (statSync(file).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
      const isTokenCache = /token-cache[\\/][^\\/]+\.json$/.test(file) && !file.endsWith('.account.json');
      if (isTokenCache) continue;
      const content = readFileSync(file, 'utf8');
      for (const secret of secrets) for (const form of spellings(secret)) expect(content.includes(form) ? `${file} holds a secret` : 'clean').toBe('clean');
    }
    for (const folder of [configDir, stateDir, path.join(configDir, 'token-cache'), path.join(stateDir, 'backups')]) {
      expect({ folder, mode: (statSync(folder).mode & 0o777).toString(8) }).toEqual({ folder, mode: '700' });
    }
  }, 240_000);
});
