import type { Env } from '../context.js';

/** Where a setting's value came from, so `status` and `--verbose` can say so. */
export type SettingSource = 'flag' | 'env' | 'profile' | 'default';

export interface Setting<T> {
  value: T;
  source: SettingSource;
  /** The environment variable that supplied or could supply it. */
  envName?: string;
  /** Set when a flag or the environment hid a value the profile has (so the CLI can say so). */
  overridesProfile?: string;
}

/** flag > environment variable > profile > default. */
export function pick(flag: string | undefined, env: Env, envName: string, fallback: string, profileValue?: string): Setting<string> {
  const hidden = profileValue !== undefined ? { overridesProfile: profileValue } : {};
  if (flag !== undefined) return { value: flag, source: 'flag', envName, ...hidden };
  const fromEnv = env[envName];
  if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: 'env', envName, ...hidden };
  if (profileValue !== undefined) return { value: profileValue, source: 'profile', envName };
  return { value: fallback, source: 'default', envName };
}
