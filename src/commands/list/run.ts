import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { ODATA_TYPE_OF, type FlowKind } from '../../body/kinds.js';
import { stripAnnotations } from '../../graph/annotations.js';
import { listAll } from '../../graph/pager.js';
import { flowsPath } from '../../graph/paths.js';
import { flowSummary, flowTypeName } from '../../ui/flow-summary.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTable } from '../../ui/table.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { findSet, settleSet, type SetSelector } from '../../session/targets.js';

export interface ListFlags {
  set: SetSelector;
  /** --type: only flows of this type. */
  kind?: FlowKind;
  network: NetworkSettings;
}

export type ListOptions = ListFlags & { settings: ResolvedSettings };

/** `list`: every flow of a set, all pages, optionally of one type. */
export async function runList(ctx: Context, reporter: Reporter, options: ListOptions): Promise<void> {
  const { kind } = options;
  const set = settleSet(options.set, options.settings);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const { id: setId } = await findSet(graph, reporter, set);
  let flows = (await listAll(graph, flowsPath(setId))).map((flow) => stripAnnotations(flow, { maskPasswords: true }));
  if (kind) flows = flows.filter((flow) => flow['@odata.type'] === ODATA_TYPE_OF[kind]);
  const rows = flows.map((flow) => [flowTypeName(flow), String(flow.id), String(flow.readinessStatus ?? '-'), flowSummary(flow)]);
  const text = flows.length === 0 ? `No ${kind ? `${kind} ` : ''}flows in set ${setId}.` : renderTable(['TYPE', 'ID', 'READINESS', 'OPTIONS'], rows, reporter.tableWidth);
  reporter.data(flows, text);
}
