import type { Context } from '../../context.js';
import { checkProfileName, DEFAULT_PROFILE, type ProfileKey, PROFILE_KEYS } from '../../config/profile-keys.js';
import { configFilePath, readConfig, writeConfig } from '../../config/profile-store.js';
import { configDir as configDirOf } from '../../config/folders.js';
import type { Reporter } from '../../ui/reporter.js';
import { inline } from '../../ui/terminal-text.js';
import { ExitCode } from '../../errors.js';

/** What `config` does; the key (and a value to set) are checked when the command line is parsed. */
export type ConfigFlags = { profile?: string } & ({ action: 'list' } | { action: 'get' | 'unset'; key: ProfileKey } | { action: 'set'; key: ProfileKey; value: string });

/**
 * `edu-flow config get|set|unset|list` over the profile's values in config.json.
 * Values are checked at `set`, the same way they are checked when used.
 */
export async function runConfig(ctx: Context, reporter: Reporter, options: ConfigFlags): Promise<number | void> {
  const dir = configDirOf(ctx.env);
  const profile = checkProfileName(options.profile ?? (ctx.env.EDU_FLOW_PROFILE || DEFAULT_PROFILE), options.profile !== undefined ? '--profile' : 'EDU_FLOW_PROFILE');
  const config = await readConfig(dir);
  const values = config.profiles[profile] ?? {};

  switch (options.action) {
    case 'list': {
      const shown = Object.fromEntries(PROFILE_KEYS.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
      const text = [`# profile "${profile}" in ${configFilePath(dir)}`, ...Object.entries(shown).map(([k, v]) => `${k} = ${inline(String(v))}`)];
      const others = Object.keys(config.profiles).filter((p) => p !== profile);
      if (others.length) text.push(`# other profiles: ${others.join(', ')}`);
      reporter.data({ profile, values: shown, profiles: Object.keys(config.profiles).sort() }, text.join('\n'));
      return;
    }
    case 'get': {
      // As `git config`: the bare value (JSON only when --output json is asked for), exit 1 when unset.
      const { key } = options;
      const value = values[key];
      if (value === undefined) {
        reporter.failure(ExitCode.unsetSetting, `${key} is not set in profile "${profile}"`, `\`edu-flow config set ${key} <value>\` sets it`);
        return ExitCode.unsetSetting;
      }
      if (reporter.formatExplicit && reporter.format === 'json') reporter.data({ profile, key, value });
      else reporter.plain(value);
      return;
    }
    case 'set': {
      const { key, value } = options;
      config.profiles[profile] = { ...values, [key]: value };
      await writeConfig(dir, config);
      reporter.success(`${key} = ${value} in profile "${profile}"`);
      return;
    }
    case 'unset': {
      const { key } = options;
      const { [key]: removed, ...rest } = values;
      config.profiles[profile] = rest;
      await writeConfig(dir, config);
      reporter.success(removed === undefined ? `${key} was not set in profile "${profile}"` : `${key} removed from profile "${profile}"`);
      return;
    }
  }
}
