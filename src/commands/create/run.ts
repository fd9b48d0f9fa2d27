import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { inspectBody, KIND_NAMES, loadBody, requireValid, withODataType } from '../../body/prepare.js';
import type { Problem } from '../../problem.js';
import { KINDS, ODATA_TYPE_OF } from '../../body/kinds.js';
import { EduFlowError, ExitCode, InvalidInputError, UsageError } from '../../errors.js';
import { stripAnnotations } from '../../graph/annotations.js';
import { isRecord } from '../../body/is-record.js';
import { listAll } from '../../graph/pager.js';
import { flowsPath } from '../../graph/paths.js';
import { checkRoleGroupBinds } from '../../graph/role-group-check.js';
import { roleGroupCacheFor } from '../../graph/role-group-cache.js';
import type { Reporter } from '../../ui/reporter.js';
import { printDryRun, printPlan } from '../../ui/request-preview.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { findSet, dryRunNote, offlineUrl, settleSet, type SetSelector } from '../../session/targets.js';

export interface CreateFlags {
  set: SetSelector;
  file?: string;
  strict: boolean;
  /** --plan: online, every check done and exactly the POST shown; nothing sent. */
  plan: boolean;
  /** --dry-run: offline, no token: the POST as built from the body. */
  dryRun: boolean;
  network: NetworkSettings;
}

export type CreateOptions = CreateFlags & { settings: ResolvedSettings };

const DRY_RUN_NOTE =
  'Online, edu-flow first checks that the set has no flow of this type and that every role group exists, and resolves {"$env": …} passwords; `--plan` shows the exact POST after those checks.';

/**
 * `create`: validated offline like `update`; then, online, the write permission checked before
 * any read, refused before sending when the set already has a flow of that type (a set holds one
 * of each), role groups checked, and one POST that is never re-sent when it may already have
 * been applied. --plan stops before the POST; --dry-run never goes online.
 */
export async function runCreate(ctx: Context, reporter: Reporter, options: CreateOptions): Promise<void> {
  const set = settleSet(options.set, options.settings);
  const parsed = await loadBody(ctx, { file: options.file, edits: [] });
  // Offline, a {"$env": …} password only needs its form checked: it is masked in the preview anyway.
  const envMode = options.dryRun ? 'check' : 'resolve';
  const report = inspectBody(parsed, { strict: options.strict, graphUrl: options.settings.graphUrl.value, edits: [], envRefs: { env: ctx.env, mode: envMode } }, ctx.secrets);
  if (report.kind === 'flowSet') throw new UsageError('this body is a flow set: create it with `edu-flow sets create`');
  for (const warning of report.warnings) reporter.warn(`${parsed.origin}: ${warning.pointer}: ${warning.message}`);
  requireValid(parsed, report);
  // Graph requires every non-nullable member on create.
  const required = KINDS[report.kind].requiredOnCreate;
  if (parsed.value[required] === undefined) {
    const missing: Problem = { pointer: `/${required}`, message: `a new ${KIND_NAMES[report.kind]} needs "${required}"` };
    throw new InvalidInputError(`${parsed.origin}: the body cannot create a ${KIND_NAMES[report.kind]}; nothing was sent`, { details: [missing], origin: parsed.origin });
  }
  const body = withODataType(parsed.value, report.kind);
  if (options.dryRun) {
    printDryRun(ctx, reporter, [{ method: 'POST', url: offlineUrl(options.settings.graphUrl.value, set, undefined, '/provisioningFlows'), body }], dryRunNote(DRY_RUN_NOTE, set));
    return;
  }

  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  const { id: setId } = await findSet(graph, reporter, set);
  const existing = (await listAll(graph, flowsPath(setId))).find((flow) => flow['@odata.type'] === ODATA_TYPE_OF[report.kind]);
  if (existing) {
    throw new EduFlowError(
      ExitCode.graphRefused,
      `set ${setId} already has a ${KIND_NAMES[report.kind]} (${String(existing.id)}): a set holds one flow of each type; nothing was sent`,
      {
        hint: `change it with \`edu-flow update --set-id ${setId} --flow-id ${String(existing.id)} -f …\`, or create the flow in another set`,
      },
    );
  }
  await checkRoleGroupBinds(graph, reporter, parsed, body, roleGroupCacheFor(ctx, options.settings, graph.baseUrl, credential));
  if (options.plan) {
    printPlan(reporter, [{ method: 'POST', url: `${graph.baseUrl}${flowsPath(setId)}`, body }], {
      lines: [`Create a ${KIND_NAMES[report.kind]} in set ${setId} (the set has none; role groups checked).`],
      extra: { operation: 'create', setId, flowType: KIND_NAMES[report.kind] },
    });
    return;
  }
  reporter.info(`Creating a ${KIND_NAMES[report.kind]} in set ${setId}`);
  const response = await graph.request('POST', flowsPath(setId), body);
  const readable = isRecord(response.body);
  if (!readable) reporter.info(`note: Graph's answer named no id: \`edu-flow list --set-id ${setId}\` shows the new flow`);
  const created = readable ? stripAnnotations(response.body as Record<string, unknown>, { maskPasswords: true }) : {};
  const what = created.id === undefined ? `a ${KIND_NAMES[report.kind]}` : `the ${KIND_NAMES[report.kind]} ${String(created.id)}`;
  reporter.success(`Created ${what} in set ${setId} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);
  reporter.data(created, String(created.id ?? ''));
}
