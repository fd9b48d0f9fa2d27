// fast-check arbitraries for update bodies, written from Microsoft's documentation of the Graph
// industryData types and their CSDL, deliberately NOT from schemas/*.json: the property tests
// then check the schemas against an independent reading of the documentation.
//
// The bodies are described once, as a small type model (`MODEL`), and both the generators and
// the mutation sites (booleans, enums, objects, required members, passwords) come from it.
import fc from 'fast-check';
import type { BodyKind } from '../../src/body/schema-bundle.js';

const NS = '#microsoft.graph.industryData.';
export const odataType = (name: string): string => `${NS}${name}`;
export const ROLE_GROUPS = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/';
export const GRAPH_URL = 'https://graph.microsoft.com/beta';

// ---------------------------------------------------------------------------------------------
// The model: the entities, complex types and enums of a body.

export type TypeNode =
  | { t: 'boolean' }
  | { t: 'string' }
  | { t: 'displayName' }
  | { t: 'enum'; name: string; values: readonly string[] }
  | { t: 'password' }
  | { t: 'bind' }
  | { t: 'odataType'; value: string }
  | { t: 'array'; items: TypeNode; unique?: boolean }
  | { t: 'object'; name: string; members: Record<string, Member> };

/**
 * Nullability, two readings of the documentation:
 * - 'request': the CSDL says Nullable=true AND the documented request shape or the member's own
 *   description says what null means in a request (`bool|null`, `enum|null`; "filter: absent or
 *   null means all organizations"; "null turns age-group enforcement off");
 * - 'csdl': the CSDL says Nullable=true (the CSDL is the authoritative definition of types
 *   and nullability), but the documented request shape writes the member without `|null`.
 */
export type Nullability = false | 'request' | 'csdl';

export interface Member {
  type: TypeNode;
  required: boolean;
  nullable: Nullability;
}

/** The enum values, without the `unknownFutureValue` sentinel, which clients must not send. */
export const ENUMS = {
  studentAgeGroup: ['minor', 'notAdult', 'adult'],
  additionalUserAttributes: ['userGradeLevel', 'userNumber'],
  additionalClassGroupAttributes: [
    'courseTitle',
    'courseCode',
    'courseSubject',
    'courseGradeLevel',
    'courseExternalId',
    'academicSessionTitle',
    'academicSessionExternalId',
    'classCode',
  ],
  filterOptions: ['orgExternalId'],
} as const;

const req = (type: TypeNode): Member => ({ type, required: true, nullable: false });
const opt = (type: TypeNode): Member => ({ type, required: false, nullable: false });
const optNull = (type: TypeNode): Member => ({ type, required: false, nullable: 'request' });
const optCsdlNull = (type: TypeNode): Member => ({ type, required: false, nullable: 'csdl' });
const bool: TypeNode = { t: 'boolean' };
const str: TypeNode = { t: 'string' };
const enumOf = (name: keyof typeof ENUMS): TypeNode => ({ t: 'enum', name, values: ENUMS[name] });
/** Nested complex objects may carry their own (optional) `@odata.type`... */
const complex = (name: string, members: Record<string, Member>): TypeNode => ({
  t: 'object',
  name,
  members: { '@odata.type': opt({ t: 'odataType', value: odataType(name) }), ...members },
});
/** ...which is required on the abstract `filter` and `passwordSettings`. */
const concreteOfAbstract = (name: string, members: Record<string, Member>): TypeNode => ({
  t: 'object',
  name,
  members: { '@odata.type': req({ t: 'odataType', value: odataType(name) }), ...members },
});

const basicFilter = concreteOfAbstract('basicFilter', {
  attribute: req(enumOf('filterOptions')),
  in: req({ t: 'array', items: str }),
});
const simplePasswordSettings = concreteOfAbstract('simplePasswordSettings', { password: req({ t: 'password' }) });
// userConfiguration (the request form of roleGroup: the bind, required because the navigation is non-nullable)
const userConfiguration = complex('userConfiguration', {
  'roleGroup@odata.bind': req({ t: 'bind' }),
  defaultPasswordSettings: optCsdlNull(simplePasswordSettings),
  licenseSkus: opt({ t: 'array', items: str }),
});
const userCreationOptions = complex('userCreationOptions', { configurations: opt({ t: 'array', items: userConfiguration }) });
const additionalUserOptions = complex('additionalUserOptions', {
  allowStudentContactAssociation: optNull(bool),
  studentAgeGroup: optNull(enumOf('studentAgeGroup')),
  markAllStudentsAsMinors: optNull(bool),
});
const userManagementOptions = complex('userManagementOptions', {
  additionalAttributes: opt({ t: 'array', items: enumOf('additionalUserAttributes'), unique: true }),
  additionalOptions: req(additionalUserOptions),
});
// sectionRoleReferenceValue (in requests a mapping is {code, @odata.type?}; the documented request shape lists code without "?" or "|null",
// the CSDL has it Nullable=true)
// A collection is never null in OData, and a null code names no section role: neither is nullable here.
const sectionRoleReferenceValue = complex('sectionRoleReferenceValue', { code: req(str) });
const enrollmentMappings = complex('enrollmentMappings', {
  ownerEnrollmentMappings: opt({ t: 'array', items: sectionRoleReferenceValue }),
  memberEnrollmentMappings: opt({ t: 'array', items: sectionRoleReferenceValue }),
});
// additionalClassGroupOptions: non-nullable booleans, sent explicitly
const additionalClassGroupOptions = complex('additionalClassGroupOptions', { createTeam: req(bool), writeDisplayNameOnCreateOnly: req(bool) });
const classGroupConfiguration = complex('classGroupConfiguration', {
  additionalAttributes: opt({ t: 'array', items: enumOf('additionalClassGroupAttributes'), unique: true }),
  additionalOptions: req(additionalClassGroupOptions),
  enrollmentMappings: req(enrollmentMappings),
});
const securityGroupCreationOptions = complex('securityGroupCreationOptions', { createBasedOnRoleGroup: req(bool), createBasedOnOrgPlusRoleGroup: req(bool) });
const adminUnitCreationOptions = complex('adminUnitCreationOptions', { createBasedOnOrg: req(bool), createBasedOnOrgPlusRoleGroup: req(bool) });

/**
 * The top level of an update body. `@odata.type` is optional in what the user writes, because
 * edu-flow adds it (absent means a user flow; other kinds then need --type).
 * The members the documentation marks "required" are required on create; an update is a PATCH of
 * the members the body touches (a property flag alone is enough), so here they are optional,
 * while every complex object that IS sent must be complete.
 */
const top = (name: string, members: Record<string, Member>): TypeNode => ({
  t: 'object',
  name,
  members: {
    '@odata.type': opt({ t: 'odataType', value: odataType(name) }),
    ...Object.fromEntries(Object.entries(members).map(([key, member]) => [key, { ...member, required: false }])),
  },
});

export const MODEL: Record<BodyKind, TypeNode> = {
  user: top('userProvisioningFlow', {
    createUnmatchedUsers: optCsdlNull(bool),
    creationOptions: optCsdlNull(userCreationOptions),
    managementOptions: req(userManagementOptions),
  }),
  classGroup: top('classGroupProvisioningFlow', { configuration: req(classGroupConfiguration) }),
  securityGroup: top('securityGroupProvisioningFlow', { creationOptions: req(securityGroupCreationOptions) }),
  administrativeUnit: top('administrativeUnitProvisioningFlow', { creationOptions: req(adminUnitCreationOptions) }),
  // The flow set: displayName is non-nullable and required; filter is nullable.
  flowSet: top('outboundProvisioningFlowSet', { displayName: req({ t: 'displayName' }), filter: optNull(basicFilter) }),
};

export const KINDS: readonly BodyKind[] = ['user', 'classGroup', 'securityGroup', 'administrativeUnit', 'flowSet'];
export const FLOW_ODATA_TYPES: readonly string[] = KINDS.map((k) => (MODEL[k] as { members: Record<string, Member> }).members['@odata.type'].type).map(
  (t) => (t as { value: string }).value,
);
/** Members the service manages: never sent. */
export const SERVER_MANAGED = ['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus'] as const;

/** Every member name the model knows, for vocabulary-biased random JSON. */
export const KNOWN_NAMES: readonly string[] = (() => {
  const names = new Set<string>();
  const visit = (node: TypeNode): void => {
    if (node.t === 'array') visit(node.items);
    if (node.t === 'object') {
      for (const [name, member] of Object.entries(node.members)) {
        names.add(name);
        visit(member.type);
      }
    }
  };
  for (const k of KINDS) visit(MODEL[k]);
  return [...names];
})();

export const KNOWN_STRINGS: readonly string[] = (() => {
  const values = new Set<string>([...FLOW_ODATA_TYPES, 'unknownFutureValue', `${ROLE_GROUPS}staff`, '***************', '']);
  const visit = (node: TypeNode): void => {
    if (node.t === 'array') visit(node.items);
    if (node.t === 'enum') for (const v of node.values) values.add(v);
    if (node.t === 'odataType') values.add(node.value);
    if (node.t === 'object') for (const m of Object.values(node.members)) visit(m.type);
  };
  for (const k of KINDS) visit(MODEL[k]);
  return [...values];
})();

// ---------------------------------------------------------------------------------------------
// Generators.

/** Any string: ASCII, full Unicode code points (lone surrogates included), and the odd one. */
export const anyText = (maxLength = 12): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: 'grapheme', maxLength }),
    fc.constantFrom('', ' ', '"', '\\', '\u2028', 'a"b\\c/d'),
  );

/** A password the service could really hold: 8 to 256 characters (Entra ID's rule), not only `*` (that is the mask). */
export const realPassword: fc.Arbitrary<string> = fc
  .oneof(
    anyText(20).map((text) => `${text}${'x'.repeat(Math.max(0, 8 - [...text].length))}`),
    // Asterisks around one other character: as close to a mask as a real password gets.
    fc.tuple(fc.nat(16), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), fc.nat(16)).map(([a, c, b]) => `${'*'.repeat(Math.max(a, 7 - b))}${c}${'*'.repeat(b)}`),
  )
  .filter((p) => !/^\**$/.test(p) && [...p].length >= 8);

/** Ids are 1–128 of A-Z a-z 0-9 - . _ ~, not "." or ".."; here up to 20. */
export const roleGroupId: fc.Arbitrary<string> = fc
  .oneof(fc.constantFrom('staff', 'students'), fc.stringMatching(/^[A-Za-z0-9._~-]{1,20}$/))
  .filter((id) => id !== '.' && id !== '..');

export const roleGroupBind: fc.Arbitrary<string> = roleGroupId.map((id) => `${ROLE_GROUPS}${id}`);

/** Non-empty text for displayName (the documentation says only "required string"). */
const displayName = anyText(20).filter((s) => s.trim() !== '');

/** Which nullable members may be null: only the 'request' ones, or every CSDL-nullable one. */
export type NullProfile = 'request' | 'csdl';

export function arbitraryFor(node: TypeNode, nulls: NullProfile = 'request'): fc.Arbitrary<unknown> {
  switch (node.t) {
    case 'boolean':
      return fc.boolean();
    case 'string':
      return anyText();
    case 'displayName':
      return displayName;
    case 'enum':
      return fc.constantFrom(...node.values);
    case 'password':
      return realPassword;
    case 'bind':
      return roleGroupBind;
    case 'odataType':
      return fc.constant(node.value);
    case 'array':
      return node.unique ? fc.uniqueArray(arbitraryFor(node.items, nulls), { maxLength: 4 }) : fc.array(arbitraryFor(node.items, nulls), { maxLength: 3 });
    case 'object': {
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      const requiredKeys: string[] = [];
      for (const [name, member] of Object.entries(node.members)) {
        const value = arbitraryFor(member.type, nulls);
        const mayBeNull = member.nullable === 'request' || (member.nullable === 'csdl' && nulls === 'csdl');
        shape[name] = mayBeNull ? fc.option(value, { nil: null, freq: 4 }) : value;
        if (member.required) requiredKeys.push(name);
      }
      // Plain objects, as JSON.parse makes them.
      return fc.record(shape, { requiredKeys, noNullPrototype: true });
    }
  }
}

export interface Generated {
  kind: BodyKind;
  body: Record<string, unknown>;
  /** --type: needed when the body has no @odata.type and is not a user flow. */
  requestedKind?: BodyKind;
}

export function bodyOf(kind: BodyKind, nulls: NullProfile = 'request'): fc.Arbitrary<Generated> {
  return fc.tuple(arbitraryFor(MODEL[kind], nulls) as fc.Arbitrary<Record<string, unknown>>, fc.boolean()).map(([body, sayKind]) => {
    const needsKind = !Object.hasOwn(body, '@odata.type') && kind !== 'user';
    return needsKind || sayKind ? { kind, body, requestedKind: kind } : { kind, body };
  });
}

export const anyBody: fc.Arbitrary<Generated> = fc.constantFrom(...KINDS).chain((kind) => bodyOf(kind));
/** Null wherever the CSDL allows it. */
export const anyBodyCsdlNulls: fc.Arbitrary<Generated> = fc.constantFrom(...KINDS).chain((kind) => bodyOf(kind, 'csdl'));

/** A user flow holding at least one configuration with a real password. */
export const userBodyWithPassword: fc.Arbitrary<Generated> = fc
  .tuple(bodyOf('user'), arbitraryFor(userConfiguration), realPassword, fc.boolean())
  .map(([generated, configuration, password, first]) => {
    const body = structuredClone(generated.body);
    const withPassword = { ...(configuration as Record<string, unknown>), defaultPasswordSettings: { '@odata.type': odataType('simplePasswordSettings'), password } };
    const creationOptions = (body.creationOptions ?? {}) as Record<string, unknown>;
    const existing = (creationOptions.configurations ?? []) as unknown[];
    body.creationOptions = { ...creationOptions, configurations: first ? [withPassword, ...existing] : [...existing, withPassword] };
    return { ...generated, body };
  });

// ---------------------------------------------------------------------------------------------
// Where a body can be broken.

export type Site =
  | { s: 'boolean'; pointer: string; nullable: Nullability }
  | { s: 'enum'; pointer: string; values: readonly string[] }
  | { s: 'odataType'; pointer: string; value: string }
  | { s: 'object'; pointer: string; known: readonly string[] }
  | { s: 'required'; pointer: string }
  | { s: 'password'; pointer: string };

const token = (name: string | number): string => String(name).replace(/~/g, '~0').replace(/\//g, '~1');

export function sitesOf(kind: BodyKind, body: unknown): Site[] {
  const sites: Site[] = [];
  const walk = (value: unknown, node: TypeNode, pointer: string, nullable: Nullability): void => {
    if (value === null || value === undefined) return;
    switch (node.t) {
      case 'boolean':
        sites.push({ s: 'boolean', pointer, nullable });
        return;
      case 'enum':
        sites.push({ s: 'enum', pointer, values: node.values });
        return;
      case 'odataType':
        sites.push({ s: 'odataType', pointer, value: node.value });
        return;
      case 'password':
        sites.push({ s: 'password', pointer });
        return;
      case 'array':
        (value as unknown[]).forEach((item, i) => {
          walk(item, node.items, `${pointer}/${i}`, false);
        });
        return;
      case 'object': {
        const record = value as Record<string, unknown>;
        sites.push({ s: 'object', pointer, known: Object.keys(node.members) });
        for (const [name, member] of Object.entries(node.members)) {
          if (!Object.hasOwn(record, name)) continue;
          const at = `${pointer}/${token(name)}`;
          if (member.required) sites.push({ s: 'required', pointer: at });
          walk(record[name], member.type, at, member.nullable);
        }
        return;
      }
      default:
        return;
    }
  };
  walk(body, MODEL[kind], '', false);
  return sites;
}

/** Reads the value at a JSON pointer (test-side, independent of src/). */
export function getAt(body: unknown, pointer: string): unknown {
  if (pointer === '') return body;
  let current: unknown = body;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Deletes the member at a JSON pointer (test-side). */
export function deleteAt(body: unknown, pointer: string): void {
  const cut = pointer.lastIndexOf('/');
  const parent = getAt(body, pointer.slice(0, cut)) as Record<string, unknown>;
  delete parent[
    pointer
      .slice(cut + 1)
      .replace(/~1/g, '/')
      .replace(/~0/g, '~')
  ];
}

/** Sets an own member (even "__proto__") at a JSON pointer whose parent exists (test-side). */
export function putAt(body: unknown, pointer: string, value: unknown): void {
  const cut = pointer.lastIndexOf('/');
  const parent = getAt(body, pointer.slice(0, cut)) as Record<string, unknown> | unknown[];
  const key = pointer
    .slice(cut + 1)
    .replace(/~1/g, '/')
    .replace(/~0/g, '~');
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Names a case-variant or near miss of `name` could take. */
export const caseVariants = (name: string): string[] =>
  [name.toUpperCase(), name.toLowerCase(), name[0] === undefined ? name : name[0].toUpperCase() + name.slice(1), ` ${name}`, `${name} `].filter((v) => v !== name);
