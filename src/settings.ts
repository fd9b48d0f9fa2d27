import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from './context.js';
import { UsageError } from './errors.js';
import { PRODUCTION_GRAPH_URL } from './body/graph-names.js';

/** The defaults, used when no flag, environment variable or profile value gives one. */
export const DEFAULT_GRAPH_URL = PRODUCTION_GRAPH_URL;
export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';
export const DEFAULT_TENANT = 'organizations';
/** Microsoft Graph Command Line Tools: a public client every tenant can consent to. */
export const DEFAULT_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export type OutputFormat = 'json' | 'text';

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

/**
 * The Graph base URL, with version, without a trailing slash. https only, except http on a
 * loopback host (a local emulator); anything else could leak the bearer token: exit 2.
 */
export function checkGraphUrl(raw: string, origin: string): string {
  const url = parseUrl(raw, origin);
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new UsageError(`${origin} must be an https:// URL (http:// only for 127.0.0.1, [::1] or localhost): ${redactUrl(raw)}`, {
      hint: `the default is ${DEFAULT_GRAPH_URL}`,
    });
  }
  refuseExtras(url, raw, origin);
  return url.href.replace(/\/+$/, '');
}

/** The Entra authority host: always https (MSAL refuses anything else). */
export function checkAuthorityHost(raw: string, origin: string): string {
  const url = parseUrl(raw, origin);
  if (url.protocol !== 'https:') {
    throw new UsageError(`${origin} must be an https:// URL: ${redactUrl(raw)}`, { hint: `the default is ${DEFAULT_AUTHORITY_HOST}` });
  }
  refuseExtras(url, raw, origin);
  return url.href.replace(/\/+$/, '');
}

function parseUrl(raw: string, origin: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new UsageError(`${origin} is not a URL: ${JSON.stringify(redactUrl(raw))}`);
  }
}

function refuseExtras(url: URL, raw: string, origin: string): void {
  // raw, not url.search/url.hash: a bare "?" or "#" leaves those empty but would still break every path.
  if (url.username || url.password || raw.includes('?') || raw.includes('#')) {
    throw new UsageError(`${origin} must not carry credentials, a query or a fragment: ${redactUrl(raw)}`);
  }
}

/** A URL for a message, without the password it may carry (user:pass@host). */
export function redactUrl(raw: string): string {
  return raw.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:********@');
}

/** `-o/--output`, else EDU_FLOW_OUTPUT, else json when stdout is not a terminal. */
export function resolveOutput(flag: string | undefined, env: Env, stdoutIsTTY: boolean): { format: OutputFormat; explicit: boolean } {
  const raw = flag ?? (env.EDU_FLOW_OUTPUT || undefined);
  if (raw === undefined) return { format: stdoutIsTTY ? 'text' : 'json', explicit: false };
  const value = raw.toLowerCase();
  if (value !== 'json' && value !== 'text') {
    throw new UsageError(`--output must be json or text, not ${JSON.stringify(raw)}`);
  }
  return { format: value, explicit: true };
}

/** Config and token cache folder. */
export function configDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.EDU_FLOW_CONFIG_DIR) return env.EDU_FLOW_CONFIG_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'edu-flow');
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'edu-flow');
  return join(env.HOME || homedir(), '.config', 'edu-flow');
}

/** State folder, where backups go. */
export function stateDir(env: Env, platform: NodeJS.Platform = process.platform): string {
  if (env.EDU_FLOW_STATE_DIR) return env.EDU_FLOW_STATE_DIR;
  if (platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'edu-flow', 'state');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'edu-flow');
  return join(env.HOME || homedir(), '.local', 'state', 'edu-flow');
}

/** "1", "true", "yes" (any case) turn a boolean environment switch on. */
export function envFlag(env: Env, name: string): boolean {
  return /^(1|true|yes|on)$/i.test(env[name] ?? '');
}
