import type { Env } from '../context.js';
import {
  configDir as defaultConfigDir,
  DEFAULT_AUTHORITY_HOST,
  DEFAULT_CLIENT_ID,
  DEFAULT_GRAPH_URL,
  DEFAULT_TENANT,
  pick,
  type Setting,
} from '../settings.js';
import { checkProfileName, checkProfileValue, DEFAULT_PROFILE, readConfig, type ProfileKey } from './profile-store.js';

export interface SettingFlags {
  profile?: string;
  graphUrl?: string;
  authorityHost?: string;
  tenant?: string;
  clientId?: string;
}

/** Every setting a command may need, each with where it came from. */
export interface ResolvedSettings {
  configDir: string;
  profile: Setting<string>;
  /** Whether the chosen profile exists in the config file (a missing one is simply empty). */
  profileExists: boolean;
  graphUrl: Setting<string>;
  authorityHost: Setting<string>;
  tenant: Setting<string>;
  clientId: Setting<string>;
}

const SETTINGS: { key: ProfileKey; envName: string; flag: string; fallback: string }[] = [
  { key: 'graphUrl', envName: 'EDU_FLOW_GRAPH_URL', flag: '--graph-url', fallback: DEFAULT_GRAPH_URL },
  { key: 'authorityHost', envName: 'EDU_FLOW_AUTHORITY_HOST', flag: '--authority-host', fallback: DEFAULT_AUTHORITY_HOST },
  { key: 'tenant', envName: 'EDU_FLOW_TENANT', flag: '--tenant', fallback: DEFAULT_TENANT },
  { key: 'clientId', envName: 'EDU_FLOW_CLIENT_ID', flag: '--client-id', fallback: DEFAULT_CLIENT_ID },
];

/**
 * flag > environment > profile > default, for every setting, each value checked where it came
 * from (exit 2 names the flag, the variable or the profile key).
 */
export async function resolveSettings(flags: SettingFlags, env: Env): Promise<ResolvedSettings> {
  const configDir = defaultConfigDir(env);
  const profileSetting = pick(flags.profile, env, 'EDU_FLOW_PROFILE', DEFAULT_PROFILE);
  checkProfileName(profileSetting.value, profileSetting.source === 'flag' ? '--profile' : 'EDU_FLOW_PROFILE');
  const config = await readConfig(configDir);
  const profileValues = config.profiles[profileSetting.value];

  const resolved: Partial<Record<ProfileKey, Setting<string>>> = {};
  for (const { key, envName, flag, fallback } of SETTINGS) {
    const setting = pick(flags[key], env, envName, fallback, profileValues?.[key]);
    const origin =
      setting.source === 'flag' ? flag :
      setting.source === 'env' ? envName :
      setting.source === 'profile' ? `${key} in profile "${profileSetting.value}"` : key;
    resolved[key] = { ...setting, value: checkProfileValue(key, setting.value, origin) };
  }
  return {
    configDir,
    profile: profileSetting,
    profileExists: profileValues !== undefined,
    graphUrl: resolved.graphUrl!,
    authorityHost: resolved.authorityHost!,
    tenant: resolved.tenant!,
    clientId: resolved.clientId!,
  };
}

/** "EDU_FLOW_TENANT overrides tenant = contoso.edu in profile "north"" lines for status and --verbose. */
export function overrideNotes(settings: ResolvedSettings): string[] {
  const notes: string[] = [];
  for (const { key, flag } of SETTINGS) {
    const setting = settings[key];
    if (setting.overridesProfile !== undefined) {
      const by = setting.source === 'flag' ? flag : setting.envName;
      notes.push(`${by} overrides ${key} = ${setting.overridesProfile} in profile "${settings.profile.value}"`);
    }
  }
  return notes;
}
