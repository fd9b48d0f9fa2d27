// In process: the role-group ids cached per profile for ten minutes, so an update that binds only
// known groups makes two requests (read the flow, PATCH) instead of three — and every way the
// cache could mislead (a new group, another tenant, another Graph, an old or damaged file) reads
// the role groups again. Against the emulator over real HTTPS.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEED } from '../emulator/emulator.js';
import { makeTempDir, type CliResult } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { ADMIN_UPN, fakeJwt, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
let state: string;
beforeEach(() => {
  state = path.join(makeTempDir(), 'state');
});

const NS = '#microsoft.graph.industryData';
const bind = (group: string) => `https://graph.microsoft.com/beta/external/industryData/roleGroups/${group}`;
const body = (groups: string[]) => ({
  '@odata.type': `${NS}.userProvisioningFlow`,
  creationOptions: {
    configurations: groups.map((group) => ({
      'roleGroup@odata.bind': bind(group),
      defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: 'Cache-Test-Pass-2027!' },
      licenseSkus: [`sku-${group}`],
    })),
  },
});
const file = (content: unknown): string => {
  const target = path.join(makeTempDir(), 'body.json');
  writeFileSync(target, JSON.stringify(content));
  return target;
};
const cachePath = (profile = 'default') => path.join(state, 'cache', `${profile}.role-groups.json`);
const roleGroupReads = () => emu.requestsTo('GET').filter((r) => r.path.split('?')[0].endsWith('/industryData/roleGroups'));
const update = (groups: string[], env: Record<string, string | undefined> = {}, now?: () => Date): Promise<CliResult> =>
  runMain(['update', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '-f', file(body(groups)), '--force', '--no-verify', '--drop-default-passwords', '--verbose'], {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: state, ...env },
    ...(now ? { now } : {}),
  });

describe('the role-group cache', () => {
  test('the second update binds only known groups: two requests, no read of the role groups; the file is private', async () => {
    expect((await update(['staff', 'students'])).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(1);
    expect(statSync(cachePath()).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(cachePath())).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(cachePath(), 'utf8'))).toMatchObject({ graphUrl: emu.graphUrl, ids: ['staff', 'students'] });
    const before = emu.requests.length;
    const second = await update(['students', 'staff']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('role groups: every bind names one the tenant had');
    expect(emu.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PATCH']);
    expect(roleGroupReads()).toHaveLength(1);
    // diff checks binds the same way, from the same cache.
    const diff = await runMain(['diff', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '-f', file(body(['staff']))], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: state },
    });
    expect(diff.code).toBe(0);
    expect(roleGroupReads()).toHaveLength(1);
  });

  test('a bind naming a group the cache does not have reads them again: a new group is seen at once', async () => {
    expect((await update(['staff'])).code).toBe(0);
    emu.roleGroups.set('guests', { id: 'guests', displayName: 'Guests', roles: [{ code: 'guest' }] });
    const result = await update(['staff', 'guests']);
    expect(result.code).toBe(0);
    expect(roleGroupReads()).toHaveLength(2);
    expect(JSON.parse(readFileSync(cachePath(), 'utf8')).ids).toContain('guests');
  });

  test('a group that exists nowhere is still refused before anything is sent, cache or not', async () => {
    expect((await update(['staff'])).code).toBe(0);
    const patches = emu.requestsTo('PATCH').length;
    const result = await update(['staf']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('role group "staf" does not exist in this tenant — did you mean "staff"?');
    expect(emu.requestsTo('PATCH')).toHaveLength(patches);
  });

  test('older than ten minutes, another tenant, another Graph URL or another profile: read again', async () => {
    const t0 = Date.parse('2026-12-03T10:00:00Z');
    expect((await update(['staff'], {}, () => new Date(t0))).code).toBe(0);
    expect((await update(['staff'], {}, () => new Date(t0 + 9 * 60_000))).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(1);
    expect((await update(['staff'], {}, () => new Date(t0 + 11 * 60_000))).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(2);
    const otherTenant = fakeJwt({ tid: 'another-tenant', upn: ADMIN_UPN, scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: 4102444800 });
    expect((await update(['staff'], { EDU_FLOW_ACCESS_TOKEN: otherTenant }, () => new Date(t0 + 11 * 60_000))).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(3);
    expect((await update(['staff'], { EDU_FLOW_GRAPH_URL: emu.graphUrl.replace('localhost', '127.0.0.1') }, () => new Date(t0 + 11 * 60_000))).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(4);
    expect((await update(['staff'], { EDU_FLOW_PROFILE: 'north' }, () => new Date(t0 + 11 * 60_000))).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(5);
    expect(existsSync(cachePath('north'))).toBe(true);
  });

  test('a damaged cache file is a miss, not an error; an unwritable cache folder costs nothing but the read', async () => {
    mkdirSync(path.dirname(cachePath()), { recursive: true, mode: 0o700 });
    writeFileSync(cachePath(), '{ not json', { mode: 0o600 });
    expect((await update(['staff'])).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(1);
    expect(JSON.parse(readFileSync(cachePath(), 'utf8')).ids).toEqual(['staff', 'students']);
    // diff writes no backup, so a state folder that cannot be made (a file in its place) only stops the cache.
    const blocked = path.join(makeTempDir(), 'state');
    writeFileSync(blocked, 'not a folder');
    const diff = await runMain(['diff', '--set-id', SEED.setId, '--flow-id', SEED.userFlowId, '-f', file(body(['staff']))], {
      env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: blocked },
    });
    expect(diff.code).toBe(0);
    expect(diff.stderr).toBe('');
    expect(readFileSync(blocked, 'utf8')).toBe('not a folder');
    expect(roleGroupReads()).toHaveLength(2);
  });

  test('role groups that cannot be read (403) are not cached: the next run tries again', async () => {
    emu.roleGroupsForbidden = true;
    const first = await update(['staff']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('the role groups could not be read (403');
    expect(existsSync(cachePath())).toBe(false);
    emu.roleGroupsForbidden = false;
    expect((await update(['staff'])).code).toBe(0);
    expect(roleGroupReads()).toHaveLength(2);
  });

  test('create uses the same cache', async () => {
    expect((await update(['staff'])).code).toBe(0);
    const created = await runMain(
      [
        'create',
        '--set-id',
        SEED.emptySetId,
        '-f',
        file({ ...body(['staff']), createUnmatchedUsers: true, managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } } }),
      ],
      {
        env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, EDU_FLOW_STATE_DIR: state },
      },
    );
    expect(created.stderr).toContain('Created');
    expect(created.code).toBe(0);
    expect(roleGroupReads()).toHaveLength(1);
  });
});
