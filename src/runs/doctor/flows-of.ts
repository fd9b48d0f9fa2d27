// The tenant's flows as the flow checks walk them: each with its set, its kind and, for user flows,
// its configurations. Read defensively: a member Graph left out or sent in another shape is
// treated as absent, never as a crash.
import { isRecord } from '../../body/is-record.js';
import { KIND_NAMES, kindOfODataType, type FlowKind } from '../../body/kinds.js';
import type { LiveSetRead } from '../../estate/export-files.js';

export interface DoctorFlow {
  setId: string;
  setName: string;
  id: string;
  /** undefined for a flow type edu-flow does not know. */
  kind: FlowKind | undefined;
  raw: Record<string, unknown>;
}

export function flowsOf(live: readonly LiveSetRead[]): DoctorFlow[] {
  return live.flatMap(({ set, flows }) =>
    flows.map((raw): DoctorFlow => {
      const kind = kindOfODataType(String(raw['@odata.type'] ?? ''));
      return { setId: String(set.id ?? ''), setName: String(set.displayName ?? ''), id: String(raw.id ?? ''), kind: kind === 'flowSet' ? undefined : kind, raw };
    }),
  );
}

/**
 * `user provisioning flow in "North" (id dbd3…)`: what a check is about. Raw text: the text
 * renderer makes it safe for a terminal, JSON escapes it itself.
 */
export function describeFlow(flow: DoctorFlow): string {
  const what = flow.kind ? KIND_NAMES[flow.kind] : `flow of type ${String(flow.raw['@odata.type'] ?? 'unknown')}`;
  return `${what} in "${flow.setName}" (id ${flow.id})`;
}

export const userFlowsOf = (flows: readonly DoctorFlow[]): DoctorFlow[] => flows.filter((flow) => flow.kind === 'user');

/** A user flow's `creationOptions.configurations` (one per role group), the objects only. */
export function configurationsOf(flow: DoctorFlow): Record<string, unknown>[] {
  const creation = flow.raw.creationOptions;
  const list = isRecord(creation) ? creation.configurations : undefined;
  return Array.isArray(list) ? list.filter(isRecord) : [];
}
