import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { inspectBody, loadBody, requireValid, withODataType } from '../../body/prepare.js';
import type { BodyEdit } from '../../body/flags.js';
import { toUpdateBody } from '../../graph/update-ready.js';
import { UsageError } from '../../errors.js';
import { stripAnnotations } from '../../graph/annotations.js';
import { listAll } from '../../graph/pager.js';
import { flowSetPath, flowSetsPath } from '../../graph/paths.js';
import type { Reporter } from '../../ui/reporter.js';
import { renderTable } from '../../ui/table.js';
import { renderTree } from '../../ui/tree.js';
import { openGraph } from '../../session/graph-session.js';
import { recordBackup } from '../../backup/backups.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { isRecord } from '../../body/is-record.js';
import { minimalPatch } from '../../change/minimal-patch.js';
import { printDryRun, printPlan } from '../../ui/request-preview.js';
import { inline, quoted } from '../../ui/terminal-text.js';
import { findSet, dryRunNote, offlineUrl, settleSet, type SetSelector } from '../../session/targets.js';

export interface SetsListFlags {
  network: NetworkSettings;
}

export interface SetsGetFlags {
  set: SetSelector;
  /** --body: an update-ready body instead of the set as read. */
  body: boolean;
  network: NetworkSettings;
}

export interface SetBodyFlags {
  file?: string;
  /** --display-name, --filter-org and --no-filter as edits of the body, in that order. */
  edits: BodyEdit[];
  strict: boolean;
  backupDir?: string;
  /** --plan: online, exactly the POST/PATCH that would be sent; nothing sent, no backup. */
  plan: boolean;
  /** --dry-run: offline, no token: the request as built from the body and flags. */
  dryRun: boolean;
  network: NetworkSettings;
}

export interface SetsUpdateFlags extends SetBodyFlags {
  set: SetSelector;
}

type WithSettings<T> = T & { settings: ResolvedSettings };
export type SetBodyOptions = WithSettings<SetBodyFlags>;

/** The members a PATCH carries besides @odata.type. */
const sentMembers = (patch: Record<string, unknown>): string[] => Object.keys(patch).filter((key) => key !== '@odata.type');

function filterText(set: Record<string, unknown>): string {
  const filter = set.filter;
  if (!isRecord(filter)) return 'all organisations';
  return `${String(filter.attribute)} in ${Array.isArray(filter.in) ? filter.in.join(',') : '?'}`;
}

export async function runSetsList(ctx: Context, reporter: Reporter, options: WithSettings<SetsListFlags>): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const sets = (await listAll(graph, flowSetsPath())).map((set) => stripAnnotations(set));
  const rows = sets.map((set) => [String(set.id), String(set.displayName ?? ''), filterText(set)]);
  reporter.data(sets, sets.length ? renderTable(['ID', 'NAME', 'FILTER'], rows, reporter.tableWidth) : 'No flow sets.');
}

export async function runSetsGet(ctx: Context, reporter: Reporter, options: WithSettings<SetsGetFlags>): Promise<void> {
  const chosen = settleSet(options.set, options.settings);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const { id: setId } = await findSet(graph, reporter, chosen);
  const set = stripAnnotations((await graph.request('GET', flowSetPath(setId))).body as Record<string, unknown>);
  if (options.body) {
    // Graph returns a set without @odata.type: the body names it, so `validate` and editors know it is a flow set.
    const body = withODataType(toUpdateBody(set, options.settings.graphUrl.value).body, 'flowSet');
    reporter.data(body, JSON.stringify(body, null, 2));
    return;
  }
  const { id, ...rest } = set;
  reporter.data(set, [`flow set ${inline(String(id))}`, ...renderTree(rest, '  ')].join('\n'));
}

/** The body of a set create/update: a file or stdin, or only the convenience flags. */
async function setBody(ctx: Context, options: SetBodyOptions, needBody: boolean) {
  const { edits } = options;
  if (options.file === undefined && edits.length === 0 && !needBody && ctx.io.stdinIsTTY)
    throw new UsageError('nothing to change: pass -f body.json, --display-name or --filter-org');
  const parsed = await loadBody(ctx, { file: options.file, edits, bodyFlags: '--display-name or --filter-org' });
  const report = inspectBody(parsed, { requestedKind: 'flowSet', strict: options.strict, graphUrl: options.settings.graphUrl.value, edits });
  requireValid(parsed, report);
  return withODataType(parsed.value, 'flowSet');
}

/** `sets create`: one POST, never re-sent when it may have been applied; the write permission checked first. */
export async function runSetsCreate(ctx: Context, reporter: Reporter, options: SetBodyOptions): Promise<void> {
  const body = await setBody(ctx, options, true);
  if (typeof body.displayName !== 'string') throw new UsageError('a new flow set needs a name: --display-name "…" or "displayName" in the body');
  if (options.dryRun) {
    printDryRun(
      ctx,
      reporter,
      [{ method: 'POST', url: `${options.settings.graphUrl.value}${flowSetsPath()}`, body }],
      'Online, the same POST is sent once; `--plan` also checks the credential.',
    );
    return;
  }
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  await graph.preflightWrite();
  if (options.plan) {
    printPlan(reporter, [{ method: 'POST', url: `${graph.baseUrl}${flowSetsPath()}`, body }], {
      lines: [`Create the flow set ${quoted(String(body.displayName))}.`],
      extra: { operation: 'sets create' },
    });
    return;
  }
  reporter.info(`Creating the flow set ${quoted(String(body.displayName))}`);
  const response = await graph.request('POST', flowSetsPath(), body);
  const created = isRecord(response.body) ? stripAnnotations(response.body) : {};
  reporter.success(
    `Created the flow set ${created.id === undefined ? '(id unknown: see `edu-flow sets list`)' : String(created.id)} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`,
  );
  reporter.data(created, String(created.id ?? ''));
}

/**
 * `sets update`: the write permission checked before any read, then the live set read and only
 * the members that change sent (nothing at all when nothing changes), after a backup.
 */
export async function runSetsUpdate(ctx: Context, reporter: Reporter, options: WithSettings<SetsUpdateFlags>): Promise<void> {
  const chosen = settleSet(options.set, options.settings);
  const body = await setBody(ctx, options, false);
  if (options.dryRun) {
    printDryRun(
      ctx,
      reporter,
      [{ method: 'PATCH', url: offlineUrl(options.settings.graphUrl.value, chosen), body }],
      dryRunNote(
        'The body shown is the offline one: online, edu-flow reads the live set and sends only the members that change (nothing when nothing changes); `--plan` shows that exact PATCH.',
        chosen,
      ),
    );
    return;
  }
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  const { id: setId } = await findSet(graph, reporter, chosen);
  const live = (await graph.request('GET', flowSetPath(setId))).body as Record<string, unknown>;
  const patch = minimalPatch(toUpdateBody(stripAnnotations(live), graph.baseUrl).body, body);
  const members = sentMembers(patch);
  const url = `${graph.baseUrl}${flowSetPath(setId)}`;
  const name = typeof live.displayName === 'string' ? ` (${quoted(live.displayName)})` : '';
  if (options.plan) {
    printPlan(reporter, members.length ? [{ method: 'PATCH', url, body: patch }] : [], {
      lines: [members.length ? `Update the flow set ${setId}${name}: ${members.join(', ')}.` : `Nothing to change: the flow set ${setId}${name} already holds this body.`],
      extra: { operation: 'sets update', setId, changed: members.length > 0, sent: members },
    });
    return;
  }
  if (members.length === 0) {
    reporter.success(`Nothing to change: the flow set ${setId}${name} already holds this body`);
    reporter.result({ status: null, changed: false, setId });
    return;
  }
  reporter.info(`backup: ${await recordBackup(ctx, { backupDir: options.backupDir, operation: 'update', graphUrl: graph.baseUrl, credential, setId, object: live })}`);
  reporter.info(`Updating the flow set ${setId}${name} (sending ${members.join(', ')})`);
  const response = await graph.request('PATCH', flowSetPath(setId), patch);
  reporter.success(`Updated the flow set ${setId} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);
  reporter.result({ status: response.status, changed: true, setId, sent: members, requestId: response.requestId, clientRequestId: response.clientRequestId });
}
