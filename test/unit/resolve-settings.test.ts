import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { overrideNotes, resolveSettings } from '../../src/config/resolve.js';
import { checkProfileName, checkProfileValue } from '../../src/config/profile-keys.js';
import { readConfig, writeConfig } from '../../src/config/profile-store.js';
import { rejected, usage } from '../helpers/expect-error.js';
import { UsageError } from '../../src/errors.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edu-flow-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const TENANT_GUID = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

async function withProfile(values: Record<string, string>, name = 'default'): Promise<void> {
  await writeConfig(dir, { profiles: { [name]: values } });
}

describe('resolveSettings: flag > env > profile > default', () => {
  test('defaults with no config file', async () => {
    const s = await resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir });
    expect(s.profile).toMatchObject({ value: 'default', source: 'default' });
    expect(s.graphUrl).toMatchObject({ value: 'https://graph.microsoft.com/beta', source: 'default' });
    expect(s.tenant).toMatchObject({ value: 'organizations', source: 'default' });
    expect(s.clientId.value).toBe('14d82eec-204b-4c2f-b7e8-296a70dab67e');
    expect(s.profileExists).toBe(false);
  });

  test('each layer wins over the next', async () => {
    await withProfile({ tenant: 'profile.example.edu', graphUrl: 'https://profile.example/beta' });
    const profileOnly = await resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir });
    expect(profileOnly.tenant).toMatchObject({ value: 'profile.example.edu', source: 'profile' });
    const envWins = await resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir, EDU_FLOW_TENANT: 'env.example.edu' });
    expect(envWins.tenant).toMatchObject({ value: 'env.example.edu', source: 'env', overridesProfile: 'profile.example.edu' });
    const flagWins = await resolveSettings({ tenant: TENANT_GUID }, { EDU_FLOW_CONFIG_DIR: dir, EDU_FLOW_TENANT: 'env.example.edu' });
    expect(flagWins.tenant).toMatchObject({ value: TENANT_GUID, source: 'flag' });
    expect(overrideNotes(envWins)).toEqual(['EDU_FLOW_TENANT overrides tenant = profile.example.edu in profile "default"']);
    expect(overrideNotes(flagWins)).toContain('--tenant overrides tenant = profile.example.edu in profile "default"');
    expect(overrideNotes(profileOnly)).toEqual([]);
  });

  test('the profile comes from --profile, else EDU_FLOW_PROFILE', async () => {
    await writeConfig(dir, { profiles: { north: { tenant: 'north.example.edu' }, south: { tenant: 'south.example.edu' } } });
    expect((await resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir, EDU_FLOW_PROFILE: 'north' })).tenant.value).toBe('north.example.edu');
    expect((await resolveSettings({ profile: 'south' }, { EDU_FLOW_CONFIG_DIR: dir, EDU_FLOW_PROFILE: 'north' })).tenant.value).toBe('south.example.edu');
  });

  test('a bad value is exit 2 naming where it came from', async () => {
    await withProfile({ graphUrl: 'http://graph.example.com/beta' });
    const fromProfile = await rejected(resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir }), UsageError, 2);
    expect(fromProfile.message).toContain('graphUrl in profile "default"');
    await withProfile({});
    const fromEnv = await rejected(resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir, EDU_FLOW_AUTHORITY_HOST: 'http://login.example' }), UsageError, 2);
    expect(fromEnv.message).toContain('EDU_FLOW_AUTHORITY_HOST');
    const fromFlag = await rejected(resolveSettings({ clientId: 'not-a-guid' }, { EDU_FLOW_CONFIG_DIR: dir }), UsageError, 2);
    expect(fromFlag.message).toContain('--client-id');
    const badProfile = await rejected(resolveSettings({ profile: '../etc' }, { EDU_FLOW_CONFIG_DIR: dir }), UsageError, 2);
    expect(badProfile.message).toContain('--profile');
  });

  test('a config file that is not JSON, or of the wrong shape, is exit 2 with its path', async () => {
    writeFileSync(join(dir, 'config.json'), '{ nope');
    const broken = await rejected(resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir }), UsageError, 2);
    expect(broken.message).toContain(join(dir, 'config.json'));
    writeFileSync(join(dir, 'config.json'), '{"profiles": []}');
    await rejected(resolveSettings({}, { EDU_FLOW_CONFIG_DIR: dir }), UsageError, 2);
  });
});

describe('the config file', () => {
  test('written atomically, 0600 in a 0700 folder, unknown keys dropped on read', async () => {
    const nested = join(dir, 'nested');
    await writeConfig(nested, { profiles: { default: { tenant: 'x.example.edu' } } });
    expect(statSync(join(nested, 'config.json')).mode & 0o777).toBe(0o600);
    expect(statSync(nested).mode & 0o777).toBe(0o700);
    writeFileSync(join(nested, 'config.json'), JSON.stringify({ profiles: { default: { tenant: 'a.example.edu', token: 'should-not-survive' } } }));
    expect(await readConfig(nested)).toEqual({ profiles: { default: { tenant: 'a.example.edu' } } });
    expect(readFileSync(join(nested, 'config.json'), 'utf8')).toContain('should-not-survive'); // reading never rewrites
  });

  test('value checks', () => {
    expect(checkProfileValue('clientId', '14D82EEC-204B-4C2F-B7E8-296A70DAB67E')).toBe('14d82eec-204b-4c2f-b7e8-296a70dab67e');
    expect(checkProfileValue('tenant', 'contoso.onmicrosoft.com')).toBe('contoso.onmicrosoft.com');
    expect(checkProfileValue('graphUrl', 'https://graph.microsoft.com/beta/')).toBe('https://graph.microsoft.com/beta');
    usage(() => checkProfileValue('tenant', 'contoso edu'));
    usage(() => checkProfileValue('clientId', 'abc'));
    usage(() => checkProfileValue('authorityHost', 'http://login.microsoftonline.com'));
    usage(() => checkProfileName('', '--profile'));
    usage(() => checkProfileName('a/b', '--profile'));
    expect(checkProfileName('north-district_2.k12', '--profile')).toBe('north-district_2.k12');
  });
});
