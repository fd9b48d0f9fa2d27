import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { toUpdateBody } from '../../graph/update-ready.js';
import { stripAnnotations } from '../../graph/annotations.js';
import { flowPath } from '../../graph/paths.js';
import { flowTypeName } from '../../ui/flow-summary.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTree } from '../../ui/tree.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { inline } from '../../ui/terminal-text.js';
import { findTarget, settleSet, type FlowSelector, type SetSelector } from '../../session/targets.js';

export interface GetFlags {
  set: SetSelector;
  flow: FlowSelector;
  /** Print an update-ready body instead of the object. */
  body: boolean;
  network: NetworkSettings;
}

export type GetOptions = GetFlags & { settings: ResolvedSettings };

/** `get`: the flow as received (annotations dropped, @odata.type kept), or `--body`. */
export async function runGet(ctx: Context, reporter: Reporter, options: GetOptions): Promise<void> {
  const set = settleSet(options.set, options.settings);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const { setId, flowId } = await findTarget(graph, reporter, set, options.flow);
  const response = await graph.request('GET', flowPath(setId, flowId));
  const flow = stripAnnotations(response.body as Record<string, unknown>, { maskPasswords: true });
  if (options.body) {
    const { body, notes } = toUpdateBody(flow, options.settings.graphUrl.value);
    for (const note of notes) reporter.info(`note: ${note}`);
    // Always JSON: this is input for `update -f -`, even on a terminal.
    reporter.data(body, JSON.stringify(body, null, 2));
    return;
  }
  const { '@odata.type': _type, id, ...rest } = flow;
  const text = [`${inline(flowTypeName(flow))} ${inline(String(id))} (set ${setId})`, ...renderTree(rest, '  ')].join('\n');
  reporter.data(flow, text);
}
