import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, SchemaObject, ValidateFunction } from 'ajv/dist/2020.js';
import { closest } from './did-you-mean.js';
import { bundleSchema } from './schema-bundle.js';
import { BODY_KINDS, kindOfODataType, ODATA_TYPE_OF, type BodyKind } from './kinds.js';
import { isValidId, PRODUCTION_GRAPH_URL, ROLE_GROUPS_PATH } from './graph-names.js';
import { joinPointer, splitPointer, type Problem } from '../problem.js';
import { isRecord } from './is-record.js';
import { isMaskedPassword, isPasswordPointer } from '../secrets.js';

export { BODY_KINDS, kindOfODataType, ODATA_TYPE_OF, type BodyKind } from './kinds.js';

const SERVER_MANAGED = new Set(['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus']);

export function selectKind(body: unknown, requested?: BodyKind): { kind: BodyKind; problems: Problem[] } {
  const fallback = requested ?? 'user';
  if (!isRecord(body) || !Object.hasOwn(body, '@odata.type')) return { kind: fallback, problems: [] };
  const pointer = '/@odata.type';
  const value = body['@odata.type'];
  const valid = BODY_KINDS.map((k) => ODATA_TYPE_OF[k]);
  const listed = valid.map((t) => `"${t}"`).join(', ');
  if (typeof value !== 'string') {
    return { kind: fallback, problems: [{ pointer, message: `must be a string, one of ${listed}; not ${jsonKind(value)}` }] };
  }
  const kind = kindOfODataType(value);
  if (kind === undefined) {
    const guess = closest(value, valid);
    const hint = guess === undefined ? '' : ` — did you mean "${guess}"?`;
    return { kind: fallback, problems: [{ pointer, message: `unknown type "${value}"${hint} Valid types: ${listed}` }] };
  }
  if (requested !== undefined && requested !== kind) {
    const message = `the body's @odata.type is "${value}" (${kind}) but --type ${requested} was given: make them agree, or leave one out`;
    return { kind, problems: [{ pointer, message }] };
  }
  return { kind, problems: [] };
}

/**
 * Every problem of a body of that kind. With `deferMissing`, required members missing from an
 * object the body touches are left out: an update completes such a partial member from the live
 * flow, and findMissingMembers judges what is still missing after that merge.
 */
export function checkBody(body: unknown, kind: BodyKind, options: { graphUrl: string; deferMissing?: boolean }): Problem[] {
  const drafts = schemaDrafts(body, kind);
  const kept = options.deferMissing ? drafts.filter((d) => !(d.missing === true && completable(d.pointer))) : drafts;
  const problems = kept.map(({ pointer, message }) => ({ pointer, message }));
  if (kind === 'user') problems.push(...userConfigurationProblems(withType(body, kind), options.graphUrl));
  return sortUnique(problems);
}

/** Only the required members a body lacks: the check after a body was completed from the live flow. */
export function findMissingMembers(body: unknown, kind: BodyKind): Problem[] {
  return sortUnique(
    schemaDrafts(body, kind)
      .filter((d) => d.missing === true)
      .map(({ pointer, message }) => ({ pointer, message })),
  );
}

/** A missing top-level @odata.type is not a fault: edu-flow adds it before sending. */
const withType = (body: unknown, kind: BodyKind): unknown => (isRecord(body) && !Object.hasOwn(body, '@odata.type') ? { '@odata.type': ODATA_TYPE_OF[kind], ...body } : body);

function schemaDrafts(body: unknown, kind: BodyKind): Draft[] {
  const validate = compiled(kind).validate;
  validate(withType(body, kind));
  return ajvDrafts(validate.errors ?? []);
}

export function findDeprecated(body: unknown, kind: BodyKind): Problem[] {
  const root = compiled(kind).schema;
  const found: Problem[] = [];
  walkDeprecated(body, root, root, [], found);
  return sortUnique(found);
}

export function schemaFor(kind: BodyKind): object {
  return structuredClone(compiled(kind).schema);
}

// ---------------------------------------------------------------------------------------------
// Loading. The kind's schema is bundled with definitions.json into one self-contained document,
// so what `edu-flow schema` prints is exactly what validates.

interface Compiled {
  schema: SchemaObject;
  validate: ValidateFunction;
}

// Immutable once built; compiling costs tens of milliseconds, so it happens once per kind.
const cache = new Map<BodyKind, Compiled>();
let sharedAjv: Ajv2020 | undefined;

function compiled(kind: BodyKind): Compiled {
  let entry = cache.get(kind);
  if (entry === undefined) {
    const schema = bundleSchema(kind);
    entry = { schema, validate: precompiled(kind) ?? ajv().compile(schema) };
    cache.set(kind, entry);
  }
  return entry;
}

/**
 * The build precompiles every schema to a standalone validator and puts them in the bundle in
 * place of this function's body (scripts/build.mjs), so a run loads plain code instead of
 * importing ajv and compiling (~0.3 s), and the code cache holds it. Run from the sources (the
 * tests), there are none: the schema is compiled.
 */
function precompiled(_kind: BodyKind): ValidateFunction | undefined {
  return undefined;
}

function ajv(): Ajv2020 {
  if (sharedAjv === undefined) {
    // Loaded on first use, not at import: ajv adds ~60 ms to start-up that `--help` should not pay.
    const require = createRequire(import.meta.url);
    const { Ajv2020: AjvClass } = require('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
    // verbose: errors then carry their schema and data, which the messages below need.
    sharedAjv = new AjvClass({ allErrors: true, strict: true, verbose: true });
  }
  return sharedAjv;
}

// ---------------------------------------------------------------------------------------------
// ajv errors → problems a school IT admin can act on.

/** A problem, plus the sibling it suggests so a misspelling is not also reported as "missing". */
interface Draft extends Problem {
  suggests?: string;
  missing?: boolean;
}

function ajvDrafts(errors: ErrorObject[]): Draft[] {
  // Nullable members are written anyOf [X, {type: null}]. When that fails the value is not null,
  // so the null branch and the anyOf wrapper are noise; X's own errors say what is wrong.
  const nullable = new Set(errors.filter((e) => e.keyword === 'anyOf' && allowsNull(e.schema)).map((e) => e.instancePath));
  const drafts: Draft[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' && nullable.has(e.instancePath)) continue;
    if (e.keyword === 'type' && e.params.type === 'null' && nullable.has(e.instancePath)) continue;
    // An empty or all-"*" password gets the clearer "a mask, not a password" problem instead.
    if (e.keyword === 'minLength' && isMaskedPassword(e.data) && isPasswordPointer(e.instancePath)) continue;
    drafts.push(describe(e, nullable.has(e.instancePath)));
  }
  // A misspelling's suggestion is not also reported as "missing".
  const suggested = new Set(drafts.flatMap((d) => (d.suggests === undefined ? [] : [d.suggests])));
  return drafts.filter((d) => !(d.missing === true && suggested.has(d.pointer)));
}

function describe(e: ErrorObject, nullable: boolean): Draft {
  const parent = (e.parentSchema ?? {}) as SchemaObject;
  switch (e.keyword) {
    case 'additionalProperties':
      return unknownMember(e.instancePath, String(e.params.additionalProperty), parent);
    case 'required': {
      const name = String(e.params.missingProperty);
      const pointer = joinPointer(e.instancePath, name);
      return { pointer, message: missingMember(name, parent.properties?.[name] as SchemaObject | undefined), missing: true };
    }
    case 'type': {
      if (e.data === null && String(e.params.type) === 'array') {
        return { pointer: e.instancePath, message: `${memberName(e.instancePath)} must be a list, not null: a collection is never null in Graph; [] empties it` };
      }
      if (e.data === null && /\/(owner|member)EnrollmentMappings\/\d+\/code$/.test(e.instancePath)) {
        return { pointer: e.instancePath, message: 'a section role needs its code (for example "teacher" or "student"): null names no role' };
      }
      const expected = typeWords(
        String(e.params.type)
          .split(',')
          .concat(nullable ? ['null'] : []),
      );
      const subject = e.instancePath === '' ? 'the body' : memberName(e.instancePath);
      return { pointer: e.instancePath, message: `${subject} must be ${expected}, not ${jsonKind(e.data)}` };
    }
    case 'enum':
      return badEnum(e.instancePath, e.data, e.params.allowedValues as unknown[], parent, nullable);
    case 'const': {
      const got = typeof e.data === 'string' ? `"${e.data}"` : jsonKind(e.data);
      return { pointer: e.instancePath, message: `must be "${String(e.params.allowedValue)}" here, not ${got}` };
    }
    case 'minLength':
    case 'maxLength': {
      const length = typeof e.data === 'string' ? [...e.data].length : 0;
      const bound = `${e.keyword === 'minLength' ? 'at least' : 'at most'} ${String(e.params.limit)} characters (this one has ${length})`;
      const why = isPasswordPointer(e.instancePath) ? ': Entra ID takes passwords of 8 to 256 characters' : '';
      return { pointer: e.instancePath, message: `${memberName(e.instancePath)} must have ${bound}${why}` };
    }
    default:
      return { pointer: e.instancePath, message: e.message ?? `fails the "${e.keyword}" rule` };
  }
}

function unknownMember(parentPointer: string, name: string, parent: SchemaObject): Draft {
  const pointer = joinPointer(parentPointer, name);
  const known = Object.keys((parent.properties ?? {}) as object).filter((k) => k !== '$schema');
  const getBody = '`edu-flow get --body` prints a body without it';
  if (parentPointer === '' && SERVER_MANAGED.has(name)) {
    return { pointer, message: `"${name}" is server-managed (read-only): remove it; ${getBody}` };
  }
  if (parentPointer === '' && name === 'provisioningFlows') {
    return { pointer, message: `"provisioningFlows" is server-managed (read-only) in a flow-set body: remove it, and change each flow with \`edu-flow update --flow-id …\`` };
  }
  if (name.endsWith('@odata.bind') && !known.includes(name)) {
    const binds = known.filter((k) => k.endsWith('@odata.bind'));
    const where = binds.length ? `; here only ${binds.map((b) => `"${b}"`).join(', ')} can be sent` : '';
    return { pointer, message: `"${name}" binds "${name.slice(0, -'@odata.bind'.length)}", which this object has no link to: remove it${where}` };
  }
  if (name.includes('@odata.') && !known.includes(name)) {
    return { pointer, message: `"${name}" is an annotation Graph adds to responses, not something to send: remove it; ${getBody}` };
  }
  if (name === 'roleGroup' && known.includes('roleGroup@odata.bind')) {
    const message = `"roleGroup" is how Graph returns the role group; to set it, send "roleGroup@odata.bind": "${PRODUCTION_GRAPH_URL}${ROLE_GROUPS_PATH}/{id}" instead`;
    return { pointer, message, suggests: joinPointer(parentPointer, 'roleGroup@odata.bind') };
  }
  const guess = closest(name, known);
  if (guess !== undefined) {
    return { pointer, message: `unknown member "${name}" — did you mean "${guess}"?`, suggests: joinPointer(parentPointer, guess) };
  }
  return { pointer, message: `unknown member "${name}"; allowed here: ${known.map((k) => `"${k}"`).join(', ')}` };
}

function missingMember(name: string, property: SchemaObject | undefined): string {
  if (property !== undefined && property.const !== undefined) {
    return `missing "${name}": add "${name}": ${JSON.stringify(property.const)} (Graph needs it because the declared type is abstract)`;
  }
  if (name === 'roleGroup@odata.bind') {
    return `missing required member "roleGroup@odata.bind": the role group this configuration is for, e.g. "${PRODUCTION_GRAPH_URL}${ROLE_GROUPS_PATH}/staff"`;
  }
  const expected = property === undefined ? '' : ` (${typeWords([String(property.type ?? 'object')])})`;
  return `missing required member "${name}"${expected}: an object that is sent must hold all its required members`;
}

function badEnum(pointer: string, value: unknown, allowed: unknown[], parent: SchemaObject, nullable: boolean): Draft {
  const listed = allowed.map((v) => JSON.stringify(v)).join(', ') + (nullable ? ', or null' : '');
  const what = typeof parent.title === 'string' ? parent.title : 'enum';
  if (value === 'unknownFutureValue') {
    return { pointer, message: `"unknownFutureValue" is Graph's sentinel for values newer than the client, and clients must not send it; use one of ${listed}` };
  }
  if (typeof value !== 'string') return { pointer, message: `must be one of ${listed}, not ${jsonKind(value)}` };
  const guess = closest(
    value,
    allowed.filter((v): v is string => typeof v === 'string'),
  );
  const hint = guess === undefined ? '' : ` — did you mean "${guess}"?`;
  return { pointer, message: `"${value}" is not an allowed ${what} value; use one of ${listed}${hint}` };
}

/** ["boolean", "null"] → "true, false or null". */
function typeWords(types: string[]): string {
  const words: Record<string, string> = {
    string: 'a string',
    array: 'an array',
    object: 'a JSON object',
    number: 'a number',
    integer: 'a whole number',
    null: 'null',
  };
  const parts = types.flatMap((t) => (t === 'boolean' ? ['true', 'false'] : [words[t] ?? t]));
  return parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** "createTeam" for /configuration/additionalOptions/createTeam, "licenseSkus[0]" for an array item. */
function memberName(pointer: string): string {
  const tokens = splitPointer(pointer);
  const last = tokens[tokens.length - 1];
  return /^\d+$/.test(last) && tokens.length > 1 ? `"${tokens[tokens.length - 2]}[${last}]"` : `"${last}"`;
}

function allowsNull(branches: unknown): boolean {
  return Array.isArray(branches) && branches.some((b) => isRecord(b) && b.type === 'null');
}

// ---------------------------------------------------------------------------------------------
// Checks a schema cannot phrase well: masked passwords and role-group bind URLs.

function userConfigurationProblems(body: unknown, graphUrl: string): Problem[] {
  const creationOptions = isRecord(body) ? body.creationOptions : undefined;
  const configurations = isRecord(creationOptions) ? creationOptions.configurations : undefined;
  if (!Array.isArray(configurations)) return [];
  const problems: Problem[] = [];
  configurations.forEach((configuration: unknown, index) => {
    if (!isRecord(configuration)) return;
    const base = `/creationOptions/configurations/${index}`;
    const settings = configuration.defaultPasswordSettings;
    if (isRecord(settings) && isMaskedPassword(settings.password)) {
      problems.push({
        pointer: `${base}/defaultPasswordSettings/password`,
        message:
          'a mask, not a password: the service masks passwords on read ("***************"), and an empty or all-"*" value is never the real one; ' +
          'put the real password here, or leave defaultPasswordSettings out to keep the current one',
      });
    }
    const bind = configuration['roleGroup@odata.bind'];
    if (typeof bind === 'string') {
      const message = bindProblem(bind, graphUrl);
      if (message !== undefined) problems.push({ pointer: joinPointer(base, 'roleGroup@odata.bind'), message });
    }
  });
  return problems;
}

function bindProblem(bind: string, graphUrl: string): string | undefined {
  const bases = [...new Set([PRODUCTION_GRAPH_URL, graphUrl.replace(/\/+$/, '')])];
  for (const base of bases) {
    const prefix = `${base}${ROLE_GROUPS_PATH}/`;
    if (!bind.startsWith(prefix)) continue;
    const id = bind.slice(prefix.length);
    if (isValidId(id)) return undefined;
    return `role-group id ${JSON.stringify(id)} is not valid: an id is 1–128 characters of A-Z a-z 0-9 - . _ ~ (for example "staff" or "students")`;
  }
  const forms = bases.map((b) => `"${b}${ROLE_GROUPS_PATH}/{id}"`).join(' or ');
  return `must be ${forms}, where {id} is a role-group id such as "staff" or "students" (\`edu-flow role-groups list\` shows them)`;
}

// ---------------------------------------------------------------------------------------------
// Deprecations: walk the body along the schema, so only members the schema knows are looked at.

function walkDeprecated(value: unknown, schema: unknown, root: SchemaObject, path: string[], found: Problem[]): void {
  if (value === undefined || !isRecord(schema)) return;
  if (schema.deprecated === true) {
    const why = typeof schema.description === 'string' ? schema.description.replace(/^deprecated[:.]?\s*/i, '') : 'remove it';
    found.push({ pointer: path.map((t) => joinPointer('', t)).join(''), message: `${path.join('.')} is deprecated: ${why}` });
  }
  if (typeof schema.$ref === 'string') walkDeprecated(value, resolveLocalRef(root, schema.$ref), root, path, found);
  for (const branch of Array.isArray(schema.anyOf) ? schema.anyOf : []) walkDeprecated(value, branch, root, path, found);
  if (isRecord(value) && isRecord(schema.properties)) {
    const properties = schema.properties;
    for (const key of Object.keys(value)) {
      if (Object.hasOwn(properties, key)) walkDeprecated(value[key], properties[key], root, [...path, key], found);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, index) => {
      walkDeprecated(item, schema.items, root, [...path, String(index)], found);
    });
  }
}

function resolveLocalRef(root: SchemaObject, ref: string): unknown {
  const match = /^#\/\$defs\/([^/]+)$/.exec(ref);
  return match === null ? undefined : (root.$defs as Record<string, unknown> | undefined)?.[match[1]];
}

// ---------------------------------------------------------------------------------------------

function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

function sortUnique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = `${p.pointer}\u0000${p.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.pointer < b.pointer ? -1 : a.pointer > b.pointer ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

/**
 * Whether the merge over the live flow can supply a missing member: only inside objects. An array
 * from the body replaces the live one whole, so a member missing inside an array item stays
 * missing, and is reported offline, before anything is sent.
 */
function completable(pointer: string): boolean {
  return !splitPointer(pointer).some((token) => /^\d+$/.test(token));
}
