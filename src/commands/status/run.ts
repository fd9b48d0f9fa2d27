import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Context } from '../../context.js';
import { configFilePath } from '../../config/profile-store.js';
import { overrideNotes, type ResolvedSettings } from '../../config/resolve.js';
import { EduFlowError, ExitCode } from '../../errors.js';
import type { Setting } from '../../config/precedence.js';
import type { Reporter } from '../../ui/reporter.js';
import type { Credential } from '../../auth/token-provider.js';
import { inline } from '../../ui/terminal-text.js';

export interface StatusReport {
  profile: string;
  configFile: string;
  settings: Record<'tenant' | 'clientId' | 'authorityHost' | 'graphUrl', { value: string; source: string }> & { defaultSet?: { value: string; source: string } };
  overrides: string[];
  credential: {
    usable: boolean;
    source?: string;
    account?: string;
    tenant?: string;
    scopes?: string[];
    expiresOn?: string;
    problem?: string;
  };
  tokenCache: { path: string; exists: boolean; fileMode?: string; folderMode?: string; protection: string };
}

/**
 * `status`: who is signed in, where, with what, and how the cache is kept — never a
 * token. It checks the credential for real (a silent refresh if needed) but never prompts.
 * Exit 4 when no credential is usable.
 */
export async function runStatus(ctx: Context, reporter: Reporter, settings: ResolvedSettings): Promise<number> {
  const { cachePathFor } = await import('../../auth/msal-app.js');
  const cachePath = cachePathFor(settings.configDir, settings.profile.value);
  const { credential, exitCode } = await checkCredential(ctx, reporter, settings);
  const report: StatusReport = {
    profile: settings.profile.value,
    configFile: configFilePath(settings.configDir),
    settings: {
      tenant: shown(settings.tenant),
      clientId: shown(settings.clientId),
      authorityHost: shown(settings.authorityHost),
      graphUrl: shown(settings.graphUrl),
      ...(settings.defaultSet === undefined ? {} : { defaultSet: shown(settings.defaultSet) }),
    },
    overrides: overrideNotes(settings),
    credential,
    tokenCache: await describeCache(cachePath),
  };
  reporter.data(report, renderText(report, ctx.now()));
  if (exitCode !== 0) {
    reporter.failure(
      exitCode,
      `no usable credential for profile "${report.profile}": ${withoutPrefix(credential.problem) ?? 'none found'}`,
      `run \`edu-flow${report.profile === 'default' ? '' : ` --profile ${report.profile}`} login\`, or set app credentials (see the README, CI usage)`,
    );
  }
  return exitCode;
}

async function checkCredential(ctx: Context, reporter: Reporter, settings: ResolvedSettings): Promise<{ credential: StatusReport['credential']; exitCode: number }> {
  const { createTokenProvider } = await import('../../auth/token-provider.js');
  const { createHttp } = await import('../../net/http.js');
  const { SIGN_IN_TIMEOUT_MS } = await import('../../auth/msal-app.js');
  const provider = createTokenProvider(ctx, reporter, settings, { interactive: false, http: createHttp(ctx), timeoutMs: SIGN_IN_TIMEOUT_MS });
  try {
    const found: Credential = await provider.getCredential();
    const expired = found.expiresOn !== undefined && found.expiresOn.getTime() <= ctx.now().getTime();
    return {
      credential: {
        usable: !expired,
        source: found.source,
        account: found.principal,
        tenant: found.tenant,
        scopes: found.scopes,
        expiresOn: found.expiresOn?.toISOString(),
        problem: expired ? 'the token has expired' : undefined,
      },
      exitCode: expired ? ExitCode.auth : ExitCode.ok,
    };
  } catch (error) {
    if (!(error instanceof EduFlowError)) throw error;
    return {
      credential: { usable: false, problem: error.hint ? `${error.message}; ${error.hint}` : error.message },
      exitCode: error.exitCode === ExitCode.unavailable ? ExitCode.unavailable : ExitCode.auth,
    };
  }
}

async function describeCache(path: string): Promise<StatusReport['tokenCache']> {
  const mode = async (p: string): Promise<string | undefined> => {
    try {
      return ((await stat(p)).mode & 0o777).toString(8).padStart(4, '0');
    } catch {
      return undefined;
    }
  };
  const fileMode = await mode(path);
  const folderMode = await mode(dirname(path));
  const protection =
    process.platform === 'win32'
      ? 'a file in your profile folder (%APPDATA%), protected by its access rights; not encrypted'
      : 'a file readable only by you (0600 in a 0700 folder); not encrypted; no client secret or certificate is ever stored';
  return { path, exists: fileMode !== undefined, fileMode, folderMode, protection };
}

function shown(setting: Setting<string>): { value: string; source: string } {
  return { value: setting.value, source: setting.source === 'env' ? `env ${setting.envName}` : setting.source };
}

function renderText(report: StatusReport, now: Date): string {
  const lines: string[] = [];
  lines.push(`Profile: ${report.profile} (config ${report.configFile})`);
  // A set's name may hold anything: shown on one line, without terminal controls.
  for (const [name, { value, source }] of Object.entries(report.settings)) lines.push(`  ${name}: ${inline(value)} (${source})`);
  for (const note of report.overrides) lines.push(`  note: ${note}`);
  const c = report.credential;
  if (c.usable) {
    lines.push(`Signed in: ${inline(c.account ?? 'unknown account')}${c.tenant ? ` (tenant ${inline(c.tenant)})` : ''}`);
    lines.push(`  credential: ${c.source}`);
    if (c.scopes?.length) lines.push(`  scopes: ${c.scopes.join(' ')}`);
    if (c.expiresOn) lines.push(`  token expires: ${c.expiresOn} (in ${Math.max(0, Math.round((Date.parse(c.expiresOn) - now.getTime()) / 60000))} min)`);
  } else {
    lines.push(`Not signed in: ${withoutPrefix(c.problem) ?? 'no credential'}`);
  }
  const cache = report.tokenCache;
  lines.push(`Token cache: ${cache.path}${cache.exists ? ` (file ${cache.fileMode}, folder ${cache.folderMode})` : ' (none yet)'}`);
  lines.push(`  ${cache.protection}`);
  return lines.join('\n');
}

/** The problem without a leading "not signed in: " (the line already says so). */
function withoutPrefix(problem: string | undefined): string | undefined {
  return problem?.replace(/^not signed in(?: \(profile "[^"]*"\))?: /, '');
}
