// In process: --plan, --dry-run and the write-permission preflight of create, delete, reset,
// sets create and sets update, main(argv, ctx)
// against the emulator over real HTTPS.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { BODY_PASSWORD, expectNoSecrets, fakeJwt, TENANT_ID, ADMIN_UPN, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';
import { NEW_USER_FLOW } from '../helpers/new-flows.js';

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

const READ_ONLY_TOKEN = fakeJwt({ tid: TENANT_ID, upn: ADMIN_UPN, scp: 'IndustryData-OutboundFlow.Read.All', exp: 4102444800 });
const SECRETS = [USER_TOKEN, READ_ONLY_TOKEN, BODY_PASSWORD, SEED_PASSWORDS.staff, SEED_PASSWORDS.students];
/** The mask every preview shows in place of a password. */
const MASK = '********';

const stateDir = (): string => path.join(dir, 'state');
const backups = (): string[] => (existsSync(path.join(stateDir(), 'backups')) ? readdirSync(path.join(stateDir(), 'backups')) : []);
const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: stateDir(), ...env } });
const file = (content: unknown, name = 'body.json'): string => {
  const target = path.join(dir, name);
  writeFileSync(target, JSON.stringify(content, null, 2));
  return target;
};
const json = <T = Record<string, unknown>>(result: CliResult): T => JSON.parse(result.stdout) as T;
const writes = () => emu.requests.filter((r) => r.method !== 'GET');
const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];

interface Plan {
  plan: true;
  requests: { method: string; url: string; body?: Record<string, unknown> }[];
  [key: string]: unknown;
}

const USERS = NEW_USER_FLOW;

/** The printed request is the one a following real run sends: same method, URL and body bytes (the password masked). */
function expectSameRequest(printed: Plan['requests'][number], sent: { method: string; path: string; rawBody: string }): void {
  expect(printed.method).toBe(sent.method);
  expect(printed.url).toBe(`${emu.origin}${sent.path}`);
  if (printed.body === undefined) expect(sent.rawBody).toBe('');
  else expect(JSON.stringify(printed.body)).toBe(sent.rawBody.split(BODY_PASSWORD).join(MASK));
}

describe('a token without the write permission', () => {
  test.each([
    ['delete', () => ['delete', ...FLOW, '--yes']],
    ['reset', () => ['reset', ...FLOW, '--yes']],
    ['create', () => ['create', '--set-id', SEED.emptySetId, '-f', file(USERS)]],
    ['sets update', () => ['sets', 'update', '--set-id', SEED.setId, '--display-name', 'Renamed']],
    ['sets create', () => ['sets', 'create', '--display-name', 'North']],
  ])('%s: exit 4 before any request at all (not even a GET), no backup', async (_name, args) => {
    const result = await cli(args(), { EDU_FLOW_ACCESS_TOKEN: READ_ONLY_TOKEN });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('IndustryData-OutboundFlow.ReadWrite.All');
    expect(result.stderr).toContain('nothing was sent');
    expect(emu.requests).toHaveLength(0);
    expect(backups()).toHaveLength(0);
    expectNoSecrets(result, SECRETS);
  });
});

describe('delete and reset', () => {
  test('delete --plan: the target and the exact DELETE, nothing sent, no backup, no --yes needed; then the real run sends that DELETE', async () => {
    const plan = await cli(['delete', ...FLOW, '--plan']);
    expect(plan.code).toBe(0);
    const shown = json<Plan>(plan);
    expect(shown).toMatchObject({
      plan: true,
      operation: 'delete',
      setId: SEED.setId,
      flowId: SEED.userFlowId,
      setName: SEED.setDisplayName,
      flowType: 'user provisioning flow',
      tenant: TENANT_ID,
      account: ADMIN_UPN,
    });
    expect(shown.requests).toHaveLength(1);
    expect(plan.stderr).toContain('Plan: nothing was sent.');
    expect(writes()).toHaveLength(0);
    expect(backups()).toHaveLength(0);
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toBeDefined();

    const real = await cli(['delete', ...FLOW, '--yes']);
    expect(real.code).toBe(0);
    expectSameRequest(shown.requests[0], emu.requestsTo('DELETE').at(-1)!);
    for (const result of [plan, real]) expectNoSecrets(result, SECRETS);
  });

  test('reset --plan as text names tenant, account, set and flow; the real run POSTs exactly what it showed', async () => {
    const plan = await cli(['reset', ...FLOW, '--plan', '-o', 'text']);
    expect(plan.code).toBe(0);
    for (const part of [TENANT_ID, ADMIN_UPN, SEED.setDisplayName, SEED.setId, `user provisioning flow ${SEED.userFlowId}`]) expect(plan.stdout).toContain(part);
    const url = `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}/reset`;
    expect(plan.stdout).toContain(`POST ${url}`);
    expect(writes()).toHaveLength(0);
    expect(emu.resets).toHaveLength(0);

    const jsonPlan = json<Plan>(await cli(['reset', ...FLOW, '--plan']));
    expect((await cli(['reset', ...FLOW, '--yes'])).code).toBe(0);
    expectSameRequest(jsonPlan.requests[0], emu.requestsTo('POST').at(-1)!);
    expect(emu.resets).toHaveLength(1);
  });

  test('a wrong flow id under --plan: exit 5 from the read, nothing sent', async () => {
    const result = await cli(['delete', '--set-id', SEED.setId, '--flow-id', 'nope', '--plan']);
    expect(result.code).toBe(5);
    expect(writes()).toHaveLength(0);
  });

  test('--dry-run needs no token and sends nothing; with --plan it is exit 2', async () => {
    for (const verb of ['delete', 'reset']) {
      const dry = await cli([verb, ...FLOW, '--dry-run'], { EDU_FLOW_ACCESS_TOKEN: undefined });
      expect(dry.code).toBe(0);
      const shown = json<{ method: string; url: string; headers: Record<string, string> }>(dry);
      expect(shown.method).toBe(verb === 'delete' ? 'DELETE' : 'POST');
      expect(shown.url).toBe(
        `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}${verb === 'reset' ? '/reset' : ''}`,
      );
      expect(shown.headers.Authorization).toBe(`Bearer ${MASK}`);
      expect(dry.stderr).toContain('Dry run: nothing was sent.');
      const both = await cli([verb, ...FLOW, '--dry-run', '--plan']);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain('--plan and --dry-run cannot be used together');
    }
    expect(emu.requests).toHaveLength(0);
    const badId = await cli(['delete', '--set-id', '../x', '--flow-id', SEED.userFlowId, '--dry-run']);
    expect(badId.code).toBe(2);
  });
});

describe('create', () => {
  test('--plan: the checks run, the exact POST is shown with the password masked, nothing sent; the real run sends those bytes', async () => {
    const body = file(USERS);
    const plan = await cli(['create', '--set-id', SEED.emptySetId, '-f', body, '--plan']);
    expect(plan.code).toBe(0);
    const shown = json<Plan>(plan);
    expect(shown.requests).toHaveLength(1);
    expect(JSON.stringify(shown.requests[0].body)).toContain(`"password":"${MASK}"`);
    expect(emu.requests.some((r) => r.path.endsWith('/roleGroups'))).toBe(true);
    expect(writes()).toHaveLength(0);
    expect(emu.flowsIn(SEED.emptySetId)).toHaveLength(0);

    const real = await cli(['create', '--set-id', SEED.emptySetId, '-f', body]);
    expect(real.code).toBe(0);
    const post = emu.requestsTo('POST').at(-1)!;
    expect(post.rawBody).toContain(BODY_PASSWORD);
    expectSameRequest(shown.requests[0], post);
    for (const result of [plan, real]) expectNoSecrets(result, SECRETS);
  });

  test('--plan still refuses a second flow of a type (exit 5) and a role group the tenant lacks (exit 3)', async () => {
    expect((await cli(['create', '--set-id', SEED.setId, '-f', file(USERS), '--plan'])).code).toBe(5);
    const wrong = structuredClone(USERS);
    wrong.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/student';
    expect((await cli(['create', '--set-id', SEED.emptySetId, '-f', file(wrong), '--plan'])).code).toBe(3);
    expect(writes()).toHaveLength(0);
  });

  test('--dry-run: offline, no token, the password masked (an unset $env password too); --plan with it: exit 2', async () => {
    const dry = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(USERS), '--dry-run'], { EDU_FLOW_ACCESS_TOKEN: undefined });
    expect(dry.code).toBe(0);
    const shown = json<{ method: string; url: string; body: typeof USERS }>(dry);
    expect(shown.method).toBe('POST');
    expect(shown.url).toBe(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.emptySetId}/provisioningFlows`);
    expect(shown.body.creationOptions.configurations[0].defaultPasswordSettings.password).toBe(MASK);
    expectNoSecrets(dry, SECRETS);
    const fromEnv = structuredClone(USERS) as unknown as { creationOptions: { configurations: { defaultPasswordSettings: { password: unknown } }[] } };
    fromEnv.creationOptions.configurations[0].defaultPasswordSettings.password = { $env: 'STUDENTS_PASSWORD_NOT_SET' };
    expect((await cli(['create', '--set-id', SEED.emptySetId, '-f', file(fromEnv), '--dry-run'], { EDU_FLOW_ACCESS_TOKEN: undefined })).code).toBe(0);
    expect((await cli(['create', '--set-id', SEED.emptySetId, '-f', file(USERS), '--dry-run', '--plan'])).code).toBe(2);
    expect(emu.requests).toHaveLength(0);
  });
});

describe('sets create and sets update', () => {
  test('sets update --plan shows only what changes; the real run sends exactly that PATCH, after a backup', async () => {
    const args = ['sets', 'update', '--set-id', SEED.setId, '--display-name', SEED.setDisplayName, '--filter-org', 'contoso-north'];
    const plan = await cli([...args, '--plan']);
    expect(plan.code).toBe(0);
    const shown = json<Plan>(plan);
    expect(shown.requests).toHaveLength(1);
    expect(shown.requests[0].method).toBe('PATCH');
    // The name is unchanged, so only the filter goes out.
    expect(Object.keys(shown.requests[0].body!)).toEqual(['@odata.type', 'filter']);
    expect(shown).toMatchObject({ changed: true, sent: ['filter'] });
    expect(writes()).toHaveLength(0);
    expect(backups()).toHaveLength(0);

    const real = await cli(args);
    expect(real.code).toBe(0);
    expectSameRequest(shown.requests[0], emu.requestsTo('PATCH').at(-1)!);
    expect(emu.flowSet(SEED.setId)?.filter?.in).toEqual(['contoso-north']);
    expect(backups()).toHaveLength(1);
  });

  test('sets update with nothing to change: "Nothing to change", exit 0, no PATCH, no backup; --plan says the same', async () => {
    const args = ['sets', 'update', '--set-id', SEED.setId, '--display-name', SEED.setDisplayName];
    const result = await cli(args);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('Nothing to change');
    expect(json(result)).toMatchObject({ changed: false, setId: SEED.setId });
    const plan = await cli([...args, '--plan']);
    expect(json<Plan>(plan)).toMatchObject({ plan: true, changed: false, requests: [] });
    expect(writes()).toHaveLength(0);
    expect(backups()).toHaveLength(0);
  });

  test('sets create --plan: the exact POST, nothing sent; then the real run sends it', async () => {
    const args = ['sets', 'create', '--display-name', 'North district', '--filter-org', 'north-high'];
    const plan = await cli([...args, '--plan']);
    expect(plan.code).toBe(0);
    const shown = json<Plan>(plan);
    expect(writes()).toHaveLength(0);
    expect((await cli(args)).code).toBe(0);
    expectSameRequest(shown.requests[0], emu.requestsTo('POST').at(-1)!);
  });

  test('--dry-run of both needs no token and sends nothing; with --plan: exit 2', async () => {
    const noToken = { EDU_FLOW_ACCESS_TOKEN: undefined };
    const update = await cli(['sets', 'update', '--set-id', SEED.setId, '--no-filter', '--dry-run'], noToken);
    expect(update.code).toBe(0);
    expect(json(update)).toMatchObject({ method: 'PATCH', url: `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}`, body: { filter: null } });
    expect(update.stderr).toContain('only the members that change');
    const create = await cli(['sets', 'create', '--display-name', 'North', '--dry-run'], noToken);
    expect(create.code).toBe(0);
    expect(json(create)).toMatchObject({ method: 'POST', body: { displayName: 'North' } });
    expect((await cli(['sets', 'update', '--set-id', SEED.setId, '--no-filter', '--dry-run', '--plan'])).code).toBe(2);
    expect((await cli(['sets', 'create', '--display-name', 'North', '--dry-run', '--plan'])).code).toBe(2);
    expect(emu.requests).toHaveLength(0);
  });
});
