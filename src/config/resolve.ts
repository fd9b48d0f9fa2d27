import type { Env } from '../context.js';
import { DEFAULT_AUTHORITY_HOST, DEFAULT_CLIENT_ID, DEFAULT_GRAPH_URL, DEFAULT_TENANT } from './defaults.js';
import { configDir as defaultConfigDir } from './folders.js';
import { pick, type Setting } from './precedence.js';
import { checkProfileName, checkProfileValue, DEFAULT_PROFILE, type ProfileKey } from './profile-keys.js';
import { readConfig } from './profile-store.js';

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
  /** The flow set a command uses when given neither --set-id nor --set-name; undefined when none is set. */
  defaultSet?: Setting<string>;
}

type ConnectionKey = Exclude<ProfileKey, 'defaultSet'>;
const DEFAULT_SET_ENV = 'EDU_FLOW_DEFAULT_SET';

const SETTINGS: Record<ConnectionKey, { envName: string; flag: string; fallback: string }> = {
  graphUrl: { envName: 'EDU_FLOW_GRAPH_URL', flag: '--graph-url', fallback: DEFAULT_GRAPH_URL },
  authorityHost: { envName: 'EDU_FLOW_AUTHORITY_HOST', flag: '--authority-host', fallback: DEFAULT_AUTHORITY_HOST },
  tenant: { envName: 'EDU_FLOW_TENANT', flag: '--tenant', fallback: DEFAULT_TENANT },
  clientId: { envName: 'EDU_FLOW_CLIENT_ID', flag: '--client-id', fallback: DEFAULT_CLIENT_ID },
};

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

  const resolve = (key: ConnectionKey): Setting<string> => {
    const { envName, flag, fallback } = SETTINGS[key];
    const setting = pick(flags[key], env, envName, fallback, profileValues?.[key]);
    const origin = setting.source === 'flag' ? flag : setting.source === 'env' ? envName : setting.source === 'profile' ? `${key} in profile "${profileSetting.value}"` : key;
    return { ...setting, value: checkProfileValue(key, setting.value, origin) };
  };
  return {
    configDir,
    profile: profileSetting,
    profileExists: profileValues !== undefined,
    graphUrl: resolve('graphUrl'),
    authorityHost: resolve('authorityHost'),
    tenant: resolve('tenant'),
    clientId: resolve('clientId'),
    ...defaultSetOf(env, profileSetting.value, profileValues?.defaultSet),
  };
}

/** defaultSet has no flag (--set-id and --set-name are its flags) and no fallback. */
function defaultSetOf(env: Env, profile: string, profileValue: string | undefined): { defaultSet?: Setting<string> } {
  const setting = pick(undefined, env, DEFAULT_SET_ENV, '', profileValue);
  if (setting.source === 'default') return {};
  const origin = setting.source === 'env' ? DEFAULT_SET_ENV : `defaultSet in profile "${profile}"`;
  return { defaultSet: { ...setting, value: checkProfileValue('defaultSet', setting.value, origin) } };
}

/** "EDU_FLOW_TENANT overrides tenant = contoso.edu in profile "north"" lines for status and --verbose. */
export function overrideNotes(settings: ResolvedSettings): string[] {
  const notes: string[] = [];
  for (const key of [...(Object.keys(SETTINGS) as ConnectionKey[]), 'defaultSet' as const]) {
    const setting = settings[key];
    if (setting?.overridesProfile !== undefined) {
      const by = setting.source === 'flag' && key !== 'defaultSet' ? SETTINGS[key].flag : setting.envName;
      notes.push(`${by} overrides ${key} = ${setting.overridesProfile} in profile "${settings.profile.value}"`);
    }
  }
  return notes;
}
