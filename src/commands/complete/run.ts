import { Writable } from 'node:stream';
import type { Context } from '../../context.js';
import { resolveSettings, type SettingFlags } from '../../config/resolve.js';
import { createReporter } from '../../ui/reporter.js';
import type { Session } from '../definition.js';

/** A completion that takes longer than this is no help at a prompt: it gives up, silently. */
export const COMPLETION_DEADLINE_MS = 2500;

/**
 * The display names of the tenant's flow sets, one per line, for --set-name completion. Only a
 * credential that needs no person is used (a cached sign-in, refreshed silently, or the CI
 * environment's); nothing is ever asked. Any failure — none signed in, no network, a slow Graph —
 * prints nothing and exits 0, so a TAB press never shows an error or waits long.
 */
export async function runCompleteSetNames(session: Session, words: string[]): Promise<number> {
  const deadline = AbortSignal.timeout(COMPLETION_DEADLINE_MS);
  const ctx: Context = {
    ...session.ctx,
    // Not a word on stderr: a completion script's output would be garbled by it.
    io: { ...session.ctx.io, stderr: new Writable({ write: (_chunk, _encoding, done) => done() }), stdinIsTTY: false, stderrIsTTY: false },
    signal: AbortSignal.any([session.ctx.signal, deadline]),
  };
  try {
    const names = await Promise.race([
      setNames(ctx, settingFlagsOf(words)),
      new Promise<never>((_, reject) => deadline.addEventListener('abort', () => reject(new Error('completion deadline')), { once: true })),
    ]);
    for (const name of names) ctx.io.stdout.write(`${name}\n`);
  } catch {
    // Silent on failure, by design: see above.
  }
  return 0;
}

async function setNames(ctx: Context, flags: SettingFlags): Promise<string[]> {
  const [{ openGraph }, { listAll }, { flowSetsPath }] = await Promise.all([
    import('../../session/graph-session.js'),
    import('../../graph/pager.js'),
    import('../../graph/paths.js'),
  ]);
  const reporter = createReporter(ctx, { format: 'text', formatExplicit: false, verbose: false, debug: false, colorLevel: 0 });
  const settings = await resolveSettings(flags, ctx.env);
  const graph = await openGraph(ctx, reporter, settings, { retries: 0, maxWaitMs: 0, timeoutMs: COMPLETION_DEADLINE_MS });
  const sets = await listAll(graph, flowSetsPath());
  const names = sets.map((set) => set.displayName).filter((name): name is string => typeof name === 'string' && completable(name));
  return [...new Set(names)].sort((a, b) => a.localeCompare(b));
}

/** A name a shell can offer: one line, no control characters, not absurdly long. */
const completable = (name: string): boolean => name !== '' && name.length <= 256 && !/\p{Cc}/u.test(name);

const SETTING_FLAGS: Record<string, keyof SettingFlags> = {
  '--profile': 'profile',
  '--tenant': 'tenant',
  '--graph-url': 'graphUrl',
  '--authority-host': 'authorityHost',
  '--client-id': 'clientId',
};

/** The global setting flags among the typed words ("--profile north" or "--profile=north"), so the names come from that tenant. */
export function settingFlagsOf(words: readonly string[]): SettingFlags {
  const flags: SettingFlags = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word === '--') break;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const key = SETTING_FLAGS[flag];
    if (key === undefined) continue;
    const value = eq > 0 ? word.slice(eq + 1) : words[++i];
    if (value !== undefined) flags[key] = value;
  }
  return flags;
}
