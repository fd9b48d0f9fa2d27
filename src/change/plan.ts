import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { propertyFlagEdits, parseSetFlag, type BodyEdit, type PropertyFlagValues } from '../body/flags.js';
import type { ParsedBody } from '../body/parse.js';
import { inspectBody, KIND_NAMES, loadBody, requireValid, withODataType } from '../body/prepare.js';
import { checkBody, kindOfODataType, type BodyKind } from '../body/schema-check.js';
import { toUpdateBody } from '../body/update-ready.js';
import { InvalidInputError, UsageError } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { checkId, flowPath } from '../graph/paths.js';
import { checkRoleGroupBinds } from '../graph/role-group-check.js';
import type { Reporter } from '../ui/reporter.js';
import { formatProblem } from '../ui/problems.js';
import { compare, type Comparison } from './compare.js';
import { mergeOverLive } from './merge.js';

/** The body side of `update`/`diff`: what the user asked for, as flags and a body. */
export interface BodyRequest extends PropertyFlagValues {
  setId?: string;
  flowId?: string;
  file?: string;
  /** --set and --set-string, in command-line order. */
  sets: { flag: '--set' | '--set-string'; raw: string }[];
  strict: boolean;
}

/** Everything checked offline: ids, the body with flags merged, validation, deprecations. */
export interface OfflineUpdate {
  setId: string;
  flowId: string;
  kind: Exclude<BodyKind, 'flowSet'>;
  parsed: ParsedBody;
  /** The body as the user wrote it (flags applied, @odata.type added): what a dry run shows. */
  body: Record<string, unknown>;
}

/** SPEC §6 update items 1–4: no token, no network; exit 2 or 3 on anything wrong. */
export async function prepareUpdate(ctx: Context, reporter: Reporter, request: BodyRequest, settings: ResolvedSettings, resolveSecrets: boolean): Promise<OfflineUpdate> {
  const setId = checkId(request.setId, '--set-id');
  const flowId = checkId(request.flowId, '--flow-id');
  const propertyEdits = propertyFlagEdits(request);
  const edits: BodyEdit[] = [...propertyEdits, ...request.sets.map((s) => parseSetFlag(s.raw, s.flag))];
  const parsed = await loadBody(ctx, { file: request.file, edits });
  const report = inspectBody(
    parsed,
    { strict: request.strict, graphUrl: settings.graphUrl.value, edits, envRefs: { env: ctx.env, mode: resolveSecrets ? 'resolve' : 'check' }, deferMissing: true },
    ctx.secrets,
  );
  if (propertyEdits.length > 0 && report.kind !== 'user') {
    throw new UsageError(`${propertyEdits.map((e) => e.flag).join(', ')} belong${propertyEdits.length === 1 ? 's' : ''} to a user provisioning flow, but this body is a ${KIND_NAMES[report.kind]}`, {
      hint: 'use --set <json-pointer>=<value> for members of other flow types',
    });
  }
  if (report.kind === 'flowSet') throw new UsageError('this body is a flow set: change it with `edu-flow sets update`');
  for (const warning of report.warnings) reporter.warn(formatProblem(parsed.origin, warning));
  requireValid(parsed, report);
  return { setId, flowId, kind: report.kind, parsed, body: withODataType(parsed.value, report.kind) };
}

/** The online side: the live flow, the PATCH completed from it, and what would change. */
export interface UpdatePlan extends OfflineUpdate {
  live: Record<string, unknown>;
  liveBody: Record<string, unknown>;
  patch: Record<string, unknown>;
  comparison: Comparison;
}

/** SPEC §6 update item 8, up to the change: GET the live flow, merge the body over it, compare. */
export async function planUpdate(graph: GraphClient, reporter: Reporter, offline: OfflineUpdate, graphUrl: string): Promise<UpdatePlan> {
  // Two independent reads, side by side: the live flow and the tenant's role groups.
  const [response] = await Promise.all([
    graph.request('GET', flowPath(offline.setId, offline.flowId)),
    checkRoleGroupBinds(graph, reporter, offline.parsed, offline.body),
  ]);
  const live = response.body as Record<string, unknown>;
  const liveKind = kindOfODataType(String(live['@odata.type'] ?? ''));
  if (liveKind !== offline.kind) {
    throw new InvalidInputError(
      `flow ${offline.flowId} is a ${liveKind ? KIND_NAMES[liveKind] : String(live['@odata.type'])}, but the body is for a ${KIND_NAMES[offline.kind]}; nothing was sent`,
      { hint: 'check --flow-id (`edu-flow list --set-id …` shows each flow\'s type), or the body\'s @odata.type' },
    );
  }
  const liveBody = toUpdateBody(live, graphUrl).body;
  const patch = { '@odata.type': offline.body['@odata.type'], ...mergeOverLive(liveBody, offline.body) };
  // A partial member was completed from the live flow; what is still missing now is an error.
  const missing = checkBody(patch, offline.kind, { graphUrl, missing: 'only' });
  if (missing.length > 0) {
    throw new InvalidInputError(`${offline.parsed.origin}: the body, completed from the live flow, still lacks required members; nothing was sent`, {
      details: missing,
      origin: offline.parsed.origin,
    });
  }
  return { ...offline, live, liveBody, patch, comparison: compare(liveBody, patch) };
}
