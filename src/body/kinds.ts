import { UsageError } from '../errors.js';

/**
 * The body kinds edu-flow knows, in one place: each one's OData type, schema file, name for
 * people, and the member a new one must have (non-nullable members are required on create).
 */
export type BodyKind = 'user' | 'classGroup' | 'securityGroup' | 'administrativeUnit' | 'flowSet';
export type FlowKind = Exclude<BodyKind, 'flowSet'>;

interface KindFacts {
  odataType: string;
  schemaFile: string;
  displayName: string;
  /** What a new object of this kind must carry. */
  requiredOnCreate: string;
}

const NS = '#microsoft.graph.industryData.';

export const KINDS: Readonly<Record<BodyKind, KindFacts>> = {
  user: { odataType: `${NS}userProvisioningFlow`, schemaFile: 'user-provisioning-flow.json', displayName: 'user provisioning flow', requiredOnCreate: 'managementOptions' },
  classGroup: {
    odataType: `${NS}classGroupProvisioningFlow`,
    schemaFile: 'class-group-provisioning-flow.json',
    displayName: 'class group provisioning flow',
    requiredOnCreate: 'configuration',
  },
  securityGroup: {
    odataType: `${NS}securityGroupProvisioningFlow`,
    schemaFile: 'security-group-provisioning-flow.json',
    displayName: 'security group provisioning flow',
    requiredOnCreate: 'creationOptions',
  },
  administrativeUnit: {
    odataType: `${NS}administrativeUnitProvisioningFlow`,
    schemaFile: 'administrative-unit-provisioning-flow.json',
    displayName: 'administrative unit provisioning flow',
    requiredOnCreate: 'creationOptions',
  },
  flowSet: { odataType: `${NS}outboundProvisioningFlowSet`, schemaFile: 'flow-set.json', displayName: 'flow set', requiredOnCreate: 'displayName' },
};

export const BODY_KINDS: readonly BodyKind[] = ['user', 'classGroup', 'securityGroup', 'administrativeUnit', 'flowSet'];
export const FLOW_KINDS: readonly FlowKind[] = ['user', 'classGroup', 'securityGroup', 'administrativeUnit'];

const mapOf = <T>(pick: (facts: KindFacts) => T): Record<BodyKind, T> => Object.fromEntries(BODY_KINDS.map((kind) => [kind, pick(KINDS[kind])])) as Record<BodyKind, T>;

export const ODATA_TYPE_OF: Readonly<Record<BodyKind, string>> = mapOf((k) => k.odataType);
export const KIND_NAMES: Readonly<Record<BodyKind, string>> = mapOf((k) => k.displayName);
export const SCHEMA_FILE_OF: Readonly<Record<BodyKind, string>> = mapOf((k) => k.schemaFile);

export function kindOfODataType(odataType: string): BodyKind | undefined {
  return BODY_KINDS.find((kind) => KINDS[kind].odataType === odataType);
}

/**
 * A kind named on the command line (`--type`, `schema [type]`), any letter case; anything else is
 * a usage error (exit 2) listing the kinds allowed there.
 */
export function parseBodyKind<K extends string>(raw: string, allowed: readonly K[], origin: string, hint?: string): K {
  const kind = allowed.find((k) => k.toLowerCase() === raw.trim().toLowerCase());
  if (kind === undefined) throw new UsageError(`${origin} must be one of ${allowed.join(', ')}, not ${JSON.stringify(raw)}`, { hint });
  return kind;
}
