// What one tenant needs to match the folder (pure: the reads happen before, the writes after).
// Sets are matched by name, flows by type within their set. Each flow file is the whole flow: the
// members it holds are compared (lists element by element, as `diff` does) and each member that
// differs is sent whole, as Graph replaces it whole.
import { withODataType } from '../body/prepare.js';
import { isRecord } from '../body/is-record.js';
import { FLOW_KINDS, type FlowKind } from '../body/kinds.js';
import type { ParsedBody } from '../body/parse.js';
import { compare, type Change } from '../change/compare.js';
import { findPasswordLosses, roleGroupIdOf, type PasswordLoss } from '../change/password-guard.js';
import { toUpdateBody } from '../graph/update-ready.js';
import { setOwn } from '../own-member.js';
import { MASK } from '../secrets.js';
import type { DesiredEstate, DesiredFlow } from './desired.js';
import type { LiveSetRead } from './export-files.js';
import { setNameKey } from './layout.js';
import { indexLiveSets, type LiveSet } from './live.js';
import type { EstateStep, TenantPlan, UnmanagedObject } from './model.js';

/** A step with what carrying it out needs. */
export interface StepWork {
  step: EstateStep;
  /** create: the whole body; update: the PATCH (members that change, each whole). Password references unresolved. */
  body?: Record<string, unknown>;
  /** update and delete: the object as read (the backup, the password guard). */
  live?: Record<string, unknown>;
  /** A set's delete: its flows as read, for the backup. */
  liveFlows?: Record<string, unknown>[];
  /** Flows: the file's body with positions, for the role-group check. */
  parsed?: ParsedBody;
  /** update: live default passwords this PATCH would remove (apply refuses them unless told). */
  passwordLosses: PasswordLoss[];
}

export interface TenantPlanWork {
  plan: TenantPlan;
  work: StepWork[];
}

export interface PlanOptions {
  /** Also delete live sets and flows no file describes. */
  prune: boolean;
  /** The Graph URL the tenant was read from (role-group binds in live flows are turned back into binds under it). */
  graphUrl: string;
}

export const setKey = (name: string): string => `set:${name}`;
export const flowKey = (name: string, kind: FlowKind): string => `flow:${name}/${kind}`;

export function planTenant(desired: DesiredEstate, live: LiveSetRead[], options: PlanOptions): TenantPlanWork {
  const wanted = new Set(desired.sets.map((set) => setNameKey(set.name)));
  const liveSets = indexLiveSets(live, wanted);
  const setSteps: StepWork[] = [];
  const flowSteps: StepWork[] = [];
  const deletes: StepWork[] = [];
  const unmanaged: UnmanagedObject[] = [];
  let unchanged = 0;
  let writeOnlyPasswords = 0;

  for (const set of desired.sets) {
    const current = liveSets.get(setNameKey(set.name));
    if (!current) {
      setSteps.push({ step: { key: setKey(set.name), action: 'create', object: 'set', setName: set.name, file: set.file, changes: [] }, body: set.body, passwordLosses: [] });
      for (const flow of FLOW_KINDS.flatMap((kind) => set.flows.filter((f) => f.kind === kind))) {
        flowSteps.push({
          step: { key: flowKey(set.name, flow.kind), action: 'create', object: 'flow', setName: set.name, kind: flow.kind, file: flow.file, changes: [] },
          body: flow.body,
          parsed: flow.parsed,
          passwordLosses: [],
        });
      }
      continue;
    }
    const setChange = planSetUpdate(set.body, current, options.graphUrl);
    if (setChange) setSteps.push({ ...setChange, step: { ...setChange.step, key: setKey(set.name), setName: set.name, file: set.file } });
    else unchanged++;
    const files = new Map(set.flows.map((flow) => [flow.kind, flow]));
    for (const kind of FLOW_KINDS) {
      const flow = files.get(kind);
      const liveFlow = current.flows.get(kind);
      if (flow && !liveFlow) {
        flowSteps.push({
          step: { key: flowKey(set.name, kind), action: 'create', object: 'flow', setName: set.name, setId: current.id, kind, file: flow.file, changes: [] },
          body: flow.body,
          parsed: flow.parsed,
          passwordLosses: [],
        });
      } else if (flow && liveFlow) {
        const update = planFlowUpdate(flow, liveFlow.raw, options.graphUrl);
        writeOnlyPasswords += update.writeOnlyPasswords;
        if (update.changes.length === 0) {
          unchanged++;
          continue;
        }
        flowSteps.push({
          step: {
            key: flowKey(set.name, kind),
            action: 'update',
            object: 'flow',
            setName: set.name,
            setId: current.id,
            kind,
            flowId: liveFlow.id,
            file: flow.file,
            changes: update.changes,
          },
          body: update.patch,
          live: liveFlow.raw,
          parsed: flow.parsed,
          passwordLosses: findPasswordLosses(liveFlow.raw, update.patch),
        });
      } else if (liveFlow) {
        const object: UnmanagedObject = { object: 'flow', setName: current.name, setId: current.id, kind, flowId: liveFlow.id };
        if (options.prune) deletes.push({ step: { key: flowKey(set.name, kind), action: 'delete', changes: [], ...object }, live: liveFlow.raw, passwordLosses: [] });
        else unmanaged.push(object);
      }
    }
  }
  for (const [key, current] of liveSets) {
    if (wanted.has(key)) continue;
    const object: UnmanagedObject = { object: 'set', setName: current.name, setId: current.id };
    if (!options.prune) {
      unmanaged.push(object);
      continue;
    }
    deletes.push({
      step: { key: setKey(current.name), action: 'delete', changes: [], ...object },
      live: current.raw,
      liveFlows: [...current.flows.values()].map((flow) => flow.raw),
      passwordLosses: [],
    });
  }
  // Sets before their flows; flows deleted before a set is (a set's delete takes its flows with it).
  const flowDeletes = deletes.filter((w) => w.step.object === 'flow');
  const setDeletes = deletes.filter((w) => w.step.object === 'set');
  const work = [...setSteps, ...flowSteps, ...flowDeletes, ...setDeletes];
  return { plan: { steps: work.map((w) => w.step), unmanaged, unchanged, writeOnlyPasswords }, work };
}

/** A set's file against the live set: only the filter and the name's spelling can differ. */
function planSetUpdate(wanted: Record<string, unknown>, current: LiveSet, graphUrl: string): StepWork | undefined {
  const liveBody = withODataType(toUpdateBody(current.raw, graphUrl).body, 'flowSet');
  // The file is the whole set: no filter there means none in SDS.
  const desired = 'filter' in wanted || !('filter' in liveBody) ? wanted : { ...wanted, filter: null };
  const changes = compare(liveBody, desired).changes;
  if (changes.length === 0) return undefined;
  return {
    step: { key: '', action: 'update', object: 'set', setName: current.name, setId: current.id, changes },
    body: patchOf(liveBody, desired, desired),
    live: current.raw,
    passwordLosses: [],
  };
}

/**
 * A flow's file against the live flow. A write-only password the file names and the live flow holds
 * is no change (it cannot be read back); a live password the file leaves out is one — its removal —
 * and takes the configuration list into the PATCH, where apply's password guard stops it.
 */
function planFlowUpdate(flow: DesiredFlow, liveRaw: Record<string, unknown>, graphUrl: string): { changes: Change[]; patch: Record<string, unknown>; writeOnlyPasswords: number } {
  const liveBody = toUpdateBody(liveRaw, graphUrl).body;
  const { body: comparable, count } = withoutHeldPasswords(flow.body, liveRaw);
  const changes = compare(liveBody, comparable).changes;
  const patch = patchOf(liveBody, comparable, flow.body);
  if ('creationOptions' in flow.body) {
    const removed = findPasswordLosses(liveRaw, { creationOptions: flow.body.creationOptions });
    for (const loss of removed) changes.push({ pointer: loss.pointer, before: MASK, element: `role group ${loss.roleGroup}` });
    if (removed.length > 0) setOwn(patch, 'creationOptions', structuredClone(flow.body.creationOptions));
  }
  return { changes, patch, writeOnlyPasswords: count };
}

/** @odata.type, then each top-level member whose comparable form differs, taken whole from `full`. */
function patchOf(liveBody: Record<string, unknown>, comparable: Record<string, unknown>, full: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (full['@odata.type'] !== undefined) patch['@odata.type'] = full['@odata.type'];
  for (const key of Object.keys(comparable)) {
    if (key === '@odata.type') continue;
    const live = key in liveBody ? { [key]: liveBody[key] } : {};
    if (compare(live, { [key]: comparable[key] }).changes.length > 0) setOwn(patch, key, structuredClone(full[key]));
  }
  return patch;
}

/**
 * The body without the default passwords that the live flow holds for the same role group: Graph
 * never returns a password, so "the file names one and SDS has one" is all that can be known.
 */
function withoutHeldPasswords(body: Record<string, unknown>, liveRaw: Record<string, unknown>): { body: Record<string, unknown>; count: number } {
  const configurations = configurationsOf(body);
  if (!configurations) return { body, count: 0 };
  const held = new Set(
    (configurationsOf(liveRaw) ?? [])
      .filter((c) => isRecord(c.defaultPasswordSettings) && c.defaultPasswordSettings.password !== undefined && c.defaultPasswordSettings.password !== null)
      .map((c) => roleGroupIdOf(c)),
  );
  let count = 0;
  const copy = structuredClone(body);
  for (const configuration of configurationsOf(copy) ?? []) {
    const settings = configuration.defaultPasswordSettings;
    if (!isRecord(settings) || settings.password === undefined || settings.password === null) continue;
    if (!held.has(roleGroupIdOf(configuration))) continue;
    delete configuration.defaultPasswordSettings;
    count++;
  }
  return { body: copy, count };
}

function configurationsOf(flow: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const options = flow.creationOptions;
  return isRecord(options) && Array.isArray(options.configurations) ? options.configurations.filter(isRecord) : undefined;
}
