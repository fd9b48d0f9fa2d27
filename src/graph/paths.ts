import { UsageError } from '../errors.js';

/** SPEC §6: 1–128 unreserved URL characters, not "." or ".." (they would change the path). */
const ID_PATTERN = /^[A-Za-z0-9\-._~]{1,128}$/;

export function checkId(raw: string | undefined, flag: string): string {
  if (raw === undefined || raw === '') throw new UsageError(`${flag} is required`);
  if (!ID_PATTERN.test(raw) || raw === '.' || raw === '..') {
    throw new UsageError(`${flag} ${JSON.stringify(raw)} is not a valid id`, {
      hint: 'ids are 1–128 characters of A-Z a-z 0-9 - . _ ~ (e.g. 9ab41255-5364-4c53-e15c-08dc4ab6ee03); copy it from `edu-flow list` or the SDS portal',
    });
  }
  return raw;
}

const FLOW_SETS = '/external/industryData/outboundProvisioningFlowSets';

/** Always the camelCase segment the schema and responses use (reference §1.1). */
export function flowPath(setId: string, flowId: string): string {
  return `${FLOW_SETS}/${encodeURIComponent(setId)}/provisioningFlows/${encodeURIComponent(flowId)}`;
}

export function flowSetPath(setId: string): string {
  return `${FLOW_SETS}/${encodeURIComponent(setId)}`;
}
