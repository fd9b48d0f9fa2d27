import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import { propertyFlagEdits, parseSetFlag, type BodyEdit, type PropertyFlagValues } from '../body/flags.js';
import { inspectBody, KIND_NAMES, loadBody, requireValid, withODataType } from '../body/prepare.js';
import { flowPath, checkId } from '../graph/paths.js';
import { openGraph } from './graph-session.js';
import { checkRoleGroupBinds } from '../graph/role-group-check.js';
import { UsageError } from '../errors.js';
import { maskPasswords, MASK } from '../ui/secrets.js';
import type { Reporter } from '../ui/reporter.js';
import { formatProblem } from '../ui/problems.js';
import type { NetworkSettings } from './network-options.js';
import type { ResolvedSettings } from '../config/resolve.js';

export interface UpdateOptions extends PropertyFlagValues {
  setId?: string;
  flowId?: string;
  file?: string;
  /** --set and --set-string, in command-line order. */
  sets: { flag: '--set' | '--set-string'; raw: string }[];
  dryRun: boolean;
  strict: boolean;
  settings: ResolvedSettings;
  network: NetworkSettings;
}

export interface UpdateResult {
  status: number;
  changed: boolean;
  setId: string;
  flowId: string;
  requestId?: string;
  clientRequestId: string;
}

/** SPEC §6 "update": ids → body → flags → validation, all before any token or network work. */
export async function runUpdate(ctx: Context, reporter: Reporter, options: UpdateOptions): Promise<void> {
  const setId = checkId(options.setId, '--set-id');
  const flowId = checkId(options.flowId, '--flow-id');
  const propertyEdits = propertyFlagEdits(options);
  const edits: BodyEdit[] = [...propertyEdits, ...options.sets.map((s) => parseSetFlag(s.raw, s.flag))];

  const parsed = await loadBody(ctx, { file: options.file, edits });
  const graphUrl = options.settings.graphUrl.value;
  const report = inspectBody(parsed, { strict: options.strict, graphUrl, edits });
  if (propertyEdits.length > 0 && report.kind !== 'user') {
    throw new UsageError(`${propertyEdits.map((e) => e.flag).join(', ')} belong${propertyEdits.length === 1 ? 's' : ''} to a user provisioning flow, but this body is a ${KIND_NAMES[report.kind]}`, {
      hint: 'use --set <json-pointer>=<value> for members of other flow types',
    });
  }
  if (report.kind === 'flowSet') {
    throw new UsageError('this body is a flow set; `edu-flow update` changes a provisioning flow', { hint: 'flow-set commands come with `edu-flow sets update`' });
  }
  for (const warning of report.warnings) reporter.warn(formatProblem(parsed.origin, warning));
  requireValid(parsed, report);

  const body = withODataType(parsed.value, report.kind);
  const url = `${graphUrl}${flowPath(setId, flowId)}`;

  if (options.dryRun) {
    printDryRun(ctx, reporter, url, body);
    return;
  }

  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  await checkRoleGroupBinds(graph, reporter, parsed, body);
  reporter.info(`Updating the ${KIND_NAMES[report.kind]} ${flowId} in set ${setId}`);
  const response = await graph.request('PATCH', flowPath(setId, flowId), body);
  const result: UpdateResult = {
    status: response.status,
    changed: true,
    setId,
    flowId,
    requestId: response.requestId,
    clientRequestId: response.clientRequestId,
  };
  reporter.success(`Updated the ${KIND_NAMES[report.kind]} ${flowId} (HTTP ${response.status}, request-id ${response.requestId ?? '-'})`);
  if (reporter.format === 'json') reporter.data(result);
}

/** The PATCH as it would go out, secrets masked (SPEC §6 item 5); needs no token. */
function printDryRun(ctx: Context, reporter: Reporter, url: string, body: Record<string, unknown>): void {
  const headers = {
    Authorization: `Bearer ${MASK}`,
    'Content-Type': 'application/json',
    'client-request-id': randomUUID(),
    'User-Agent': `edu-flow/${ctx.version}`,
  };
  const masked = maskPasswords(body);
  const text = [`PATCH ${url}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', JSON.stringify(masked, null, 2)].join('\n');
  reporter.data({ method: 'PATCH', url, headers, body: masked }, text);
  reporter.info('Dry run: nothing was sent.');
}
