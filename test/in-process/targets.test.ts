// In process: naming the set and the flow without GUIDs — --set-name, the profile's defaultSet (and
// EDU_FLOW_DEFAULT_SET), --flow-type — against the emulator over real HTTPS, wherever --set-id and
// --flow-id are accepted; unknown and ambiguous names are exit 2 with the candidates, nothing written.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let dir: string;
let configDir: string;
beforeEach(() => {
  dir = makeTempDir();
  configDir = path.join(dir, 'config');
});

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> =>
  runMain(args, {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_CONFIG_DIR: configDir, EDU_FLOW_STATE_DIR: path.join(dir, 'state'), ...env },
  });
const json = <T = Record<string, unknown>>(result: CliResult): T => JSON.parse(result.stdout) as T;
const bodyFile = (content: unknown): string => {
  const target = path.join(dir, 'body.json');
  writeFileSync(target, JSON.stringify(content));
  return target;
};
const writes = () => emu.requests.filter((r) => r.method !== 'GET');
const SETS_PATH = '/beta/external/industryData/outboundProvisioningFlowSets';
const addSet = (id: string, displayName: string) => emu.sets.set(id, { id, displayName, createdDateTime: '2026-01-01T00:00:00Z', lastModifiedDateTime: '2026-01-01T00:00:00Z' });

describe('--set-name', () => {
  test('list: the set found by its name, exact but ignoring case; the flows then read by id', async () => {
    const result = await cli(['list', '--set-name', SEED.setDisplayName.toUpperCase()]);
    expect(result.code).toBe(0);
    expect(json<unknown[]>(result)).toHaveLength(4);
    expect(emu.requestsTo('GET').map((r) => r.path.split('?')[0])).toEqual([SETS_PATH, `${SETS_PATH}/${SEED.setId}/provisioningFlows`]);
  });

  test('every page of sets is read before a name is called unknown', async () => {
    for (let i = 0; i < 4; i++) addSet(`extra-set-${i}`, `Extra ${i}`);
    addSet('last-set', 'Zeta district');
    emu.pageSize = 2;
    const result = await cli(['sets', 'get', '--set-name', 'zeta DISTRICT']);
    expect(result.code).toBe(0);
    expect(json(result).id).toBe('last-set');
  });

  test('an unknown name: exit 2, the sets listed (ids and names), nothing else read', async () => {
    const result = await cli(['get', '--set-name', 'Contoso district', '--flow-type', 'user']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set-name: no flow set is named "Contoso district"');
    expect(result.stderr).toContain(`${SEED.setId}  "${SEED.setDisplayName}"`);
    expect(result.stderr).toContain(`${SEED.emptySetId}  "${SEED.emptySetDisplayName}"`);
    expect(emu.requests.map((r) => r.path.split('?')[0])).toEqual([SETS_PATH]);
  });

  test('an ambiguous name: exit 2, each candidate id listed, nothing written', async () => {
    addSet('twin-a', 'North');
    addSet('twin-b', 'north');
    const result = await cli(['sets', 'update', '--set-name', 'NORTH', '--display-name', 'North district']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--set-name: 2 flow sets are named "NORTH"');
    expect(result.stderr).toMatch(/use --set-id with one of them:\n {2}twin-a {2}"North"\n {2}twin-b {2}"north"/);
    expect(writes()).toHaveLength(0);
  });

  test('a long list of candidates is cut at ten, pointing at `sets list`', async () => {
    for (let i = 0; i < 12; i++) addSet(`many-${i}`, `School ${i}`);
    const result = await cli(['list', '--set-name', 'nowhere']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('… and 4 more (`edu-flow sets list` shows them all)');
  });

  test('a name is matched whole, not as a prefix, and Graph data in it cannot drive the terminal', async () => {
    addSet('evil', 'Evil\u001b[2J set');
    const result = await cli(['list', '--set-name', 'Evil']);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('\u001b[2J');
    expect(result.stderr).toContain('evil  "Evil');
  });

  test('update by names: the PATCH goes to the named set and its flow of that type, passwords kept', async () => {
    const result = await cli(['update', '--set-name', SEED.setDisplayName, '--flow-type', 'user', '--student-age-group', 'adult', '--no-verify']);
    expect(result.code).toBe(0);
    const [patch] = emu.requestsTo('PATCH');
    expect(patch.path).toBe(`${SETS_PATH}/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`);
    expect(Object.keys(patch.json as object)).toEqual(['@odata.type', 'managementOptions']);
  });

  test('--verbose says what each name stood for', async () => {
    const result = await cli(['get', '--set-name', SEED.setDisplayName, '--flow-type', 'classGroup', '--verbose']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`--set-name "${SEED.setDisplayName}" is the flow set ${SEED.setId}`);
    expect(result.stderr).toContain(`--flow-type classGroup is the flow ${SEED.classGroupFlowId} of set ${SEED.setId}`);
  });
});

describe('--flow-type', () => {
  test.each([
    ['user', SEED.userFlowId],
    ['classGroup', SEED.classGroupFlowId],
    ['securityGroup', SEED.securityGroupFlowId],
    ['administrativeUnit', SEED.adminUnitFlowId],
  ])('get --flow-type %s is the set’s one flow of that type', async (kind, id) => {
    const result = await cli(['get', '--set-id', SEED.setId, '--flow-type', kind]);
    expect(result.code).toBe(0);
    expect(json(result).id).toBe(id);
  });

  test('a set without a flow of that type: exit 2 naming the types it has; a set with none says how to add one', async () => {
    expect(emu.flows.delete(`${SEED.setId}/${SEED.classGroupFlowId}`)).toBe(true);
    const missing = await cli(['get', '--set-id', SEED.setId, '--flow-type', 'classGroup']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`set ${SEED.setId} has no class group provisioning flow`);
    expect(missing.stderr).toContain('the set has flows of the types: user, securityGroup, administrativeUnit');
    const empty = await cli(['reset', '--set-id', SEED.emptySetId, '--flow-type', 'user', '--yes']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('the set has no flows; `edu-flow create --set-id');
    expect(writes()).toHaveLength(0);
  });

  test('--flow-type names the body’s type: a --set-only body needs no --type', async () => {
    const result = await cli(['diff', '--set-id', SEED.setId, '--flow-type', 'securityGroup', '-f', bodyFile({}), '--set', '/creationOptions/createBasedOnOrgPlusRoleGroup=true']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('createBasedOnOrgPlusRoleGroup');
    const gets = emu.requestsTo('GET').map((r) => r.path.split('?')[0]);
    expect(gets).toContain(`${SETS_PATH}/${SEED.setId}/provisioningFlows/${SEED.securityGroupFlowId}`);
    expect(writes()).toHaveLength(0);
  });

  test('delete --flow-type: the confirmation-free CI path deletes that flow, after a backup', async () => {
    const result = await cli(['delete', '--set-id', SEED.setId, '--flow-type', 'administrativeUnit', '--yes']);
    expect(result.code).toBe(0);
    expect(emu.requestsTo('DELETE').map((r) => r.path)).toEqual([`${SETS_PATH}/${SEED.setId}/provisioningFlows/${SEED.adminUnitFlowId}`]);
    expect(emu.flows.has(`${SEED.setId}/${SEED.adminUnitFlowId}`)).toBe(false);
    expect(emu.flows.has(`${SEED.setId}/${SEED.userFlowId}`)).toBe(true);
  });
});

describe('the default set', () => {
  test('config set defaultSet <name>: every command without --set-id or --set-name uses it', async () => {
    expect((await cli(['config', 'set', 'defaultSet', SEED.emptySetDisplayName])).code).toBe(0);
    expect((await cli(['config', 'get', 'defaultSet'])).stdout.trim()).toBe(SEED.emptySetDisplayName);
    const list = await cli(['list', '-o', 'text']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`No flows in set ${SEED.emptySetId}.`);
    // A flag still wins over the default.
    const flagged = await cli(['list', '--set-id', SEED.setId]);
    expect(json<unknown[]>(flagged)).toHaveLength(4);
    const status = await cli(['status', '-o', 'json']);
    expect(json<{ settings: Record<string, unknown> }>(status).settings.defaultSet).toEqual({ value: SEED.emptySetDisplayName, source: 'profile' });
  });

  test('a defaultSet that is a GUID is an id: no lookup of names', async () => {
    expect((await cli(['config', 'set', 'defaultSet', SEED.setId])).code).toBe(0);
    const result = await cli(['get', '--flow-type', 'user']);
    expect(result.code).toBe(0);
    expect(emu.requests.map((r) => r.path.split('?')[0])).not.toContain(SETS_PATH);
  });

  test('per profile: each profile has its own default set', async () => {
    expect((await cli(['--profile', 'north', 'config', 'set', 'defaultSet', SEED.setDisplayName])).code).toBe(0);
    expect((await cli(['--profile', 'north', 'list'])).code).toBe(0);
    const other = await cli(['list']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('--set-id or --set-name is required');
    expect(other.stderr).toContain('`edu-flow config set defaultSet <id or name>` makes one the default of profile "default"');
    expect(emu.requests.filter((r) => r.path.includes('provisioningFlows'))).toHaveLength(1);
  });

  test('EDU_FLOW_DEFAULT_SET beats the profile, and status says so', async () => {
    expect((await cli(['config', 'set', 'defaultSet', SEED.emptySetDisplayName])).code).toBe(0);
    const list = await cli(['list'], { EDU_FLOW_DEFAULT_SET: SEED.setDisplayName });
    expect(json<unknown[]>(list)).toHaveLength(4);
    const status = await cli(['status', '-o', 'text'], { EDU_FLOW_DEFAULT_SET: SEED.setDisplayName });
    expect(status.stdout).toContain(`EDU_FLOW_DEFAULT_SET overrides defaultSet = ${SEED.emptySetDisplayName} in profile "default"`);
  });

  test('a default that names no set: exit 2 saying where the name came from', async () => {
    expect((await cli(['config', 'set', 'defaultSet', 'Gone district'])).code).toBe(0);
    const result = await cli(['get', '--flow-type', 'user']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('defaultSet in profile "default": no flow set is named "Gone district"');
  });

  test('config set defaultSet refuses an empty value or control characters', async () => {
    for (const bad of ['', 'a\u001bb']) {
      const result = await cli(['config', 'set', 'defaultSet', bad]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('defaultSet must be a flow set id or display name');
    }
  });

  test('sets delete never falls back to the default set', async () => {
    expect((await cli(['config', 'set', 'defaultSet', SEED.emptySetDisplayName])).code).toBe(0);
    const result = await cli(['sets', 'delete', '--yes']);
    expect(result.code).toBe(2);
    expect(emu.requests).toHaveLength(0);
    expect(emu.sets.has(SEED.emptySetId)).toBe(true);
  });
});

describe('--dry-run looks nothing up', () => {
  test('names stay placeholders in the URL, and no request is made', async () => {
    const update = await cli(['update', '--set-name', 'North', '--flow-type', 'user', '--student-age-group', 'adult', '--dry-run']);
    expect(update.code).toBe(0);
    expect(json(update).url).toBe(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/{set "North"}/provisioningFlows/{user flow}`);
    expect(update.stderr).toContain('Set names and flow types are looked up online');
    const reset = await cli(['reset', '--set-id', SEED.setId, '--flow-type', 'classGroup', '--dry-run']);
    expect(json(reset).url).toBe(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/{classGroup flow}/reset`);
    const del = await cli(['sets', 'delete', '--set-name', 'North', '--dry-run']);
    expect(json(del).url).toBe(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/{set "North"}`);
    const create = await cli([
      'create',
      '--set-name',
      'North',
      '-f',
      bodyFile({
        '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
        creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
      }),
      '--dry-run',
    ]);
    expect(create.code).toBe(0);
    expect(json(create).url).toBe(`${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/{set "North"}/provisioningFlows`);
    expect(emu.requests).toHaveLength(0);
  });
});

describe('backups and restore --latest by flow type (offline: each flow backup records its type)', () => {
  test('delete by type, find its backup by type, restore the newest by type: the flow is back (new id)', async () => {
    const env = { EDU_FLOW_STATE_DIR: path.join(dir, 'state') };
    expect((await cli(['delete', '--set-id', SEED.setId, '--flow-type', 'securityGroup', '--yes'], env)).code).toBe(0);
    expect((await cli(['delete', '--set-id', SEED.setId, '--flow-type', 'administrativeUnit', '--yes'], env)).code).toBe(0);
    const listed = await cli(['backups', 'list', '--set-id', SEED.setId, '--flow-type', 'securityGroup'], env);
    expect(json<{ flowId: string }[]>(listed).map((b) => b.flowId)).toEqual([SEED.securityGroupFlowId]);
    const restore = await cli(['restore', '--latest', '--set-id', SEED.setId, '--flow-type', 'securityGroup', '--yes'], env);
    expect(restore.code).toBe(0);
    expect(restore.stderr).toContain(`the newest backup of a securityGroup flow in set ${SEED.setId}`);
    const [post] = emu.requestsTo('POST');
    expect((post.json as Record<string, unknown>)['@odata.type']).toBe('#microsoft.graph.industryData.securityGroupProvisioningFlow');
    // No backup of a classGroup flow: exit 2, naming what was looked for.
    const none = await cli(['restore', '--latest', '--set-id', SEED.setId, '--flow-type', 'classGroup', '--yes'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`no backup of a classGroup flow in set ${SEED.setId}`);
  });
});
