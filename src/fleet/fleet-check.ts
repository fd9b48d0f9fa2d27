import { closest } from '../body/did-you-mean.js';
import { isRecord } from '../body/is-record.js';
import { isVariableName, VARIABLE_NAME_RULE } from '../body/var-refs.js';
import { checkProfileName, isGuid } from '../config/profile-keys.js';
import { UsageError } from '../errors.js';
import { setOwn } from '../own-member.js';
import { joinPointer, type Problem } from '../problem.js';
import type { FleetTenant } from './fleet.js';

// The rules of a fleet file, as schemas/fleet.json states them (a test holds the two to the same
// verdicts), plus the one a schema cannot state: names unique ignoring case.

export const MAX_TENANTS = 1000;
const TOP_MEMBERS = ['$schema', 'variables', 'tenants'];
const TENANT_MEMBERS = ['name', 'tenant', 'profile', 'tags', 'variables'];
/** Names and tags: what a profile name may be, so an entry can be named after its profile. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const LABEL_RULE = '1–64 letters, digits, ".", "_" and "-", starting with a letter or digit';
/** A domain of two or more labels, the last starting with a letter (contoso.onmicrosoft.com). */
const DOMAIN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_DOMAIN_LENGTH = 253;

export interface FleetCheck {
  problems: Problem[];
  /** The entries, variables merged; meaningful only without problems. */
  tenants: FleetTenant[];
}

/** Every problem of a parsed fleet document, and its tenants. */
export function checkFleetDocument(document: Record<string, unknown>): FleetCheck {
  const problems: Problem[] = [];
  unknownMembers(document, '', TOP_MEMBERS, problems);
  if (Object.hasOwn(document, '$schema') && typeof document.$schema !== 'string') {
    problems.push(wrongType('/$schema', '"$schema"', 'a string', document.$schema));
  }
  const defaults = Object.hasOwn(document, 'variables') ? checkVariables(document.variables, '/variables', problems) : {};
  const tenants: FleetTenant[] = [];
  const list = document.tenants;
  if (!Object.hasOwn(document, 'tenants')) {
    problems.push({ pointer: '/tenants', message: `missing required member "tenants": the list of tenants, e.g. [{"name": "north", "tenant": "north.onmicrosoft.com"}]` });
  } else if (!Array.isArray(list)) {
    problems.push(wrongType('/tenants', '"tenants"', 'a list of tenant entries', list));
  } else if (list.length === 0) {
    problems.push({ pointer: '/tenants', message: `"tenants" lists no tenant: a fleet has 1 to ${MAX_TENANTS}` });
  } else if (list.length > MAX_TENANTS) {
    problems.push({ pointer: '/tenants', message: `"tenants" lists ${list.length} tenants, more than ${MAX_TENANTS}: split the fleet into several files` });
  } else {
    list.forEach((entry, index) => {
      const tenant = checkTenant(entry, joinPointer('/tenants', index), defaults, problems);
      if (tenant) tenants.push(tenant);
    });
    problems.push(...duplicateNames(list));
  }
  return { problems, tenants };
}

function checkTenant(entry: unknown, pointer: string, defaults: Record<string, unknown>, problems: Problem[]): FleetTenant | undefined {
  if (!isRecord(entry)) {
    problems.push({ pointer, message: `a tenant entry must be a JSON object {"name": …, "tenant": …}, not ${jsonKind(entry)}` });
    return undefined;
  }
  const before = problems.length;
  unknownMembers(entry, pointer, TENANT_MEMBERS, problems);
  const name = requiredString(entry, 'name', pointer, problems);
  if (name !== undefined && !LABEL.test(name)) problems.push({ pointer: joinPointer(pointer, 'name'), message: `${JSON.stringify(name)} is not a tenant name: ${LABEL_RULE}` });
  const tenant = requiredString(entry, 'tenant', pointer, problems);
  if (tenant !== undefined && !isTenant(tenant)) {
    problems.push({
      pointer: joinPointer(pointer, 'tenant'),
      message: `${JSON.stringify(tenant)} is not a tenant: give its id (a GUID) or one of its domain names, such as contoso.onmicrosoft.com`,
    });
  }
  const profile = Object.hasOwn(entry, 'profile') ? checkProfile(entry.profile, joinPointer(pointer, 'profile'), problems) : undefined;
  const tags = Object.hasOwn(entry, 'tags') ? checkTags(entry.tags, joinPointer(pointer, 'tags'), problems) : [];
  const own = Object.hasOwn(entry, 'variables') ? checkVariables(entry.variables, joinPointer(pointer, 'variables'), problems) : {};
  if (problems.length > before || name === undefined || tenant === undefined) return undefined;
  const variables: Record<string, unknown> = {};
  // Member by member (a "__proto__" variable stays a variable), and a copy per tenant, so one
  // tenant's run cannot change what another's is filled in with.
  for (const [key, value] of [...Object.entries(defaults), ...Object.entries(own)]) setOwn(variables, key, structuredClone(value));
  return { name, tenant, ...(profile === undefined ? {} : { profile }), tags, variables };
}

const isTenant = (value: string): boolean => isGuid(value) || (value.length <= MAX_DOMAIN_LENGTH && DOMAIN.test(value));

function requiredString(entry: Record<string, unknown>, member: string, pointer: string, problems: Problem[]): string | undefined {
  const at = joinPointer(pointer, member);
  if (!Object.hasOwn(entry, member)) {
    problems.push({ pointer: at, message: `missing required member "${member}"` });
    return undefined;
  }
  const value = entry[member];
  if (typeof value !== 'string') {
    problems.push(wrongType(at, `"${member}"`, 'a string', value));
    return undefined;
  }
  return value;
}

/** The profile-name rule of `config`, so an entry names a profile that can exist. */
function checkProfile(value: unknown, pointer: string, problems: Problem[]): string | undefined {
  if (typeof value !== 'string') {
    problems.push(wrongType(pointer, '"profile"', 'a string (a profile name)', value));
    return undefined;
  }
  try {
    return checkProfileName(value, 'profile');
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    problems.push({ pointer, message: `${JSON.stringify(value)} is not a profile name: ${error.hint ?? LABEL_RULE}` });
    return undefined;
  }
}

function checkTags(value: unknown, pointer: string, problems: Problem[]): string[] {
  if (!Array.isArray(value)) {
    problems.push(wrongType(pointer, '"tags"', 'a list of strings', value));
    return [];
  }
  const seen = new Map<string, number>();
  value.forEach((tag, index) => {
    const at = joinPointer(pointer, index);
    if (typeof tag !== 'string') problems.push(wrongType(at, 'a tag', 'a string', tag));
    else if (!LABEL.test(tag)) problems.push({ pointer: at, message: `${JSON.stringify(tag)} is not a tag: ${LABEL_RULE}` });
    else if (seen.has(tag)) problems.push({ pointer: at, message: `the tag ${JSON.stringify(tag)} is listed twice (also ${joinPointer(pointer, seen.get(tag) ?? 0)})` });
    else seen.set(tag, index);
  });
  return value.filter((tag): tag is string => typeof tag === 'string');
}

function checkVariables(value: unknown, pointer: string, problems: Problem[]): Record<string, unknown> {
  if (!isRecord(value)) {
    problems.push(wrongType(pointer, '"variables"', 'a JSON object {"NAME": value, …}', value));
    return {};
  }
  for (const name of Object.keys(value)) {
    if (!isVariableName(name)) problems.push({ pointer: joinPointer(pointer, name), message: `${JSON.stringify(name)} is not a variable name: ${VARIABLE_NAME_RULE}` });
  }
  return value;
}

/** Later uses of a name (ignoring case) point back at the first. */
function duplicateNames(list: unknown[]): Problem[] {
  const first = new Map<string, { index: number; name: string }>();
  const problems: Problem[] = [];
  list.forEach((entry, index) => {
    // Only well-formed names: a malformed one has its own problem already.
    if (!isRecord(entry) || !Object.hasOwn(entry, 'name') || typeof entry.name !== 'string' || !LABEL.test(entry.name)) return;
    const key = entry.name.toLowerCase();
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, { index, name: entry.name });
      return;
    }
    const also = joinPointer(joinPointer('/tenants', earlier.index), 'name');
    const caseNote = earlier.name === entry.name ? '' : `, as ${JSON.stringify(earlier.name)}: names are compared ignoring case`;
    problems.push({ pointer: joinPointer(joinPointer('/tenants', index), 'name'), message: `${JSON.stringify(entry.name)} is used twice (also ${also}${caseNote})` });
  });
  return problems;
}

function unknownMembers(record: Record<string, unknown>, pointer: string, allowed: string[], problems: Problem[]): void {
  for (const key of Object.keys(record)) {
    if (allowed.includes(key)) continue;
    const guess = closest(key, allowed);
    const message =
      guess === undefined ? `unknown member "${key}"; allowed here: ${allowed.map((a) => `"${a}"`).join(', ')}` : `unknown member "${key}" — did you mean "${guess}"?`;
    problems.push({ pointer: joinPointer(pointer, key), message });
  }
}

function wrongType(pointer: string, subject: string, expected: string, value: unknown): Problem {
  return { pointer, message: `${subject} must be ${expected}, not ${jsonKind(value)}` };
}

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'boolean') return `${value}`;
  return `a ${typeof value}`;
}
