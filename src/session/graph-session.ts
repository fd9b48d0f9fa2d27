import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import type { GraphClient } from '../graph/client.js';
import type { Reporter } from '../ui/reporter.js';
import type { NetworkSettings } from './network-options.js';

/**
 * What an online command needs to talk to Graph: the shared HTTP stack, the token provider
 * (device code only with a person at the terminal) and the client. got and the auth code load here.
 */
export async function openGraph(
  ctx: Context,
  reporter: Reporter,
  settings: ResolvedSettings,
  network: NetworkSettings,
  options: { preconnect?: boolean } = {},
): Promise<GraphClient> {
  // The TLS handshake with Graph first: it runs while the HTTP stack and the auth code load. A
  // fleet's tenants after the first skip it: they find the pooled connections of the ones before.
  const preconnection = ctx.http || options.preconnect === false ? undefined : (await import('../net/preconnect.js')).preconnect(settings.graphUrl.value, ctx.env);
  const [{ createHttp }, { createTokenProvider }, { createGraphClient }] = await Promise.all([
    import('../net/http.js'),
    import('../auth/token-provider.js'),
    import('../graph/client.js'),
  ]);
  const http = createHttp(ctx, { preconnection });
  const tokens = createTokenProvider(ctx, reporter, settings, { interactive: ctx.io.stdinIsTTY && ctx.io.stderrIsTTY, http, timeoutMs: network.timeoutMs });
  return createGraphClient(ctx, reporter, { baseUrl: settings.graphUrl.value, http, tokens, ...network });
}
