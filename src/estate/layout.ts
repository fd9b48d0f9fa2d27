// How a tenant's SDS looks as a folder (documented in docs/as-code.md):
//
//   <dir>/edu-flow.json                the marker and index: format, and the password variables
//   <dir>/sets/<folder>/set.json       one flow set (its displayName is its key across tenants)
//   <dir>/sets/<folder>/<type>.json    its flows, one per type: user.json, classGroup.json,
//                                      securityGroup.json, administrativeUnit.json
//
// A set's folder name is only for people: sets are matched by display name, flows by type within
// their set (a set holds at most one flow of each type), so one folder describes any tenant.
import { FLOW_KINDS, type FlowKind } from '../body/kinds.js';
import { setOwn } from '../own-member.js';

export const MANIFEST_FILE = 'edu-flow.json';
export const FOLDER_FORMAT = 'edu-flow-folder/1';
export const SETS_DIR = 'sets';
export const SET_FILE = 'set.json';

/** The file name of each flow type: the names `--type` takes. */
export const FLOW_FILE_OF: Readonly<Record<FlowKind, string>> = Object.fromEntries(FLOW_KINDS.map((kind) => [kind, `${kind}.json`])) as Record<FlowKind, string>;

export function flowKindOfFile(name: string): FlowKind | undefined {
  return FLOW_KINDS.find((kind) => FLOW_FILE_OF[kind] === name);
}

/** Where role-group binds point in exported files, whatever Graph URL the export read from. */
export const CANONICAL_GRAPH_URL = 'https://graph.microsoft.com/beta';

/** The key sets are matched by: display names compare ignoring case, in Unicode NFC. */
export const setNameKey = (name: string): string => name.normalize('NFC').toLowerCase();

/**
 * A folder name for a set's display name: lower-case ASCII letters, digits and dashes, at most 60
 * characters ("Contoso district flows" → "contoso-district-flows"); "set" when nothing is left.
 */
export function folderNameFor(displayName: string): string {
  const slug = displayName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'set';
}

/**
 * The environment variable an exported default password is read from: SDS_PASSWORD_<SET>_<ROLE GROUP>
 * in upper snake case ("SDS_PASSWORD_CONTOSO_DISTRICT_FLOWS_STAFF").
 */
export function passwordVariableFor(setFolder: string, roleGroupId: string): string {
  const part = (text: string): string =>
    text
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '');
  return `SDS_PASSWORD_${part(setFolder) || 'SET'}_${part(roleGroupId) || 'ROLE_GROUP'}`;
}

/**
 * The same value with every object's keys in code-point order, at any depth (arrays keep their
 * order: it can mean something). With two-space JSON, an unchanged tenant exports byte for byte the same.
 */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as Record<string, unknown>).sort()) {
    setOwn(out, key, sortKeys((value as Record<string, unknown>)[key]));
  }
  return out;
}

/** A file's text as export writes it: sorted keys, two spaces, a final newline. */
export const fileText = (value: unknown): string => `${JSON.stringify(sortKeys(value), null, 2)}\n`;
