// In process: the whole management surface (sets, flows, role groups), main(argv, ctx)
// against the emulator over real HTTPS. (The prompts on a real terminal are in e2e/confirm-prompts.test.ts.)
import { beforeEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED, SEED_PASSWORDS } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { expectNoSecrets, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';
import { NEW_SECURITY_GROUP_FLOW, NEW_USER_FLOW } from '../helpers/new-flows.js';

const emu = useEmulator();
let dir: string;
beforeEach(async () => {
  dir = makeTempDir();
});

const cli = (args: string[], options: { stdin?: string; env?: Record<string, string | undefined> } = {}): Promise<CliResult> =>
  runMain(args, { stdin: options.stdin, env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, ...options.env } });
const file = (content: unknown, name = 'body.json'): string => {
  const target = path.join(dir, name);
  writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return target;
};
const FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
const json = <T = Record<string, unknown>>(result: CliResult): T => JSON.parse(result.stdout) as T;
const hasAnnotation = (text: string): boolean => /@odata\.(context|nextLink|etag|id)/.test(text);

describe('get', () => {
  test('JSON: the object as received, annotations dropped, @odata.type kept, passwords masked', async () => {
    const result = await cli(['get', ...FLOW]);
    expect(result.code).toBe(0);
    const flow = json(result);
    expect(flow['@odata.type']).toBe('#microsoft.graph.industryData.userProvisioningFlow');
    expect(flow.id).toBe(SEED.userFlowId);
    expect(hasAnnotation(result.stdout)).toBe(false);
    expect(result.stdout).toContain('"roleGroup"');
    expect(result.stdout).not.toMatch(/"password": "(?!\*+")/);
    expect(emu.requestsTo('GET')[0].path).toBe(`/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`);
  });

  test('text: a readable tree with the type and readiness', async () => {
    const result = await cli(['get', ...FLOW, '-o', 'text']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^user provisioning flow dbd36d16-/);
    expect(result.stdout).toContain('readinessStatus: ');
    expect(result.stdout).toContain('studentAgeGroup: ');
    expect(() => JSON.parse(result.stdout)).toThrow();
  });

  test('a missing flow: exit 5 with the Graph error', async () => {
    const result = await cli(['get', '--set-id', SEED.setId, '--flow-id', 'missing-flow']);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('404 itemNotFound');
  });

  test('get --body | update -f - round-trips, with roleGroup back to its bind and masked passwords left out', async () => {
    const body = await cli(['get', ...FLOW, '--body']);
    expect(body.code).toBe(0);
    expect(body.stderr).toContain('defaultPasswordSettings: left out');
    const text = body.stdout;
    expect(text).not.toContain('"id"');
    expect(text).not.toContain('readinessStatus');
    expect(text).not.toContain('createdDateTime');
    expect(text).not.toContain('"roleGroup"');
    expect(text).not.toContain('password');
    expect(hasAnnotation(text)).toBe(false);
    // The shell pipe: what get --body printed goes to update -f - unchanged (or through jq).
    const edited = JSON.stringify({ ...JSON.parse(text), createUnmatchedUsers: false });
    const update = await cli(['update', ...FLOW, '-f', '-'], { stdin: edited });
    expect(update.code).toBe(0);
    // Only the edited member is sent: the unchanged configurations (and their passwords) stay.
    expect(emu.requestsTo('PATCH').at(-1)?.json).toEqual({ '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', createUnmatchedUsers: false });
    // roleGroup went back to its bind: the unchanged list compared equal to the live one.
    expect(JSON.parse(text).creationOptions.configurations.map((c: Record<string, unknown>) => c['roleGroup@odata.bind'])).toEqual([
      `${emu.graphUrl}/external/industryData/roleGroups/staff`,
      `${emu.graphUrl}/external/industryData/roleGroups/students`,
    ]);
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings/password')).toBe(SEED_PASSWORDS.staff);
  });
});

describe('list and paging', () => {
  test('all flows of a set across pages, text table and JSON', async () => {
    emu.pageSize = 1; // 4 flows → 4 pages
    const result = await cli(['list', '--set-id', SEED.setId]);
    expect(result.code).toBe(0);
    const flows = json<Record<string, unknown>[]>(result);
    expect(flows.map((f) => f.id).sort()).toEqual([SEED.userFlowId, SEED.classGroupFlowId, SEED.securityGroupFlowId, SEED.adminUnitFlowId].sort());
    expect(emu.requestsTo('GET')).toHaveLength(4);
    expect(hasAnnotation(result.stdout)).toBe(false);
    const table = await cli(['list', '--set-id', SEED.setId, '-o', 'text']);
    expect(table.stdout.split('\n')[0]).toMatch(/^TYPE\s+ID\s+READINESS\s+OPTIONS$/);
    expect(table.stdout).toContain('security group provisioning flow');
  });

  test('--type keeps one type; a bad --type is exit 2', async () => {
    const result = await cli(['list', '--set-id', SEED.setId, '--type', 'classGroup']);
    expect(json<Record<string, unknown>[]>(result).map((f) => f.id)).toEqual([SEED.classGroupFlowId]);
    expect((await cli(['list', '--set-id', SEED.setId, '--type', 'teachers'])).code).toBe(2);
  });

  test('three pages of flow sets', async () => {
    for (let i = 0; i < 3; i++) expect((await cli(['sets', 'create', '--display-name', `Extra ${i}`])).code).toBe(0);
    emu.pageSize = 2; // 5 sets → 3 pages
    const before = emu.requestsTo('GET').length;
    const result = await cli(['sets', 'list']);
    expect(result.code).toBe(0);
    expect(json<unknown[]>(result)).toHaveLength(5);
    expect(emu.requestsTo('GET').length - before).toBe(3);
  });

  test('a nextLink to another origin is refused (exit 5) and never receives the token', async () => {
    emu.pageSize = 1;
    emu.nextLinkOrigin = 'https://attacker.edu-flow.test';
    const result = await cli(['list', '--set-id', SEED.setId]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('paging link to another origin (https://attacker.edu-flow.test');
    expect(emu.requestsTo('GET')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });
});

describe('create', () => {
  const securityGroups = NEW_SECURITY_GROUP_FLOW;
  const users = NEW_USER_FLOW;

  test('a new flow in a set without one: one POST, the created flow on stdout', async () => {
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(securityGroups)]);
    expect(result.code).toBe(0);
    const posts = emu.requestsTo('POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe(`/beta/external/industryData/outboundProvisioningFlowSets/${SEED.emptySetId}/provisioningFlows`);
    expect(posts[0].json).toEqual(securityGroups);
    const created = json(result);
    expect(created).toMatchObject({ '@odata.type': securityGroups['@odata.type'], readinessStatus: 'notReady' });
    expect(emu.flowsIn(SEED.emptySetId).map((f) => f.id)).toEqual([created.id]);
    expect(result.stderr).toContain('Created the security group provisioning flow');
  });

  test('a user flow: role groups checked and the password never shown', async () => {
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(users), '--verbose', '--debug']);
    expect(result.code).toBe(0);
    expect(emu.requests.some((r) => r.path.endsWith('/roleGroups'))).toBe(true);
    expectNoSecrets(result);
  });

  test('a role group the tenant does not have: exit 3 with a hint, nothing created', async () => {
    const body = structuredClone(users);
    body.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/student';
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(body)]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('role group "student" does not exist');
    expect(result.stderr).toContain('did you mean "students"');
    expect(result.stderr).toMatch(/body\.json:\d+:\d+\s+\/creationOptions\/configurations\/0\/roleGroup@odata\.bind/);
    expect(emu.requestsTo('POST')).toHaveLength(0);
  });

  test('role groups unreadable (403): the check is skipped with a warning and never blocks', async () => {
    emu.roleGroupsForbidden = true;
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(users)]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('role-group ids were not checked');
    expect(emu.requestsTo('POST')).toHaveLength(1);
  });

  test('a second flow of a type the set has: refused before sending (exit 5)', async () => {
    const result = await cli(['create', '--set-id', SEED.setId, '-f', file(securityGroups)]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain(`already has a security group provisioning flow (${SEED.securityGroupFlowId})`);
    expect(emu.requestsTo('POST')).toHaveLength(0);
  });

  test('Graph refusing with 409 anyway (a race): exit 5', async () => {
    emu.queue('POST', { graphError: { status: 409, code: 'conflict', message: 'A provisioning flow of that type already exists.' } });
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(securityGroups)]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain('409 conflict');
  });

  test('invalid bodies: exit 3, nothing sent', async () => {
    const noOptions = await cli(['create', '--set-id', SEED.emptySetId, '-f', file({ '@odata.type': securityGroups['@odata.type'] })]);
    expect(noOptions.code).toBe(3);
    expect(noOptions.stderr).toContain('needs "creationOptions"');
    const misspelt = await cli([
      'create',
      '--set-id',
      SEED.emptySetId,
      '-f',
      file({ ...securityGroups, creationOptions: { createBasedOnroleGroup: true, createBasedOnOrgPlusRoleGroup: false } }),
    ]);
    expect(misspelt.code).toBe(3);
    expect(emu.requests).toHaveLength(0);
  });

  test('a create that times out is not sent again (it may have been applied)', async () => {
    emu.queue('POST', { status: 201, body: {}, delayMs: 5000 });
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(securityGroups), '--timeout', '0.5', '--retries', '3']);
    expect(result.code).toBe(6);
    expect(emu.requestsTo('POST')).toHaveLength(1);
  });

  test('a create throttled with Retry-After is retried (provably not processed)', async () => {
    emu.queue('POST', { graphError: { status: 429, code: 'TooManyRequests', message: 'slow down', headers: { 'retry-after': '0' } } });
    const result = await cli(['create', '--set-id', SEED.emptySetId, '-f', file(securityGroups)]);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('POST')).toHaveLength(2);
  });
});

describe('delete and reset', () => {
  test('without --yes and without a terminal: exit 2, nothing sent at all', async () => {
    for (const verb of ['delete', 'reset']) {
      const result = await cli([verb, ...FLOW]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--yes');
    }
    expect(emu.requests).toHaveLength(0);
  });

  test('delete --yes removes the flow', async () => {
    const result = await cli(['delete', ...FLOW, '--yes']);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('DELETE')).toHaveLength(1);
    expect(emu.flow(SEED.setId, SEED.userFlowId)).toBeUndefined();
    expect(json(result)).toMatchObject({ deleted: true, setId: SEED.setId, flowId: SEED.userFlowId });
  });

  test('delete of a missing flow: exit 5', async () => {
    const result = await cli(['delete', '--set-id', SEED.setId, '--flow-id', 'nope', '--yes']);
    expect(result.code).toBe(5);
    expect(emu.requestsTo('DELETE')).toHaveLength(0);
  });

  test('a DELETE retried after an unknown outcome that then finds nothing is success, with a note', async () => {
    emu.queue('DELETE', { graphError: { status: 504, code: 'gatewayTimeout', message: 'timed out' } }, { graphError: { status: 404, code: 'itemNotFound', message: 'gone' } });
    const result = await cli(['delete', ...FLOW, '--yes']);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('DELETE')).toHaveLength(2);
    expect(result.stderr).toContain('already gone');
  });

  test('reset --yes: one POST to …/reset, 202', async () => {
    const result = await cli(['reset', ...FLOW, '--yes']);
    expect(result.code).toBe(0);
    const posts = emu.requestsTo('POST');
    expect(posts).toHaveLength(1);
    expect(posts[0].path).toBe(`/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}/reset`);
    expect(posts[0].rawBody).toBe('');
    expect(emu.resets).toEqual([`${SEED.setId}/${SEED.userFlowId}`]);
    expect(json(result)).toMatchObject({ reset: true, status: 202 });
  });

  test('a reset that gets a reset connection is not sent again', async () => {
    emu.queue('POST', { drop: true });
    const result = await cli(['reset', ...FLOW, '--yes']);
    expect(result.code).toBe(6);
    expect(emu.requestsTo('POST')).toHaveLength(1);
  });
});

describe('flow sets', () => {
  test('create with --display-name and --filter-org, get, update the filter, clear it, delete', async () => {
    const created = await cli(['sets', 'create', '--display-name', 'North district', '--filter-org', 'north-high, north-middle']);
    expect(created.code).toBe(0);
    expect(emu.requestsTo('POST')[0].json).toEqual({
      '@odata.type': '#microsoft.graph.industryData.outboundProvisioningFlowSet',
      displayName: 'North district',
      filter: { '@odata.type': '#microsoft.graph.industryData.basicFilter', attribute: 'orgExternalId', in: ['north-high', 'north-middle'] },
    });
    const id = json(created).id as string;
    const got = await cli(['sets', 'get', '--set-id', id]);
    expect(json(got)).toMatchObject({ id, displayName: 'North district' });
    expect((await cli(['sets', 'update', '--set-id', id, '--filter-org', 'north-high'])).code).toBe(0);
    expect(emu.flowSet(id)?.filter?.in).toEqual(['north-high']);
    expect((await cli(['sets', 'update', '--set-id', id, '--no-filter'])).code).toBe(0);
    expect(emu.requestsTo('PATCH').at(-1)?.json).toEqual({ '@odata.type': '#microsoft.graph.industryData.outboundProvisioningFlowSet', filter: null });
    expect(emu.flowSet(id)?.filter).toBeUndefined();
    const body = await cli(['sets', 'get', '--set-id', id, '--body']);
    expect(JSON.parse(body.stdout)).toEqual({ '@odata.type': '#microsoft.graph.industryData.outboundProvisioningFlowSet', displayName: 'North district' });
    // It validates as a flow set as it is, without --type (Graph itself sends sets without @odata.type).
    const valid = await runMain(['validate', '--output', 'json'], { stdin: body.stdout });
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, type: 'flowSet' });
    expect((await cli(['sets', 'delete', '--set-id', id])).code).toBe(2);
    expect((await cli(['sets', 'delete', '--set-id', id, '--yes'])).code).toBe(0);
    expect(emu.flowSet(id)).toBeUndefined();
  });

  test('sets create needs a name; bad bodies are exit 3; list as a table', async () => {
    expect((await cli(['sets', 'create', '--filter-org', 'x'])).code).toBe(2);
    expect((await cli(['sets', 'create', '-f', file({ displayName: 'x', provisioningFlows: [] })])).code).toBe(3);
    const table = await cli(['sets', 'list', '-o', 'text']);
    expect(table.stdout).toContain(SEED.setDisplayName);
    expect(table.stdout).toContain('orgExternalId in contoso-north,contoso-south');
  });
});

describe('role groups', () => {
  test('list and get', async () => {
    const list = await cli(['role-groups', 'list']);
    expect(
      json<{ id: string }[]>(list)
        .map((g) => g.id)
        .sort(),
    ).toEqual(['staff', 'students']);
    const text = await cli(['role-groups', 'list', '-o', 'text']);
    expect(text.stdout).toMatch(/staff\s+Staff\s+29:/);
    const get = await cli(['role-groups', 'get', 'students']);
    expect(json(get)).toEqual({ id: 'students', displayName: 'Students', roles: [{ code: 'student' }] });
    expect((await cli(['role-groups', 'get', 'nobody'])).code).toBe(5);
  });

  test('without the ReferenceDefinition permission: exit 4 with the hint', async () => {
    emu.roleGroupsForbidden = true;
    const result = await cli(['role-groups', 'list']);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain('IndustryData-ReferenceDefinition.Read.All');
  });
});
