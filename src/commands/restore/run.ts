import { settleAll } from '../../settle-all.js';
import type { Context } from '../../context.js';
import type { FlowKind } from '../../body/kinds.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import type { Credential } from '../../auth/credential.js';
import { backupDir, listBackups, readBackup, recordBackup, type Backup } from '../../backup/backups.js';
import { compare } from '../../change/compare.js';
import { describeLosses, guardPasswords, roleGroupIdOf } from '../../change/password-guard.js';
import { minimalPatch } from '../../change/minimal-patch.js';
import { renderChanges, countChanges } from '../../change/render-changes.js';
import { applyEdits, type BodyEdit } from '../../body/flags.js';
import { inspectBody, requireValid, withODataType, KIND_NAMES } from '../../body/prepare.js';
import type { BodyKind } from '../../body/kinds.js';
import { isRecord } from '../../body/is-record.js';
import { joinPointer } from '../../problem.js';
import { collectPasswords, isPasswordKey } from '../../secrets.js';
import { toUpdateBody } from '../../graph/update-ready.js';
import { GraphError, InvalidInputError, UsageError } from '../../errors.js';
import type { GraphClient } from '../../graph/client.js';
import { listAll } from '../../graph/pager.js';
import { flowPath, flowSetPath, flowSetsPath, flowsPath } from '../../graph/paths.js';
import { confirmWrite, describeTarget, ensureCanConfirm, type WriteTarget } from '../../ui/confirm.js';
import type { Reporter } from '../../ui/reporter.js';
import { printDryRun, printPlan, type PlannedRequest } from '../../ui/request-preview.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import { quoted } from '../../ui/terminal-text.js';
import { isMaskedPassword } from '../../secrets.js';

export const ALLOW_DUPLICATE_NAME_FLAG = '--allow-duplicate-name';
export const ALLOW_OTHER_TENANT_FLAG = '--allow-other-tenant';

export interface RestoreFlags {
  /** Which backup: a file, or the newest one of a set (and flow) in the backup folder. */
  source: { file: string } | { latest: { setId: string; flowId?: string; flowKind?: FlowKind } };
  backupDir?: string;
  yes: boolean;
  plan: boolean;
  dryRun: boolean;
  allowDuplicateName: boolean;
  allowOtherTenant: boolean;
  dropDefaultPasswords: boolean;
  /** --set / --set-string, in order: edits of the restored flow (of a set backup: its user flow). */
  edits: BodyEdit[];
  strict: boolean;
  network: NetworkSettings;
}

export type RestoreOptions = RestoreFlags & { settings: ResolvedSettings };

/** A default password the backup could not keep (it holds a mask), by role group. */
interface MissingPassword {
  roleGroup: string;
  pointer: string;
}

/** One object to put back, checked offline like any body. */
interface Piece {
  kind: BodyKind;
  /** "user provisioning flow", "flow set". */
  name: string;
  oldId: string;
  body: Record<string, unknown>;
  /** Masked in the backup and not supplied by --set: a create goes without them. */
  missing: MissingPassword[];
}

const WHAT = '`edu-flow restore`';

/**
 * `edu-flow restore <backup>` / `restore --latest --set-id … [--flow-id …]`. The file is checked
 * like any body before any network: a backup (format, kind, well-formed ids), each object valid
 * for its kind, no password in plain text (a backup only ever holds masks) and no mask sent.
 * Then online: the write permission, the tenant (another tenant's is refused unless
 * --allow-other-tenant), the live state, the question, and the writes:
 *  - a flow that still exists is PATCHed with only the members that differ (its current state
 *    backed up first); a live default password is never removed silently;
 *  - a deleted flow is created again in its set (POST; Graph gives a new id);
 *  - a deleted set is created again (POST), then each of its flows in the new set; a set with the
 *    same name already there stops the restore (exit 2) unless --allow-duplicate-name;
 *  - a set that still exists is PATCHed back to its saved name and filter; its flows are left alone.
 * Default passwords cannot come back from a backup: each is named before the question and can be
 * supplied with --set (a {"$env": NAME} reference works).
 */
export async function runRestore(ctx: Context, reporter: Reporter, options: RestoreOptions): Promise<void> {
  const file = await chooseFile(ctx, reporter, options);
  const backup = await readBackup(file);
  const { edits } = options;
  const graphUrl = options.settings.graphUrl.value;
  if (backup.graphUrl !== graphUrl) reporter.warn(`the backup was taken from ${backup.graphUrl}; restoring to ${graphUrl}`);
  if (backup.format === 'edu-flow-backup/1') reporter.warn('this backup is in format 1, which does not record its tenant: the tenant cannot be checked');
  if (backup.kind === 'flow') await restoreFlow(ctx, reporter, options, file, backup, edits);
  else await restoreSet(ctx, reporter, options, file, backup, edits);
}

async function chooseFile(ctx: Context, reporter: Reporter, options: RestoreOptions): Promise<string> {
  if ('file' in options.source) return options.source.file;
  const { setId, flowId, flowKind } = options.source.latest;
  const folder = backupDir(options.backupDir, ctx.env);
  const ofFlow = flowId !== undefined || flowKind !== undefined;
  const entries = (await listBackups(folder, { setId, flowId, flowKind })).filter((entry) => (ofFlow ? entry.kind === 'flow' : entry.kind === 'flowSet'));
  const what = flowId !== undefined ? `the flow ${flowId} in set ${setId}` : flowKind !== undefined ? `a ${flowKind} flow in set ${setId}` : `the flow set ${setId}`;
  if (entries.length === 0)
    throw new UsageError(`no backup of ${what} in ${folder}`, { hint: '`edu-flow backups list` shows the backups there; pass --backup-dir for another folder' });
  reporter.info(`the newest backup of ${what}: ${entries[0].path} (${entries[0].takenAt}, before ${entries[0].operation})`);
  return entries[0].path;
}

/** Pointers of the passwords an edited backup holds in plain text. */
function plaintextPasswords(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => plaintextPasswords(item, joinPointer(pointer, index)));
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    const at = joinPointer(pointer, key);
    if (isPasswordKey(key)) return (typeof member === 'string' && !isMaskedPassword(member)) || (member !== null && typeof member === 'object') ? [at] : [];
    return plaintextPasswords(member, at);
  });
}

function maskedPasswords(object: Record<string, unknown>): MissingPassword[] {
  const options = object.creationOptions;
  if (!isRecord(options) || !Array.isArray(options.configurations)) return [];
  const found: MissingPassword[] = [];
  options.configurations.forEach((configuration: unknown, index) => {
    if (!isRecord(configuration) || !isRecord(configuration.defaultPasswordSettings)) return;
    const password = configuration.defaultPasswordSettings.password;
    if (!isMaskedPassword(password)) return;
    found.push({ roleGroup: roleGroupIdOf(configuration) ?? `#${index}`, pointer: joinPointer(joinPointer('/creationOptions/configurations', index), 'defaultPasswordSettings') });
  });
  return found;
}

function supplied(body: Record<string, unknown>, roleGroup: string): boolean {
  const options = body.creationOptions;
  if (!isRecord(options) || !Array.isArray(options.configurations)) return false;
  return options.configurations.some(
    (c: unknown) =>
      isRecord(c) &&
      roleGroupIdOf(c) === roleGroup &&
      isRecord(c.defaultPasswordSettings) &&
      c.defaultPasswordSettings.password !== undefined &&
      c.defaultPasswordSettings.password !== null,
  );
}

/** A backed-up object → the body to send, checked like any body (exit 3 on a problem, nothing sent). */
function preparePiece(
  ctx: Context,
  reporter: Reporter,
  file: string,
  where: string,
  object: Record<string, unknown>,
  requestedKind: BodyKind | undefined,
  edits: readonly BodyEdit[],
  strict: boolean,
  graphUrl: string,
): Piece {
  const origin = `${file} (${where})`;
  const plain = plaintextPasswords(object);
  if (plain.length > 0) {
    for (const secret of collectPasswords(object)) ctx.secrets.add(secret);
    throw new InvalidInputError(`${origin}: holds a password in plain text, which no backup written by edu-flow does (it was edited); nothing was sent`, {
      details: plain.map((pointer) => ({ pointer, message: 'a password in a backup file: remove it, and supply it with --set <pointer>={"$env":"NAME"} instead' })),
      hint: 'supply passwords on the command line, e.g. --set \'/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":{"$env":"STAFF_PW"}}\'',
    });
  }
  const masked = maskedPasswords(object);
  const body = toUpdateBody(object, graphUrl).body;
  applyEdits(body, edits);
  for (const secret of collectPasswords(body)) ctx.secrets.add(secret);
  const parsed = { value: body, origin, positions: new Map() };
  const report = inspectBody(parsed, { requestedKind, strict, graphUrl, edits, envRefs: { env: ctx.env, mode: 'resolve' } }, ctx.secrets);
  requireValid(parsed, report);
  for (const warning of report.warnings) reporter.warn(`${origin} ${warning.pointer}: ${warning.message}`);
  const typed = withODataType(body, report.kind);
  return {
    kind: report.kind,
    name: KIND_NAMES[report.kind],
    oldId: typeof object.id === 'string' ? object.id : '?',
    body: typed,
    missing: masked.filter((m) => !supplied(typed, m.roleGroup)),
  };
}

function missingLines(pieces: Piece[], creating: boolean): string[] {
  return pieces.flatMap((piece) =>
    piece.missing.map(
      (m) =>
        `the default password of role group ${m.roleGroup} (${piece.name} ${piece.oldId}, ${m.pointer}) cannot be restored: the backup holds only a mask. ${creating ? 'The flow is created without it' : 'It is not sent'}; supply it with --set '${m.pointer}={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":{"$env":"NAME"}}'`,
    ),
  );
}

/** For JSON previews: each default password the restore cannot bring back. */
const notRestored = (pieces: Piece[]) =>
  pieces.flatMap((piece) => piece.missing.map((m) => ({ type: piece.kind, flowId: piece.oldId, roleGroup: m.roleGroup, pointer: m.pointer })));

function checkTenant(reporter: Reporter, backup: Backup, credential: Credential, allow: boolean): void {
  if (backup.tenant === undefined) return; // format 1: warned already
  if (backup.tenant === null) {
    reporter.warn('the backup does not record its tenant (the credential that took it did not say): the tenant cannot be checked');
    return;
  }
  if (!credential.tenant) {
    reporter.warn(`the backup was taken in tenant ${backup.tenant}; this credential does not say its tenant, so it cannot be checked`);
    return;
  }
  if (backup.tenant.toLowerCase() === credential.tenant.toLowerCase()) return;
  if (!allow) {
    throw new UsageError(`the backup was taken in tenant ${backup.tenant}, but this credential is for tenant ${credential.tenant}: nothing was sent`, {
      hint: `sign in to tenant ${backup.tenant} (edu-flow --tenant ${backup.tenant} login), or pass ${ALLOW_OTHER_TENANT_FLAG} to restore into ${credential.tenant} on purpose`,
    });
  }
  reporter.warn(`restoring a backup of tenant ${backup.tenant} into tenant ${credential.tenant} (${ALLOW_OTHER_TENANT_FLAG})`);
}

async function readCurrent(graph: GraphClient, path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await graph.request('GET', path)).body as Record<string, unknown>;
  } catch (error) {
    if (error instanceof GraphError && error.info.status === 404) return undefined;
    throw error;
  }
}

const targetOf = (credential: Credential, rest: Omit<WriteTarget, 'tenant' | 'principal' | 'source'>): WriteTarget => ({
  tenant: credential.tenant ?? 'unknown',
  principal: credential.principal ?? 'unknown',
  source: credential.source,
  ...rest,
});

const members = (patch: Record<string, unknown>): string[] => Object.keys(patch).filter((key) => key !== '@odata.type');
const idOf = (body: unknown): string | undefined => (isRecord(body) && typeof body.id === 'string' ? body.id : undefined);

async function restoreFlow(ctx: Context, reporter: Reporter, options: RestoreOptions, file: string, backup: Backup, edits: BodyEdit[]): Promise<void> {
  const setId = backup.setId;
  const flowId = backup.flowId as string;
  const piece = preparePiece(ctx, reporter, file, 'the flow', backup.object, undefined, edits, options.strict, options.settings.graphUrl.value);
  if (piece.kind === 'flowSet') throw new InvalidInputError(`${file}: a flow backup holds a flow set; nothing was sent`);
  if (options.dryRun) {
    for (const line of missingLines([piece], false)) reporter.warn(line);
    printDryRun(
      ctx,
      reporter,
      [{ method: 'PATCH', url: `${options.settings.graphUrl.value}${flowPath(setId, flowId)}`, body: piece.body }],
      `The body shown is the whole backed-up flow: online, when the flow still exists, only the members that differ from it are PATCHed (nothing when none do); when it was deleted, it is created again with a POST to ${flowsPath(setId)} (a new id). \`--plan\` shows the exact request.`,
    );
    return;
  }
  if (!options.plan) ensureCanConfirm(ctx, options.yes, WHAT);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  checkTenant(reporter, backup, credential, options.allowOtherTenant);
  const [current, set] = await settleAll([readCurrent(graph, flowPath(setId, flowId)), readCurrent(graph, flowSetPath(setId))]);
  const target = targetOf(credential, { setId, setName: typeof set?.displayName === 'string' ? set.displayName : undefined, flowType: piece.name, flowId });

  if (!current) {
    const request: PlannedRequest = { method: 'POST', url: `${graph.baseUrl}${flowsPath(setId)}`, body: piece.body };
    const summary = [`the flow no longer exists: it is created again in the set (Graph gives it a new id)`, ...missingLines([piece], true)];
    if (options.plan) {
      printPlan(reporter, [request], {
        lines: ['Restore:', ...describeTarget(target, summary)],
        extra: { operation: 'restore', created: true, setId, flowId, passwordsNotRestored: notRestored([piece]) },
      });
      return;
    }
    for (const line of missingLines([piece], true)) reporter.warn(line);
    await confirmWrite(ctx, reporter, { yes: options.yes, what: WHAT, question: `Create the ${piece.name} ${flowId} again in set ${setId}?`, target, summary });
    const response = await graph.request('POST', flowsPath(setId), piece.body);
    const newId = idOf(response.body);
    reporter.success(`Restored the ${piece.name}: ${flowId} → ${newId ?? '(id unknown: see `edu-flow list`)'} (created again in set ${setId}; Graph gives a new id)`);
    reporter.result({
      restored: true,
      created: true,
      setId,
      flows: [{ type: piece.kind, oldId: flowId, newId: newId ?? null }],
      requestId: response.requestId,
      clientRequestId: response.clientRequestId,
    });
    return;
  }

  const liveBody = toUpdateBody(current, graph.baseUrl).body;
  const patch = minimalPatch(liveBody, piece.body);
  const sent = members(patch);
  const dropped = guardPasswords(current, patch, { allowDrop: options.dropDefaultPasswords });
  const { changes } = compare(liveBody, patch);
  const url = `${graph.baseUrl}${flowPath(setId, flowId)}`;
  const lost = 'creationOptions' in patch ? piece.missing.filter((m) => !dropped.some((d) => d.roleGroup === m.roleGroup)) : [];
  const summary = [
    sent.length ? `overwrites ${sent.join(', ')} with the backed-up values (${countChanges(changes.length)}):` : 'nothing differs from the backup',
    ...(sent.length ? renderChanges(changes, reporter.color).split('\n') : []),
    ...describeLosses(dropped),
    ...missingLines([{ ...piece, missing: lost }], false),
  ];
  if (options.plan) {
    printPlan(reporter, sent.length ? [{ method: 'PATCH', url, body: patch }] : [], {
      lines: ['Restore:', ...describeTarget(target, summary)],
      extra: { operation: 'restore', created: false, setId, flowId, changed: sent.length > 0, sent },
    });
    return;
  }
  if (sent.length === 0) {
    reporter.success(`The ${piece.name} ${flowId} already holds the backed-up state: nothing was sent`);
    reporter.result({ restored: true, created: false, changed: false, setId, flowId });
    return;
  }
  for (const line of describeLosses(dropped)) reporter.warn(line);
  await confirmWrite(ctx, reporter, { yes: options.yes, what: WHAT, question: `Overwrite the ${piece.name} ${flowId} with the backup?`, target, summary });
  const saved = await recordBackup(ctx, { backupDir: options.backupDir, operation: 'restore', graphUrl: graph.baseUrl, credential, setId, flowId, object: current });
  reporter.info(`backup of the current state: ${saved}`);
  const response = await graph.request('PATCH', flowPath(setId, flowId), patch);
  reporter.success(`Restored the ${piece.name} ${flowId} from ${file} (${countChanges(changes.length)}, HTTP ${response.status})`);
  reporter.result({
    restored: true,
    created: false,
    changed: true,
    setId,
    flowId,
    sent,
    backup: saved,
    passwordsRemoved: dropped.map((d) => d.roleGroup),
    requestId: response.requestId,
    clientRequestId: response.clientRequestId,
  });
}

async function restoreSet(ctx: Context, reporter: Reporter, options: RestoreOptions, file: string, backup: Backup, edits: BodyEdit[]): Promise<void> {
  const graphUrl = options.settings.graphUrl.value;
  const setId = backup.setId;
  const flows = backup.flows ?? [];
  if (backup.flows === undefined) reporter.warn("this backup holds the set only (it was taken before backups held a set's flows): its flows are not restored");
  const userFlows = flows.filter((flow) => flow['@odata.type'] === '#microsoft.graph.industryData.userProvisioningFlow');
  if (edits.length > 0 && userFlows.length !== 1)
    throw new UsageError(`--set and --set-string edit the user provisioning flow of a set backup, and this one holds ${userFlows.length}`);
  const setPiece = preparePiece(ctx, reporter, file, 'the set', backup.object, 'flowSet', [], options.strict, graphUrl);
  const flowPieces = flows.map((flow, index) => {
    const piece = preparePiece(ctx, reporter, file, `flow ${index}`, flow, undefined, flow === userFlows[0] ? edits : [], options.strict, graphUrl);
    if (piece.kind === 'flowSet') throw new InvalidInputError(`${file}: flows/${index} is not a provisioning flow; nothing was sent`);
    return piece;
  });
  const setName = typeof setPiece.body.displayName === 'string' ? setPiece.body.displayName : undefined;
  const NEW = '{new-set-id}';
  const creation = (base: string): PlannedRequest[] => [
    { method: 'POST', url: `${base}${flowSetsPath()}`, body: setPiece.body },
    ...flowPieces.map((piece): PlannedRequest => ({ method: 'POST', url: `${base}${flowSetsPath()}/${NEW}/provisioningFlows`, body: piece.body })),
  ];
  if (options.dryRun) {
    for (const line of missingLines(flowPieces, true)) reporter.warn(line);
    printDryRun(
      ctx,
      reporter,
      creation(graphUrl),
      `Online, when the set ${setId} no longer exists, these are sent in order, the flows to the new set's id (${NEW}); a set named ${quoted(setName ?? '')} already there stops the restore (${ALLOW_DUPLICATE_NAME_FLAG} goes on). When the set still exists, only its changed members are PATCHed and its flows are left alone. \`--plan\` shows the exact requests.`,
    );
    return;
  }
  if (!options.plan) ensureCanConfirm(ctx, options.yes, WHAT);
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.preflightWrite();
  checkTenant(reporter, backup, credential, options.allowOtherTenant);
  const current = await readCurrent(graph, flowSetPath(setId));
  if (current) {
    await patchExistingSet(ctx, reporter, options, file, graph, credential, setPiece, current, flowPieces.length);
    return;
  }
  const existing = (await listAll(graph, flowSetsPath())).filter(
    (set) => typeof set.displayName === 'string' && setName !== undefined && set.displayName.toLowerCase() === setName.toLowerCase(),
  );
  if (existing.length > 0) {
    const ids = existing.map((set) => String(set.id)).join(', ');
    if (!options.allowDuplicateName) {
      throw new UsageError(`a flow set named ${quoted(String(setName))} already exists (${ids}): restoring would make a second one; nothing was sent`, {
        hint: `it may be an earlier restore of this backup (\`edu-flow sets get --set-id ${existing[0].id}\`); pass ${ALLOW_DUPLICATE_NAME_FLAG} to create another set with the same name`,
      });
    }
    reporter.warn(`a flow set named ${quoted(String(setName))} already exists (${ids}); creating another one (${ALLOW_DUPLICATE_NAME_FLAG})`);
  }
  const target = targetOf(credential, { setId, setName });
  const summary = [
    `the set no longer exists: it is created again (a new id), then its ${flowPieces.length === 1 ? 'flow' : `${flowPieces.length} flows`} in it:`,
    ...flowPieces.map((piece) => `  - ${piece.name} ${piece.oldId}`),
    ...missingLines(flowPieces, true),
  ];
  if (options.plan) {
    printPlan(reporter, creation(graph.baseUrl), {
      lines: ['Restore:', ...describeTarget(target, summary)],
      extra: { operation: 'restore', created: true, setId, flows: flowPieces.map((p) => ({ type: p.kind, oldId: p.oldId })), passwordsNotRestored: notRestored(flowPieces) },
    });
    return;
  }
  for (const line of missingLines(flowPieces, true)) reporter.warn(line);
  await confirmWrite(ctx, reporter, {
    yes: options.yes,
    what: WHAT,
    question: `Create the flow set ${quoted(setName ?? setId)} again with ${flowPieces.length === 1 ? 'its flow' : `its ${flowPieces.length} flows`}?`,
    target,
    summary,
  });
  const setResponse = await graph.request('POST', flowSetsPath(), setPiece.body);
  const newSetId = idOf(setResponse.body);
  if (newSetId === undefined) throw new InvalidInputError('Graph created the flow set but did not say its id, so its flows cannot be created: see `edu-flow sets list`');
  reporter.info(`set ${setId} → ${newSetId}`);
  const restored: { type: BodyKind; oldId: string; newId: string | null }[] = [];
  for (const piece of flowPieces) {
    try {
      const response = await graph.request('POST', flowsPath(newSetId), piece.body);
      const newId = idOf(response.body) ?? null;
      restored.push({ type: piece.kind, oldId: piece.oldId, newId });
      reporter.info(`${piece.name} ${piece.oldId} → ${newId ?? '(id unknown)'}`);
    } catch (error) {
      reporter.warn(
        `the set was created again as ${newSetId} with ${restored.length} of its ${flowPieces.length} flows; the ${piece.name} ${piece.oldId} and the ones after it were not created (${file} still holds them)`,
      );
      throw error;
    }
  }
  reporter.success(
    `Restored the flow set ${quoted(setName ?? setId)}: ${setId} → ${newSetId}, with ${restored.length} flow${restored.length === 1 ? '' : 's'} (Graph gives new ids)`,
  );
  reporter.result({ restored: true, created: true, set: { oldId: setId, newId: newSetId }, flows: restored });
}

async function patchExistingSet(
  ctx: Context,
  reporter: Reporter,
  options: RestoreOptions,
  file: string,
  graph: GraphClient,
  credential: Credential,
  setPiece: Piece,
  current: Record<string, unknown>,
  flowCount: number,
): Promise<void> {
  const setId = setPiece.oldId === '?' ? String(current.id) : setPiece.oldId;
  const liveBody = toUpdateBody(current, graph.baseUrl).body;
  // Members the backup lacks (a filter added since) are cleared: the saved state, whole.
  const desired: Record<string, unknown> = { ...setPiece.body };
  if (!('filter' in desired)) desired.filter = null;
  const patch = minimalPatch(liveBody, desired);
  const sent = members(patch);
  const { changes } = compare(liveBody, patch);
  const target = targetOf(credential, { setId, setName: typeof current.displayName === 'string' ? current.displayName : undefined });
  const summary = [
    sent.length
      ? `the set still exists: overwrites ${sent.join(', ')} with the backed-up values (${countChanges(changes.length)}):`
      : 'the set still exists and holds the backed-up values',
    ...(sent.length ? renderChanges(changes, reporter.color).split('\n') : []),
    ...(flowCount > 0 ? [`its flows are left as they are (the backup's ${flowCount} flows are restored only with the set)`] : []),
  ];
  const url = `${graph.baseUrl}${flowSetPath(setId)}`;
  if (options.plan) {
    printPlan(reporter, sent.length ? [{ method: 'PATCH', url, body: patch }] : [], {
      lines: ['Restore:', ...describeTarget(target, summary)],
      extra: { operation: 'restore', created: false, setId, changed: sent.length > 0, sent },
    });
    return;
  }
  if (sent.length === 0) {
    reporter.success(`The flow set ${setId} already holds the backed-up state: nothing was sent`);
    reporter.result({ restored: true, created: false, changed: false, setId });
    return;
  }
  await confirmWrite(ctx, reporter, { yes: options.yes, what: WHAT, question: `Overwrite the flow set ${setId} with the backup?`, target, summary });
  const saved = await recordBackup(ctx, { backupDir: options.backupDir, operation: 'restore', graphUrl: graph.baseUrl, credential, setId, object: current });
  reporter.info(`backup of the current state: ${saved}`);
  const response = await graph.request('PATCH', flowSetPath(setId), patch);
  reporter.success(`Restored the flow set ${setId} from ${file} (${countChanges(changes.length)}, HTTP ${response.status})`);
  reporter.result({ restored: true, created: false, changed: true, setId, sent, backup: saved, requestId: response.requestId, clientRequestId: response.clientRequestId });
}
