import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Env } from '../context.js';

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
