import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromFileSystemError, UsageError } from '../errors.js';
import { checkAuthorityHost, checkGraphUrl } from './urls.js';
import { writeFileAtomic } from './files.js';

/** The settings a profile may hold; everything else stays in flags or env. */
export const PROFILE_KEYS = ['tenant', 'clientId', 'authorityHost', 'graphUrl', 'defaultSet'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type ProfileValues = Partial<Record<ProfileKey, string>>;

export interface ConfigFile {
  profiles: Record<string, ProfileValues>;
}

export const DEFAULT_PROFILE = 'default';
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant is a GUID, a verified domain (contoso.edu) or organizations/common. */
const TENANT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)*[A-Za-z0-9-]{1,63}$/;

export function configFilePath(configDir: string): string {
  return join(configDir, 'config.json');
}

export function checkProfileName(name: string, origin: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new UsageError(`${origin}: ${JSON.stringify(name)} is not a profile name`, {
      hint: 'a profile name is 1–64 characters of letters, digits, ".", "_" and "-", e.g. north-district',
    });
  }
  return name;
}

export function checkProfileKey(key: string): ProfileKey {
  const found = PROFILE_KEYS.find((k) => k === key);
  if (!found) throw new UsageError(`unknown setting ${JSON.stringify(key)}`, { hint: `settings are ${PROFILE_KEYS.join(', ')}` });
  return found;
}

/** Checks a value the way the setting will be used, so a bad value fails at `config set`, not later. */
export function checkProfileValue(key: ProfileKey, value: string, origin = `${key}`): string {
  switch (key) {
    case 'graphUrl':
      return checkGraphUrl(value, origin);
    case 'authorityHost':
      return checkAuthorityHost(value, origin);
    case 'clientId':
      if (!GUID.test(value)) throw new UsageError(`${origin} must be an application (client) id, a GUID: ${JSON.stringify(value)}`);
      return value.toLowerCase();
    case 'tenant':
      if (!TENANT.test(value)) {
        throw new UsageError(`${origin} must be a tenant id (GUID), a domain such as contoso.edu, or organizations: ${JSON.stringify(value)}`);
      }
      return value;
    case 'defaultSet':
      // A set id (a GUID) or a set's display name, compared exactly (ignoring case) when used.
      if (value === '' || value.length > 256 || /\p{Cc}/u.test(value)) {
        throw new UsageError(`${origin} must be a flow set id or display name (1–256 characters, no control characters)`);
      }
      return value;
  }
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
