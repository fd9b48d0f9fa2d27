import { settleAll } from '../settle-all.js';
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import type { BodyEdit } from '../body/flags.js';
import type { ParsedBody } from '../body/parse.js';
import { inspectBody, KIND_NAMES, loadBody, requireValid, withODataType, type BodyReport } from '../body/prepare.js';
import { findMissingMembers } from '../body/schema-check.js';
import { FLOW_KINDS, kindOfODataType, type BodyKind, type FlowKind } from '../body/kinds.js';
import { toUpdateBody } from '../graph/update-ready.js';
import { InvalidInputError, UsageError } from '../errors.js';
import type { GraphClient } from '../graph/client.js';
import { flowPath } from '../graph/paths.js';
import { checkRoleGroupBinds } from '../graph/role-group-check.js';
import type { RoleGroupCache } from '../graph/role-group-cache.js';
import type { Reporter } from '../ui/reporter.js';
import { formatProblem } from '../ui/problems.js';
import { compare, type Comparison } from './compare.js';
import { mergeOverLive } from './merge.js';
import { minimalPatch } from './minimal-patch.js';
import { findPasswordLosses, type PasswordLoss } from './password-guard.js';

export type { FlowKind } from '../body/kinds.js';

/** The body side of `update`/`diff`: what the user asked for, as flags and a body. */
export interface BodyRequest {
  file?: string;
  /** --type: the flow type, when the body does not name it. */
  kind?: FlowKind;
  /** The user-flow property flags (--student-age-group, …) as edits. */
  propertyEdits: BodyEdit[];
  /** --set and --set-string, in command-line order. */
  setEdits: BodyEdit[];
  strict: boolean;
}

/** Everything checked offline: the body with flags merged, validation, deprecations. */
export interface OfflineUpdate {
  kind: FlowKind;
  /**
   * Where the kind came from: the body's @odata.type or a flag, or nothing at all — then the
   * body was checked against every flow type offline and the live flow decides online.
   */
  kindFrom: 'body' | 'flag' | 'live';
  parsed: ParsedBody;
  /** The body as the user wrote it (flags applied, @odata.type added when known): what a dry run shows. */
  body: Record<string, unknown>;
  /** The offline checks again, for another kind (a body that named none meets the live flow's). */
  recheck(kind: FlowKind): BodyReport;
}

/** Validation, no token, no network; exit 2 or 3 on anything wrong. */
export async function prepareUpdate(ctx: Context, reporter: Reporter, request: BodyRequest, settings: ResolvedSettings, resolveSecrets: boolean): Promise<OfflineUpdate> {
  const { propertyEdits } = request;
  const flagKind = request.kind;
  const edits: BodyEdit[] = [...propertyEdits, ...request.setEdits];
  const parsed = await loadBody(ctx, { file: request.file, edits, bodyFlags: 'property flags such as --student-age-group, or --set' });
  const named = Object.hasOwn(parsed.value, '@odata.type');
  // Property flags belong to user flows: they name the type as surely as --type does.
  const requested = flagKind ?? (!named && propertyEdits.length > 0 ? 'user' : undefined);
  const check = (kind?: BodyKind): BodyReport =>
    inspectBody(
      parsed,
      {
        requestedKind: kind,
        strict: request.strict,
        graphUrl: settings.graphUrl.value,
        edits,
        envRefs: { env: ctx.env, mode: resolveSecrets ? 'resolve' : 'check' },
        deferMissing: true,
      },
      ctx.secrets,
    );
  const kindFrom = named ? 'body' : requested ? 'flag' : 'live';
  const report = kindFrom === 'live' ? checkAgainstEveryFlowType(check) : check(requested);
  if (propertyEdits.length > 0 && report.kind !== 'user') {
    throw new UsageError(
      `${propertyEdits.map((e) => e.flag).join(', ')} belong${propertyEdits.length === 1 ? 's' : ''} to a user provisioning flow, but this body is a ${KIND_NAMES[report.kind]}`,
      {
        hint: 'use --set <json-pointer>=<value> for members of other flow types',
      },
    );
  }
  if (report.kind === 'flowSet') throw new UsageError('this body is a flow set: change it with `edu-flow sets update`');
  for (const warning of report.warnings) reporter.warn(formatProblem(parsed.origin, warning));
  requireValid(parsed, report);
  const kind = report.kind;
  return { kind, kindFrom, parsed, body: kindFrom === 'live' ? parsed.value : withODataType(parsed.value, kind), recheck: check };
}

/**
 * A body that names no type (a `--set`-only change, say): valid when it fits any flow type; the
 * live flow's type is checked again online. With no fit, the closest type's problems are shown.
 */
function checkAgainstEveryFlowType(check: (kind: BodyKind) => BodyReport): BodyReport {
  const reports = FLOW_KINDS.map((kind) => check(kind));
  return reports.find((r) => r.errors.length === 0) ?? reports.reduce((best, r) => (r.errors.length < best.errors.length ? r : best));
}

/** The online side: the live flow, the PATCH completed from it, and what would change. */
/** The flow a plan is for, once its set and id are known. */
export interface FlowTarget {
  setId: string;
  flowId: string;
}

export interface UpdatePlan extends OfflineUpdate, FlowTarget {
  live: Record<string, unknown>;
  liveBody: Record<string, unknown>;
  /** The body merged over the live flow: every member the body touches, complete. */
  merged: Record<string, unknown>;
  /** What the PATCH carries: only the members of `merged` whose value changes (all of them with --force). */
  patch: Record<string, unknown>;
  comparison: Comparison;
  /** Live default passwords the PATCH would remove (update refuses unless told to drop them). */
  passwordLosses: PasswordLoss[];
}

/** GET the live flow, merge the body over it, compare, and keep only the members that change. */
export async function planUpdate(
  graph: GraphClient,
  reporter: Reporter,
  offline: OfflineUpdate,
  target: FlowTarget,
  options: { force?: boolean; roleGroups?: RoleGroupCache } = {},
): Promise<UpdatePlan> {
  const graphUrl = graph.baseUrl;
  // Two independent reads, side by side: the live flow and the tenant's role groups.
  const [response] = await settleAll([
    graph.request('GET', flowPath(target.setId, target.flowId)),
    checkRoleGroupBinds(graph, reporter, offline.parsed, offline.body, options.roleGroups),
  ]);
  const live = response.body as Record<string, unknown>;
  const liveKind = kindOfODataType(String(live['@odata.type'] ?? ''));
  const resolved = offline.kindFrom === 'live' ? adoptLiveKind(offline, target, liveKind, live) : offline;
  if (liveKind !== resolved.kind) {
    throw new InvalidInputError(
      `flow ${target.flowId} is a ${liveKind ? KIND_NAMES[liveKind] : String(live['@odata.type'])}, but the body is for a ${KIND_NAMES[resolved.kind]}; nothing was sent`,
      { hint: "check --flow-id (`edu-flow list --set-id …` shows each flow's type), or the body's @odata.type" },
    );
  }
  const liveBody = toUpdateBody(live, graphUrl).body;
  const merged = { '@odata.type': resolved.body['@odata.type'], ...mergeOverLive(liveBody, resolved.body) };
  // A partial member was completed from the live flow; what is still missing now is an error.
  const missing = findMissingMembers(merged, resolved.kind);
  if (missing.length > 0) {
    throw new InvalidInputError(`${offline.parsed.origin}: the body, completed from the live flow, still lacks required members; nothing was sent`, {
      details: missing,
      origin: offline.parsed.origin,
    });
  }
  const patch = options.force ? merged : minimalPatch(liveBody, merged);
  return { ...resolved, ...target, live, liveBody, merged, patch, comparison: compare(liveBody, merged), passwordLosses: findPasswordLosses(live, patch) };
}

/** A body that named no type takes the live flow's, and must be valid for it. */
function adoptLiveKind(offline: OfflineUpdate, target: FlowTarget, liveKind: BodyKind | undefined, live: Record<string, unknown>): OfflineUpdate {
  if (liveKind === undefined || liveKind === 'flowSet') {
    throw new InvalidInputError(`flow ${target.flowId} has the type ${JSON.stringify(live['@odata.type'])}, which edu-flow does not know; nothing was sent`, {
      hint: 'name the type with --type or "@odata.type" in the body',
    });
  }
  const report = offline.recheck(liveKind);
  if (report.errors.length > 0) {
    throw new InvalidInputError(`${offline.parsed.origin}: the body is not a valid ${KIND_NAMES[liveKind]} (the type of flow ${target.flowId}); nothing was sent`, {
      details: report.errors,
      origin: offline.parsed.origin,
    });
  }
  return { ...offline, kind: liveKind, body: withODataType(offline.parsed.value, liveKind) };
}
