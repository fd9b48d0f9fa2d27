/**
 * Names the service defines, written once: the production Graph URL, the industryData paths, and
 * the rule for ids (1–128 unreserved URL characters, not "." or "..", which would change the path;
 * not checked as UUIDs, since the service's own ids are not always RFC 4122).
 */
export const PRODUCTION_GRAPH_URL = 'https://graph.microsoft.com/beta';
export const INDUSTRY_DATA_ROOT = '/external/industryData';
export const ROLE_GROUPS_PATH = `${INDUSTRY_DATA_ROOT}/roleGroups`;

const ID_CHARS = /^[A-Za-z0-9._~-]{1,128}$/;

export function isValidId(raw: string): boolean {
  return ID_CHARS.test(raw) && raw !== '.' && raw !== '..';
}
