// Typed, read-only views of the emulated industryData store, for tests' assertions. Every
// accessor returns a deep copy: change the store through emu.sets / emu.flows / emu.roleGroups.
import { flowsOfSet } from './graph-common.js';
import { valueAt } from './json-pointer.js';
import type { RoleGroup } from './seed.js';
import type { GraphState } from './types.js';

export type ProvisioningFlowType =
  | '#microsoft.graph.industryData.userProvisioningFlow'
  | '#microsoft.graph.industryData.classGroupProvisioningFlow'
  | '#microsoft.graph.industryData.securityGroupProvisioningFlow'
  | '#microsoft.graph.industryData.administrativeUnitProvisioningFlow';

export interface BasicFilter {
  '@odata.type': '#microsoft.graph.industryData.basicFilter';
  attribute: string;
  in: string[];
}

/** A flow set as stored and as GET answers it (minus @odata.context). */
export interface FlowSetEntity {
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  displayName: string;
  filter?: BasicFilter;
}

/** A provisioning flow as stored and as GET answers it (minus @odata.context); type-specific members are loose. */
export interface ProvisioningFlowEntity {
  '@odata.type': ProvisioningFlowType;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  readinessStatus: string;
  [member: string]: unknown;
}

export interface GraphStateReader {
  /** The set, or undefined when it does not exist. */
  flowSet(setId: string): FlowSetEntity | undefined;
  /** The flow, or undefined when it does not exist. */
  flow(setId: string, flowId: string): ProvisioningFlowEntity | undefined;
  /** The set's flows in list order ([] for a missing set). */
  flowsIn(setId: string): ProvisioningFlowEntity[];
  /** The value at a JSON pointer inside the flow (undefined when the flow or the member is absent). */
  flowValue(setId: string, flowId: string, pointer: string): unknown;
  /** The role group, or undefined. */
  roleGroup(id: string): RoleGroup | undefined;
}

const copy = <T>(v: unknown): T | undefined => (v === undefined ? undefined : (structuredClone(v) as T));

/** Accessors over `state`, read live (so they see a store the test replaced). */
export function graphStateReader(state: () => GraphState): GraphStateReader {
  return {
    flowSet: (setId) => copy<FlowSetEntity>(state().sets.get(setId)),
    flow: (setId, flowId) => copy<ProvisioningFlowEntity>(state().flows.get(`${setId}/${flowId}`)),
    flowsIn: (setId) => flowsOfSet(state().flows, setId).map(([, f]) => structuredClone(f) as ProvisioningFlowEntity),
    flowValue: (setId, flowId, pointer) => copy<unknown>(valueAt(state().flows.get(`${setId}/${flowId}`), pointer)),
    roleGroup: (id) => copy<RoleGroup>(state().roleGroups.get(id)),
  };
}
