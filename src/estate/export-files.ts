// A live tenant → the files of its folder (pure: the reading and writing happen elsewhere).
import { withODataType } from '../body/prepare.js';
import { isRecord } from '../body/is-record.js';
import { kindOfODataType } from '../body/kinds.js';
import { escapeVarText } from '../body/var-refs.js';
import { toUpdateBody } from '../graph/update-ready.js';
import { joinPointer } from '../problem.js';
import { setOwn } from '../own-member.js';
import { roleGroupIdOf } from '../change/password-guard.js';
import { CANONICAL_GRAPH_URL, FLOW_FILE_OF, FOLDER_FORMAT, fileText, folderNameFor, passwordVariableFor, SET_FILE, SETS_DIR, MANIFEST_FILE } from './layout.js';

/** A flow set as read from Graph, with every flow in it as read. */
export interface LiveSetRead {
  set: Record<string, unknown>;
  flows: Record<string, unknown>[];
}

/** A default password an exported file reads from the environment. */
export interface PasswordVariable {
  env: string;
  file: string;
  pointer: string;
  roleGroup: string;
}

export interface ExportedFolder {
  /** Relative path (with "/") → the file's text. */
  files: Map<string, string>;
  passwords: PasswordVariable[];
  /** Flows whose type edu-flow does not know: not exported, named here. */
  skipped: string[];
}

/**
 * Every set and flow as a file: server-managed members, annotations and ids left out, role-group
 * binds under the production Graph URL, each live default password as {"$env": NAME} (never the mask,
 * never a value), literal "${" in strings escaped so they are not read as variables, keys sorted.
 * Sets are ordered by display name then id, so the folder names are the same on every export.
 */
export function exportFiles(live: LiveSetRead[]): ExportedFolder {
  const files = new Map<string, string>();
  const passwords: PasswordVariable[] = [];
  const skipped: string[] = [];
  const used = new Set<string>();
  const ordered = [...live].sort((a, b) => compareText(nameOf(a.set), nameOf(b.set)) || compareText(String(a.set.id), String(b.set.id)));
  for (const { set, flows } of ordered) {
    const folder = uniqueFolder(folderNameFor(nameOf(set)), used);
    const dir = `${SETS_DIR}/${folder}`;
    files.set(`${dir}/${SET_FILE}`, fileText(escapeStrings(withODataType(toUpdateBody(set, CANONICAL_GRAPH_URL).body, 'flowSet'))));
    for (const flow of flows) {
      const kind = kindOfODataType(String(flow['@odata.type']));
      if (kind === undefined || kind === 'flowSet') {
        skipped.push(`${dir}: flow ${String(flow.id)} of type ${String(flow['@odata.type'])}`);
        continue;
      }
      const file = `${dir}/${FLOW_FILE_OF[kind]}`;
      const withReferences = passwordsAsReferences(flow, folder, file, passwords);
      files.set(file, fileText(escapeStrings(toUpdateBody(withReferences, CANONICAL_GRAPH_URL).body)));
    }
  }
  passwords.sort((a, b) => compareText(a.env, b.env));
  const manifest = { format: FOLDER_FORMAT, passwords: passwords.map(({ env, file, roleGroup }) => ({ env, file, roleGroup })) };
  files.set(MANIFEST_FILE, fileText(manifest));
  return { files, passwords, skipped };
}

const nameOf = (set: Record<string, unknown>): string => String(set.displayName ?? '');
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function uniqueFolder(base: string, used: Set<string>): string {
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base}-${n}`;
  used.add(name);
  return name;
}

/** A copy of the flow where every masked default password is {"$env": NAME}. */
function passwordsAsReferences(flow: Record<string, unknown>, folder: string, file: string, passwords: PasswordVariable[]): Record<string, unknown> {
  const copy = structuredClone(flow);
  const options = copy.creationOptions;
  const configurations = isRecord(options) && Array.isArray(options.configurations) ? options.configurations : [];
  configurations.forEach((configuration: unknown, index) => {
    if (!isRecord(configuration) || !isRecord(configuration.defaultPasswordSettings)) return;
    const settings = configuration.defaultPasswordSettings;
    // Graph masks every password it returns; whatever came back, its value is never written.
    if (settings.password === undefined || settings.password === null) return;
    const roleGroup = roleGroupIdOf(configuration) ?? `configuration-${index}`;
    const env = passwordVariableFor(folder, roleGroup);
    settings.password = { $env: env };
    passwords.push({ env, file, roleGroup, pointer: joinPointer(joinPointer(joinPointer('/creationOptions/configurations', index), 'defaultPasswordSettings'), 'password') });
  });
  return copy;
}

/** Every string with a literal "${" escaped as "$${", so variables never read it. */
function escapeStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('${') ? escapeVarText(value) : value;
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) setOwn(out, key, escapeStrings(member));
  return out;
}
