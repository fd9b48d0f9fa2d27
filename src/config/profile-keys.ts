import { UsageError } from '../errors.js';
import { checkAuthorityHost, checkGraphUrl } from './urls.js';

// The profile settings and their checks, apart from the config file's I/O: the command line
// checks a key or value while it is parsed, and needs nothing that reads or writes files.

/** The settings a profile may hold; everything else stays in flags or env. */
export const PROFILE_KEYS = ['tenant', 'clientId', 'authorityHost', 'graphUrl', 'defaultSet'] as const;
export type ProfileKey = (typeof PROFILE_KEYS)[number];
export type ProfileValues = Partial<Record<ProfileKey, string>>;

export const DEFAULT_PROFILE = 'default';
const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value);

/** What may name a flow set on the command line or in defaultSet: 1–256 characters, no control characters. */
export const isSetReference = (value: string): boolean => value !== '' && value.length <= 256 && !/\p{Cc}/u.test(value);
/** A tenant is a GUID, a verified domain (contoso.edu) or organizations/common. */
const TENANT = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)*[A-Za-z0-9-]{1,63}$/;

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
      if (!isSetReference(value)) throw new UsageError(`${origin} must be a flow set id or display name (1–256 characters, no control characters)`);
      return value;
  }
}
