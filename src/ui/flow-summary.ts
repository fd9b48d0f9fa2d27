import { kindOfODataType } from '../body/schema-check.js';
import { KIND_NAMES } from '../body/prepare.js';
import { isRecord } from '../body/is-record.js';

type Flow = Record<string, unknown>;

/** "user provisioning flow" for a flow's @odata.type, or the raw type when it is new to us. */
export function flowTypeName(flow: Flow): string {
  const type = typeof flow['@odata.type'] === 'string' ? (flow['@odata.type'] as string) : '';
  const kind = kindOfODataType(type);
  return kind ? KIND_NAMES[kind] : type.replace('#microsoft.graph.industryData.', '') || 'provisioning flow';
}

/** The key options of a flow on one line, for `list`. */
export function flowSummary(flow: Flow): string {
  const parts: string[] = [];
  const add = (label: string, value: unknown): void => {
    if (value !== undefined) parts.push(`${label}=${Array.isArray(value) ? value.join(',') : String(value)}`);
  };
  if ('createUnmatchedUsers' in flow) add('createUnmatchedUsers', flow.createUnmatchedUsers);
  const management = isRecord(flow.managementOptions) ? flow.managementOptions : undefined;
  const additional = isRecord(management?.additionalOptions) ? management.additionalOptions : undefined;
  if (additional) {
    add('studentAgeGroup', additional.studentAgeGroup);
    add('allowStudentContactAssociation', additional.allowStudentContactAssociation);
  }
  const creation = isRecord(flow.creationOptions) ? flow.creationOptions : undefined;
  if (creation && Array.isArray(creation.configurations)) {
    const groups = creation.configurations.map((c) => (isRecord(c) && isRecord(c.roleGroup) ? c.roleGroup.id : '?'));
    add('roleGroups', groups);
  } else if (creation) {
    for (const [key, value] of Object.entries(creation)) if (!key.startsWith('@')) add(key, value);
  }
  const configuration = isRecord(flow.configuration) ? flow.configuration : undefined;
  if (configuration) {
    const options = isRecord(configuration.additionalOptions) ? configuration.additionalOptions : {};
    add('createTeam', options.createTeam);
    const mappings = isRecord(configuration.enrollmentMappings) ? configuration.enrollmentMappings : {};
    const codes = (list: unknown): string[] => (Array.isArray(list) ? list.map((m) => (isRecord(m) ? String(m.code) : '?')) : []);
    add('owners', codes(mappings.ownerEnrollmentMappings));
    add('members', codes(mappings.memberEnrollmentMappings));
  }
  return parts.join('  ');
}
