import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFileSystemError, UsageError } from '../errors.js';
import { writeFileAtomic } from './files.js';
import { PROFILE_KEYS, type ProfileValues } from './profile-keys.js';

export interface ConfigFile {
  profiles: Record<string, ProfileValues>;
}

export function configFilePath(configDir: string): string {
  return join(configDir, 'config.json');
}

/** The config file, or an empty one when it does not exist yet. A broken file is exit 2, with its path. */
export async function readConfig(configDir: string): Promise<ConfigFile> {
  const path = configFilePath(configDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    // A file-system failure (permissions, a folder in the way) is exit 9 with the OS reason.
    throw fromFileSystemError(error) ?? new UsageError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`the config file ${path} is not valid JSON`, { hint: 'fix it by hand, or delete it and set values again with `edu-flow config set`' });
  }
  const profiles = (parsed as { profiles?: unknown })?.profiles;
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    (profiles !== undefined && (profiles === null || typeof profiles !== 'object' || Array.isArray(profiles)))
  ) {
    throw new UsageError(`the config file ${path} does not have the expected shape {"profiles": {…}}`);
  }
  const clean: ConfigFile = { profiles: {} };
  for (const [name, values] of Object.entries((profiles ?? {}) as Record<string, unknown>)) {
    if (values === null || typeof values !== 'object' || Array.isArray(values)) continue;
    const kept: ProfileValues = {};
    for (const key of PROFILE_KEYS) {
      const value = (values as Record<string, unknown>)[key];
      if (typeof value === 'string') kept[key] = value;
    }
    clean.profiles[name] = kept;
  }
  return clean;
}

export async function writeConfig(configDir: string, config: ConfigFile): Promise<void> {
  await writeFileAtomic(configFilePath(configDir), `${JSON.stringify(config, null, 2)}\n`);
}
