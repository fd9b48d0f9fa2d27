import { INDUSTRY_DATA_ROOT, isValidId, ROLE_GROUPS_PATH } from '../body/graph-names.js';
import { UsageError } from '../errors.js';

/** An id: 1–128 unreserved URL characters, not "." or ".." (they would change the path). */

export function checkId(raw: string | undefined, flag: string): string {
  if (raw === undefined || raw === '') throw new UsageError(`${flag} is required`);
  if (!isValidId(raw)) {
    throw new UsageError(`${flag} ${JSON.stringify(raw)} is not a valid id`, {
      hint: 'ids are 1–128 characters of A-Z a-z 0-9 - . _ ~ (e.g. 9ab41255-5364-4c53-e15c-08dc4ab6ee03); copy it from `edu-flow list` or `edu-flow sets list`',
    });
  }
  return raw;
}

const ROOT = INDUSTRY_DATA_ROOT;
const FLOW_SETS = `${ROOT}/outboundProvisioningFlowSets`;

/** Always the camelCase segment the schema and responses use (some Microsoft docs show a PascalCase one). */
export const flowSetsPath = (): string => FLOW_SETS;
export const flowSetPath = (setId: string): string => `${FLOW_SETS}/${encodeURIComponent(setId)}`;
export const flowsPath = (setId: string): string => `${flowSetPath(setId)}/provisioningFlows`;
export const flowPath = (setId: string, flowId: string): string => `${flowsPath(setId)}/${encodeURIComponent(flowId)}`;
/** The documented `/reset` segment, not the SDK's namespace-qualified one. */
export const resetPath = (setId: string, flowId: string): string => `${flowPath(setId, flowId)}/reset`;
export const roleGroupsPath = (): string => ROLE_GROUPS_PATH;
export const roleGroupPath = (id: string): string => `${roleGroupsPath()}/${encodeURIComponent(id)}`;

/** The bind URL a user configuration sends for a role group, under the configured Graph URL. */
export function roleGroupBind(graphUrl: string, roleGroupId: string): string {
  return `${graphUrl}${roleGroupPath(roleGroupId)}`;
}

const RUNS = `${ROOT}/runs`;
/** SDS runs (every 12 hours, or on demand). */
export const runsPath = (): string => RUNS;
export const runPath = (runId: string): string => `${RUNS}/${encodeURIComponent(runId)}`;
export const runActivitiesPath = (runId: string): string => `${runPath(runId)}/activities`;
/** The documented short form of the bound function (the SDKs write microsoft.graph.industryData.getStatistics()). */
export const runStatisticsPath = (runId: string): string => `${runPath(runId)}/getStatistics`;
/** The documented short form of the bound action: 202 Accepted, no body. */
export const runStartPath = (): string => `${RUNS}/start`;
