// What a folder wants one tenant to hold: every file with that tenant's variables substituted,
// checked offline (schema, deprecations, env-reference form, what a new object needs), before any
// request. {"$env": …} password references stay unresolved here: apply resolves the ones it sends.
import { resolveEnvRefs } from '../body/env-refs.js';
import { isRecord } from '../body/is-record.js';
import { KIND_NAMES, KINDS, kindOfODataType, type BodyKind, type FlowKind } from '../body/kinds.js';
import { locate, type ParsedBody } from '../body/parse.js';
import { inspectBody, withODataType } from '../body/prepare.js';
import { findVarRefs, substituteVars } from '../body/var-refs.js';
import type { Problem } from '../problem.js';
import { collectPasswords, type SecretScrubber } from '../secrets.js';
import { FLOW_FILE_OF, SET_FILE, setNameKey } from './layout.js';
import type { EstateFolder, FileProblem } from './read-folder.js';

export interface DesiredFlow {
  kind: FlowKind;
  /** `sets/<folder>/<type>.json` */
  file: string;
  /** The body to hold: variables substituted, password references kept, @odata.type set. */
  body: Record<string, unknown>;
  /** The same body with its source positions, for online checks that point into the file. */
  parsed: ParsedBody;
}

export interface DesiredSet {
  name: string;
  file: string;
  body: Record<string, unknown>;
  flows: DesiredFlow[];
}

export interface DesiredEstate {
  sets: DesiredSet[];
}

export interface DesiredOptions {
  /** The tenant's variables ({"$var": NAME} and "${NAME}" in the files). */
  variables: Readonly<Record<string, unknown>>;
  graphUrl: string;
  strict: boolean;
  secrets: SecretScrubber;
  /**
   * Files without variables read the same for every tenant: a fleet passes one cache to every
   * tenant's call, so each such file is checked once, not once per tenant.
   */
  sameForAll?: Map<ParsedBody, FileCheck>;
}

/** What checking one file gave. */
export interface FileCheck {
  checked: ParsedBody | undefined;
  problems: FileProblem[];
  warnings: FileProblem[];
}

export interface DesiredResult {
  estate: DesiredEstate;
  problems: FileProblem[];
  warnings: FileProblem[];
}

/** The folder for one tenant; problems and warnings are returned, not thrown, so a fleet can gather every tenant's. */
export function desiredEstate(folder: EstateFolder, options: DesiredOptions): DesiredResult {
  const problems: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const sets: DesiredSet[] = [];
  const names = new Map<string, string>();
  for (const entry of folder.sets) {
    const setFile = `${entry.dir}/${SET_FILE}`;
    const set = checkFile(entry.set, setFile, 'flowSet', options, problems, warnings);
    const flows: DesiredFlow[] = [];
    for (const flow of entry.flows) {
      const file = `${entry.dir}/${FLOW_FILE_OF[flow.kind]}`;
      const checked = checkFile(flow.parsed, file, flow.kind, options, problems, warnings);
      if (checked) flows.push({ kind: flow.kind, file, body: checked.value, parsed: checked });
    }
    if (!set) continue;
    const name = set.value.displayName;
    if (typeof name !== 'string' || name.trim() === '') continue; // reported by checkFile
    const key = setNameKey(name);
    const other = names.get(key);
    if (other !== undefined) {
      problems.push({
        file: setFile,
        pointer: '/displayName',
        message: `the flow set name ${JSON.stringify(name)} is also the name in ${other}: sets are matched by name, so each needs its own`,
      });
      continue;
    }
    names.set(key, setFile);
    sets.push({ name, file: setFile, body: set.value, flows });
  }
  return { estate: { sets }, problems, warnings };
}

/** One file, from the cache when it has no variables (see DesiredOptions.sameForAll). */
function checkFile(parsed: ParsedBody, file: string, kind: BodyKind, options: DesiredOptions, problems: FileProblem[], warnings: FileProblem[]): ParsedBody | undefined {
  const cacheable = options.sameForAll !== undefined && findVarRefs(parsed.value).length === 0;
  let result = cacheable ? options.sameForAll?.get(parsed) : undefined;
  if (!result) {
    result = { checked: undefined, problems: [], warnings: [] };
    result.checked = checkFileNow(parsed, file, kind, options, result.problems, result.warnings);
    if (cacheable) options.sameForAll?.set(parsed, result);
  }
  problems.push(...result.problems);
  warnings.push(...result.warnings);
  return result.checked;
}

/** One file: variables, then the checks; undefined (with problems recorded) when it is not usable. */
function checkFileNow(parsed: ParsedBody, file: string, kind: BodyKind, options: DesiredOptions, problems: FileProblem[], warnings: FileProblem[]): ParsedBody | undefined {
  const at = (problem: Problem): FileProblem => {
    const position = problem.line === undefined ? locate(problem.pointer, parsed.positions) : undefined;
    return { file, ...problem, ...(position ? { line: position.line, column: position.column } : {}) };
  };
  const before = problems.length;
  const substituted = substituteVars(parsed.value, options.variables);
  problems.push(...substituted.errors.map(at));
  if (problems.length > before || !isRecord(substituted.value)) return undefined;
  const value: Record<string, unknown> = { ...substituted.value };
  delete value.$schema;
  for (const password of collectPasswords(value)) options.secrets.add(password);

  const named = value['@odata.type'];
  if (named !== undefined && kindOfODataType(String(named)) !== kind) {
    problems.push(at({ pointer: '/@odata.type', message: `this file holds a ${KIND_NAMES[kind]} (its name says so), but @odata.type is ${JSON.stringify(named)}` }));
    return undefined;
  }
  // Password references are checked for their form only; the value is needed only when apply sends it.
  const checked = structuredClone(value);
  const references = resolveEnvRefs(checked, {}, 'check');
  problems.push(...references.errors.map(at));
  const report = inspectBody({ value: checked, origin: file, positions: parsed.positions }, { requestedKind: kind, strict: options.strict, graphUrl: options.graphUrl, edits: [] });
  problems.push(...report.errors.map(at));
  warnings.push(...report.warnings.map(at));
  const required = KINDS[kind].requiredOnCreate;
  if (value[required] === undefined || (kind === 'flowSet' && (typeof value.displayName !== 'string' || value.displayName.trim() === ''))) {
    problems.push(at({ pointer: `/${required}`, message: `a ${KIND_NAMES[kind]} file must hold "${required}" (it is what a new one is created with)` }));
  }
  if (problems.length > before) return undefined;
  return { value: withODataType(value, kind), origin: file, positions: parsed.positions };
}
