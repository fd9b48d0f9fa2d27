// Property-based tests of the body pipeline: parseBody → inspectBody →
// withODataType, the mutations it must reject at the right pointer, its robustness against any
// input, and the merge/compare rules (a PATCH of only the members the body or a flag
// touches; write-only passwords always reported). The bodies come from
// test/helpers/arbitraries.ts, written from Microsoft's Graph documentation, not from schemas/*.json.
import { Readable } from 'node:stream';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { Context } from '../../src/context.js';
import { applyEdits, parseSetFlag, propertyFlagEdits, type BodyEdit } from '../../src/body/flags.js';
import { MAX_DEPTH, parseBody, type ParsedBody } from '../../src/body/parse.js';
import { inspectBody, loadBody, withODataType, type BodyReport } from '../../src/body/prepare.js';
import { checkBody, selectKind, type BodyKind } from '../../src/body/schema-check.js';
import { setAtPointer } from '../../src/body/set-pointer.js';
import { compare } from '../../src/change/compare.js';
import { mergeOverLive } from '../../src/change/merge.js';
import { InvalidInputError, UsageError } from '../../src/errors.js';
import { collectPasswords, isPasswordPointer, SecretScrubber } from '../../src/secrets.js';
import {
  anyBody,
  anyBodyCsdlNulls,
  anyText,
  bodyOf,
  caseVariants,
  deleteAt,
  ENUMS,
  FLOW_ODATA_TYPES,
  getAt,
  GRAPH_URL,
  KINDS,
  KNOWN_NAMES,
  KNOWN_STRINGS,
  putAt,
  ROLE_GROUPS,
  roleGroupBind,
  roleGroupId,
  SERVER_MANAGED,
  sitesOf,
  userBodyWithPassword,
  type Generated,
  type Nullability,
  type Site,
} from '../helpers/arbitraries.js';

const RUNS = 200;
const DEPRECATED = '/managementOptions/additionalOptions/markAllStudentsAsMinors';
const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const esc = (token: string): string => token.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON.stringify's third argument: none, a width, or a whitespace string. */
const indent = fc.oneof(fc.constant(undefined), fc.integer({ min: 0, max: 8 }), fc.constantFrom('\t', ' ', '\t ', '\r\n'));

function inspect(parsed: ParsedBody, g: Pick<Generated, 'requestedKind'>, edits: BodyEdit[] = [], strict = false): BodyReport {
  return inspectBody(parsed, { requestedKind: g.requestedKind, strict, graphUrl: GRAPH_URL, edits });
}

/** What the pipeline must send for a valid body: the body, plus @odata.type when it had none. */
function expectedSent(g: Generated): Record<string, unknown> {
  const body = structuredClone(g.body);
  return Object.hasOwn(body, '@odata.type') ? body : { '@odata.type': FLOW_ODATA_TYPES[KINDS.indexOf(g.kind)], ...body };
}

const expectedWarnings = (g: Generated): string[] =>
  g.kind === 'user' &&
  isRecord((g.body.managementOptions as Record<string, unknown>)?.additionalOptions) &&
  Object.hasOwn((g.body.managementOptions as { additionalOptions: object }).additionalOptions, 'markAllStudentsAsMinors')
    ? [DEPRECATED]
    : [];

const pointers = (items: { pointer: string }[]): string[] => items.map((p) => p.pointer);

// ---------------------------------------------------------------------------------------------

describe('valid bodies (written from the reference) are accepted and sent as given', () => {
  test('parseBody → inspectBody → withODataType: no errors, and the body comes out exactly as given', () => {
    fc.assert(
      fc.property(anyBody, indent, fc.boolean(), (g, space, strict) => {
        const parsed = parseBody(JSON.stringify(g.body, null, space), 'body.json');
        const report = inspect(parsed, g, [], strict);
        // Deprecated markAllStudentsAsMinors is the one thing reported: a warning, an error under --strict.
        expect(pointers(report.errors)).toEqual(strict ? expectedWarnings(g) : []);
        expect(pointers(report.warnings)).toEqual(strict ? [] : expectedWarnings(g));
        expect(report.kind).toBe(g.kind);
        expect(withODataType(parsed.value, report.kind)).toStrictEqual(expectedSent(g));
      }),
      { numRuns: 300 },
    );
  });

  // BUG (fails): the schemas refuse null for every CSDL-nullable member except the three
  // additionalUserOptions members and the flow set's filter. Shrunk counterexamples:
  //   [{"kind":"user","body":{"creationOptions":null}},undefined]
  //   → /creationOptions: "creationOptions" must be a JSON object, not null
  //   [{"kind":"user","body":{"managementOptions":{"additionalAttributes":null,"additionalOptions":{}}}},0]
  //   → /managementOptions/additionalAttributes: "additionalAttributes" must be an array, not null
  // Refused likewise: createUnmatchedUsers, configurations, defaultPasswordSettings, licenseSkus
  // (user); additionalAttributes, ownerEnrollmentMappings, memberEnrollmentMappings, a mapping's
  // code (classGroup). The documented request shapes write these without "|null", but the CSDL is
  // authoritative for nullability, and a live flow Graph returns with such a null goes
  // through `get --body` unchanged, so `get --body | update -f -` would be refused (exit 3).
  test('every member the CSDL declares Nullable=true accepts null (the CSDL is authoritative for nullability)', () => {
    fc.assert(
      fc.property(anyBodyCsdlNulls, indent, (g, space) => {
        const parsed = parseBody(JSON.stringify(g.body, null, space), 'body.json');
        expect(inspect(parsed, g).errors).toEqual([]);
        expect(withODataType(parsed.value, g.kind)).toStrictEqual(expectedSent(g));
      }),
      { numRuns: RUNS },
    );
  });

  test('every flow type and flow sets, with optional/null members and nested annotations, are all generated', () => {
    // A guard on the generator itself: the property above is only as good as what it covers.
    const seen = new Set<string>();
    fc.assert(
      fc.property(anyBody, (g) => {
        seen.add(`kind:${g.kind}`);
        seen.add(Object.hasOwn(g.body, '@odata.type') ? 'top @odata.type' : 'no top @odata.type');
        const text = JSON.stringify(g.body);
        if (text.includes(':null')) seen.add('null member');
        if ((text.match(/"@odata\.type"/g) ?? []).length > (Object.hasOwn(g.body, '@odata.type') ? 1 : 0)) seen.add('nested @odata.type');
        if (sitesOf(g.kind, g.body).some((s) => s.s === 'password')) seen.add('password');
        if (text.includes('roleGroup@odata.bind')) seen.add('bind');
      }),
      { numRuns: 1000, seed: 8002 },
    );
    for (const kind of KINDS) expect(seen).toContain(`kind:${kind}`);
    for (const what of ['top @odata.type', 'no top @odata.type', 'null member', 'nested @odata.type', 'password', 'bind']) expect(seen).toContain(what);
  });

  test('through loadBody (stdin, optional BOM): a top-level $schema is dropped, nothing else changes', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, indent, fc.option(fc.webUrl(), { nil: undefined }), fc.boolean(), async (g, space, schemaUrl, bom) => {
        const written = schemaUrl === undefined ? g.body : { $schema: schemaUrl, ...g.body };
        const text = (bom ? '\uFEFF' : '') + JSON.stringify(written, null, space);
        const parsed = await loadBody(fakeContext(text), { file: '-', edits: [] });
        const report = inspect(parsed, g);
        expect(report.errors).toEqual([]);
        expect(withODataType(parsed.value, report.kind)).toStrictEqual(expectedSent(g));
      }),
      { numRuns: 100 },
    );
  });

  test('role-group binds: every id of [A-Za-z0-9._~-]{1,20} except "." and ".." is accepted, and those two are not', () => {
    fc.assert(
      fc.property(roleGroupBind, fc.constantFrom('.', '..'), (bind, dots) => {
        const body = (b: string) => ({ creationOptions: { configurations: [{ 'roleGroup@odata.bind': b }] } });
        expect(checkBody(body(bind), 'user', { graphUrl: GRAPH_URL })).toEqual([]);
        expect(pointers(checkBody(body(`${ROLE_GROUPS}${dots}`), 'user', { graphUrl: GRAPH_URL }))).toEqual(['/creationOptions/configurations/0/roleGroup@odata.bind']);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('role-group binds under a configured Graph URL', () => {
  const graphUrl = fc
    .tuple(fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }), fc.constantFrom('/beta', '/beta/', '/v1.0', '', '/'))
    .map(([host, port, path]) => `https://${host}${port === undefined ? '' : `:${port}`}${path}`);
  test('accepted under the production URL and under the configured one; refused (at the bind) under any other base', () => {
    fc.assert(
      fc.property(graphUrl, roleGroupId, fc.domain(), (configured, id, otherHost) => {
        const base = configured.replace(/\/+$/, '');
        fc.pre(otherHost !== 'graph.microsoft.com' && !base.startsWith(`https://${otherHost}`));
        const check = (bind: string) => pointers(checkBody({ creationOptions: { configurations: [{ 'roleGroup@odata.bind': bind }] } }, 'user', { graphUrl: configured }));
        expect(check(`${ROLE_GROUPS}${id}`)).toEqual([]);
        expect(check(`${base}/external/industryData/roleGroups/${id}`)).toEqual([]);
        expect(check(`https://${otherHost}/beta/external/industryData/roleGroups/${id}`)).toEqual(['/creationOptions/configurations/0/roleGroup@odata.bind']);
      }),
      { numRuns: RUNS },
    );
  });
});

function fakeContext(text: string): Context {
  return {
    io: { stdin: Readable.from([Buffer.from(text, 'utf8')]), stdinIsTTY: false },
    secrets: new SecretScrubber(),
  } as unknown as Context;
}

// ---------------------------------------------------------------------------------------------

/**
 * One mutation of a valid body, with the pointer the report must name. `put` goes either into
 * the text (the body as a file) or through `--set` (setAtPointer + the edits, as update does).
 */
interface Mutation {
  g: Generated;
  op: 'put' | 'delete';
  pointer: string;
  value?: unknown;
}

function mutationsAt<S extends Site>(
  bodies: fc.Arbitrary<Generated>,
  which: (site: Site, g: Generated) => site is S,
  mutate: (site: S, g: Generated) => fc.Arbitrary<Omit<Mutation, 'g'>>,
): fc.Arbitrary<Mutation> {
  const sites = (g: Generated): S[] => sitesOf(g.kind, g.body).filter((s): s is S => which(s, g));
  return bodies.filter((g) => sites(g).length > 0).chain((g) => fc.constantFrom(...sites(g)).chain((site) => mutate(site, g).map((m) => ({ ...m, g }))));
}

function reportFor(m: Mutation, viaFlag: boolean, space: string | number | undefined): BodyReport {
  if (m.op === 'delete' || !viaFlag) {
    const body = structuredClone(m.g.body);
    if (m.op === 'delete') deleteAt(body, m.pointer);
    else putAt(body, m.pointer, m.value);
    return inspect(parseBody(JSON.stringify(body, null, space), 'body.json'), m.g);
  }
  const parsed = parseBody(JSON.stringify(m.g.body, null, space), 'body.json');
  const edits: BodyEdit[] = [{ flag: '--set', pointer: m.pointer, value: m.value }];
  applyEdits(parsed.value, edits);
  return inspect(parsed, m.g, edits);
}

function assertRejectedAt(mutations: fc.Arbitrary<Mutation>, numRuns = RUNS): void {
  fc.assert(
    fc.property(mutations, fc.boolean(), indent, (m, viaFlag, space) => {
      const report = reportFor(m, viaFlag, space);
      expect(pointers(report.errors)).toContain(m.pointer);
    }),
    { numRuns },
  );
}

/** Null is no replacement for a nullable boolean (a 'csdl' one is the subject of its own property). */
const notBoolean = (nullable: Nullability): fc.Arbitrary<unknown> =>
  fc
    .oneof(fc.constantFrom<unknown>('true', 'false', 'True', 0, 1, '', [], {}, [true], { value: true }, null), fc.jsonValue({ maxDepth: 2 }))
    .filter((v) => typeof v !== 'boolean' && !(nullable !== false && v === null));

const notIn = (values: readonly string[], extra: string[] = []): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...values.flatMap(caseVariants), 'unknownFutureValue', '', ...extra), anyText(16)).filter((v) => !values.includes(v));

describe('mutations that are invalid by construction are rejected at the mutated pointer', () => {
  test('(a) a boolean replaced by a non-boolean (null only where the member is not nullable)', () => {
    assertRejectedAt(
      mutationsAt(
        anyBody,
        (s): s is Extract<Site, { s: 'boolean' }> => s.s === 'boolean',
        (site) => notBoolean(site.nullable).map((value) => ({ op: 'put' as const, pointer: site.pointer, value })),
      ),
    );
  });

  test('(b) an enum value replaced by a string outside the enum: case variants, unknownFutureValue, anything', () => {
    assertRejectedAt(
      mutationsAt(
        anyBody,
        (s): s is Extract<Site, { s: 'enum' }> => s.s === 'enum',
        (site) => notIn(site.values).map((value) => ({ op: 'put' as const, pointer: site.pointer, value })),
      ),
    );
  });

  test("(b') an @odata.type replaced by another string (for the top level: one that names no other flow type, unless --type is given)", () => {
    const allTypes = [...new Set(KNOWN_STRINGS.filter((s) => s.startsWith('#microsoft.graph.industryData.')))];
    assertRejectedAt(
      mutationsAt(
        anyBody,
        (s): s is Extract<Site, { s: 'odataType' }> => s.s === 'odataType',
        (site, g) =>
          notIn([site.value], [...allTypes, site.value.slice(1), site.value.replace('#microsoft.graph.', '#'), `${site.value}s`])
            // Without --type, another flow type at the top is a different (valid) choice of schema.
            .filter((v) => !(site.pointer === '/@odata.type' && g.requestedKind === undefined && FLOW_ODATA_TYPES.includes(v)))
            .map((value) => ({ op: 'put' as const, pointer: site.pointer, value })),
      ),
    );
  });

  test("(c) an unknown member added to any object (random names, case variants and other types' members)", () => {
    const names = fc.oneof(
      anyText(10),
      fc.constantFrom(
        ...KNOWN_NAMES,
        ...KNOWN_NAMES.flatMap(caseVariants),
        '__proto__',
        'constructor',
        'toString',
        'hasOwnProperty',
        '@odata.context',
        '@odata.etag',
        'roleGroup',
        'value',
        '$schema',
        '$env',
        'id',
      ),
    );
    assertRejectedAt(
      mutationsAt(
        anyBody,
        (s): s is Extract<Site, { s: 'object' }> => s.s === 'object',
        (site) =>
          fc
            .tuple(names, fc.jsonValue({ maxDepth: 2 }))
            // A top-level $schema is for editors and dropped, so not "unknown" there.
            .filter(([name]) => !site.known.includes(name) && !(site.pointer === '' && name === '$schema'))
            .map(([name, value]) => ({ op: 'put' as const, pointer: `${site.pointer}/${esc(name)}`, value })),
      ),
    );
  });

  test('(d) a required member deleted from an object that is sent: reported at the missing member', () => {
    assertRejectedAt(
      mutationsAt(
        anyBody,
        (s): s is Extract<Site, { s: 'required' }> => s.s === 'required',
        (site) => fc.constant({ op: 'delete' as const, pointer: site.pointer }),
      ),
    );
  });

  test('(e) a password set to "" or only asterisks (a mask, not a password)', () => {
    assertRejectedAt(
      mutationsAt(
        userBodyWithPassword,
        (s): s is Extract<Site, { s: 'password' }> => s.s === 'password',
        (site) => fc.nat(20).map((n) => ({ op: 'put' as const, pointer: site.pointer, value: '*'.repeat(n) })),
      ),
    );
  });

  test('(f) a server-managed member at the top level (and provisioningFlows in a flow set)', () => {
    const plausible = fc.oneof(
      fc.uuid().map(String),
      fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('notReady', 'ready', 'disabled', null, []),
      fc.jsonValue({ maxDepth: 2 }),
    );
    const mutations = anyBody.chain((g) =>
      fc
        .tuple(fc.constantFrom<string>(...SERVER_MANAGED, ...(g.kind === 'flowSet' ? ['provisioningFlows'] : [])), plausible)
        .map(([name, value]) => ({ g, op: 'put' as const, pointer: `/${name}`, value })),
    );
    assertRejectedAt(mutations);
  });
});

// ---------------------------------------------------------------------------------------------

/** JSON values that look like bodies: member names and strings from the model, at any depth. */
const vocabularyKey = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...KNOWN_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom<string>(...SERVER_MANAGED, 'provisioningFlows', '$schema', 'password', 'Password', 'roleGroup', '$env', '__proto__', 'constructor', '') },
  { weight: 1, arbitrary: anyText(6) },
);
const vocabularyLeaf = fc.oneof(
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(...KNOWN_STRINGS),
  anyText(),
  fc.double(),
  fc.integer(),
  roleGroupBind,
  fc.constantFrom(
    `${ROLE_GROUPS}%E0%A4%A`,
    `${ROLE_GROUPS}`,
    `${ROLE_GROUPS}..`,
    `${ROLE_GROUPS}a/b`,
    'https://graph.microsoft.com/v1.0/external/industryData/roleGroups/staff',
    '*',
    '***',
  ),
  fc.constantFrom('PATH', 'HOME', 'EDU_FLOW_PW', '1BAD').map((name) => ({ $env: name })),
);
const { tree: vocabularyTree } = fc.letrec((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, vocabularyLeaf, tie('array'), tie('object')),
  array: fc.array(tie('tree'), { maxLength: 3 }),
  object: fc.dictionary(vocabularyKey, tie('tree'), { maxKeys: 5, noNullPrototype: true }),
}));
const vocabularyBody = fc
  .tuple(fc.dictionary(vocabularyKey, vocabularyTree, { maxKeys: 6, noNullPrototype: true }), fc.option(fc.constantFrom(...FLOW_ODATA_TYPES, 'x', ''), { nil: undefined }))
  .map(([body, type]) => (type === undefined ? body : { ...body, '@odata.type': type }));

/** Every pointer into a value, '' included. */
function allPointers(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return [pointer, ...value.flatMap((item, i) => allPointers(item, `${pointer}/${i}`))];
  if (isRecord(value)) return [pointer, ...Object.entries(value).flatMap(([k, v]) => allPointers(v, `${pointer}/${esc(k)}`))];
  return [pointer];
}

/** A valid body with one random subtree (not the root) replaced by body-like junk. */
const damagedBody = anyBody
  .filter((g) => allPointers(g.body).length > 1)
  .chain((g) =>
    fc.tuple(fc.constantFrom(...allPointers(g.body).slice(1)), vocabularyTree).map(([pointer, junk]) => {
      const body = structuredClone(g.body);
      putAt(body, pointer, junk);
      return body;
    }),
  );

const inspectOptions = fc.record({
  requestedKind: fc.option(fc.constantFrom(...KINDS), { nil: undefined }),
  strict: fc.boolean(),
  mode: fc.constantFrom(undefined, 'check' as const, 'resolve' as const),
});

/** parseBody either refuses with InvalidInputError (exit 3) or gives a body that inspectBody judges without throwing. */
function survives(text: string, options: { requestedKind?: BodyKind; strict: boolean; mode?: 'check' | 'resolve' }): void {
  let parsed: ParsedBody;
  try {
    parsed = parseBody(text, 'body.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).exitCode).toBe(3);
    return;
  }
  const env = { EDU_FLOW_PW: 'from-the-environment' };
  const report = inspectBody(parsed, {
    requestedKind: options.requestedKind,
    strict: options.strict,
    graphUrl: GRAPH_URL,
    edits: [],
    envRefs: options.mode === undefined ? undefined : { env, mode: options.mode },
  });
  for (const problem of [...report.errors, ...report.warnings]) {
    expect(typeof problem.message).toBe('string');
    expect(problem.pointer === '' || problem.pointer.startsWith('/')).toBe(true);
    expect(problem.message).not.toMatch(/\bundefined\b|\[object Object\]/);
  }
  // Every kind's checks, too, not only the one selected.
  for (const kind of KINDS) checkBody(parsed.value, kind, { graphUrl: GRAPH_URL });
  selectKind(parsed.value, options.requestedKind);
}

const jsonish = fc.string({
  unit: fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', ' ', '\n', 'a', '1', '-', '.', 'e', 'u', '0', 'true', 'null', '\uFEFF', '\ud800'),
  maxLength: 60,
});
/** A valid body's text with a few characters cut and a few random ones (controls included) put in. */
const brokenBody = fc.tuple(anyBody, fc.nat(), fc.nat(3), fc.string({ unit: 'binary', maxLength: 3 })).map(([g, at, cut, insert]) => {
  const text = JSON.stringify(g.body);
  const i = at % (text.length + 1);
  return text.slice(0, i) + insert + text.slice(i + cut);
});
const texts = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), jsonish, brokenBody);

describe('validation never throws anything but InvalidInputError', () => {
  test('arbitrary JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), inspectOptions, (value, options) => survives(JSON.stringify(value), options)),
      { numRuns: RUNS },
    );
  });

  test("arbitrary JSON objects built from the model's vocabulary (names, enum values, binds, $env references)", () => {
    fc.assert(
      fc.property(vocabularyBody, inspectOptions, (value, options) => survives(JSON.stringify(value), options)),
      { numRuns: 300 },
    );
  });

  test('valid bodies with one subtree replaced by junk', () => {
    fc.assert(
      fc.property(damagedBody, inspectOptions, (value, options) => survives(JSON.stringify(value), options)),
      { numRuns: 300 },
    );
  });

  test('arbitrary strings, JSON-ish strings and broken valid bodies through parseBody', () => {
    fc.assert(
      fc.property(texts, inspectOptions, (text, options) => survives(text, options)),
      { numRuns: 400 },
    );
  });
});

describe('parseBody accepts JSON only', () => {
  test('what parseBody accepts, JSON.parse accepts too, with the same value, and its positions can be worked out', () => {
    fc.assert(
      fc.property(texts, (text) => {
        let parsed: ParsedBody;
        try {
          parsed = parseBody(text, 'body.json');
        } catch {
          return;
        }
        let reference: unknown;
        expect(() => (reference = JSON.parse(text))).not.toThrow();
        expect(parsed.value).toEqual(reference);
        expect(() => parsed.positions).not.toThrow();
      }),
      { numRuns: 400 },
    );
  });

  // JSON (RFC 8259 §7) has no raw control characters (U+0000–U+001F) in strings. JSON.parse
  // refuses them; momoa, parseBody's fallback parser, accepts them. Found by the property above
  // (shrunk: "{\"\u0000createUnmatchedUsers\":false}" with a raw NUL was parsed, not refused;
  // from the CLI a password written "Sec<TAB>ret<LF>1" validated, exit 0); fixed in parse.ts
  // meanwhile. Kept as a regression property with a generator that always hits a string.
  test('a raw control character inside any string of a valid body is a syntax error (exit 3)', () => {
    const withRawControl = anyBody
      .map((g) => JSON.stringify(g.body))
      // String starts: a quote right after { [ , or : (inside a string a quote is always \").
      .map((text) => ({ text, starts: [...text.matchAll(/[{[,:]"/g)].map((m) => m.index + 2) }))
      .filter(({ starts }) => starts.length > 0)
      .chain(({ text, starts }) =>
        fc.tuple(fc.constantFrom(...starts), fc.integer({ min: 0, max: 0x1f })).map(([at, code]) => text.slice(0, at) + String.fromCharCode(code) + text.slice(at)),
      );
    fc.assert(
      fc.property(withRawControl, (text) => {
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
        let outcome = 'accepted';
        try {
          parseBody(text, 'body.json');
        } catch (error) {
          outcome = error instanceof InvalidInputError ? 'refused' : String(error);
        }
        expect(outcome).toBe('refused');
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// parseBody's own scanners (depth, duplicate keys) against JSON texts built by hand.

type Json = { t: 'object'; entries: [key: string, escaped: boolean, value: Json][]; ws: string } | { t: 'array'; items: Json[]; ws: string } | { t: 'leaf'; value: unknown };

/** Keys likely to collide (also once escaped), and to confuse a scanner: quotes, backslashes, brackets. */
const scannerKey = fc.oneof(fc.constantFrom('a', 'b', 'A', 'a/b', '~', 'é', '"', '\\', '', '[', '{', '}', ']', '\\"', '__proto__'), anyText(3));
const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const { node: jsonNode } = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('leaf'), tie('array'), tie('object')),
  leaf: fc.oneof(fc.boolean(), fc.constant(null), fc.integer(), scannerKey).map((value): Json => ({ t: 'leaf', value })),
  array: fc.tuple(fc.array(tie('node'), { maxLength: 3 }), ws).map(([items, w]): Json => ({ t: 'array', items: items as Json[], ws: w })),
  object: fc
    .tuple(fc.array(fc.tuple(scannerKey, fc.boolean(), tie('node')), { maxLength: 4 }), ws)
    .map(([entries, w]): Json => ({ t: 'object', entries: entries as [string, boolean, Json][], ws: w })),
}));
const rootObject = fc
  .tuple(fc.array(fc.tuple(scannerKey, fc.boolean(), jsonNode), { maxLength: 4 }), ws)
  .map(([entries, w]): Json => ({ t: 'object', entries: entries as [string, boolean, Json][], ws: w }));

/** A JSON string literal, every character \u-escaped when `escaped`. */
const literal = (s: string, escaped: boolean): string =>
  escaped ? `"${Array.from({ length: s.length }, (_, i) => `\\u${s.charCodeAt(i).toString(16).padStart(4, '0')}`).join('')}"` : JSON.stringify(s);

function serialize(node: Json): string {
  if (node.t === 'leaf') return JSON.stringify(node.value);
  if (node.t === 'array') return `[${node.ws}${node.items.map(serialize).join(`,${node.ws}`)}${node.ws}]`;
  return `{${node.ws}${node.entries.map(([k, e, v]) => `${literal(k, e)}${node.ws}:${node.ws}${serialize(v)}`).join(`,${node.ws}`)}${node.ws}}`;
}
const hasDuplicates = (node: Json): boolean =>
  node.t === 'leaf'
    ? false
    : node.t === 'array'
      ? node.items.some(hasDuplicates)
      : new Set(node.entries.map((e) => e[0])).size < node.entries.length || node.entries.some((e) => hasDuplicates(e[2]));
function toValue(node: Json): unknown {
  if (node.t === 'leaf') return node.value;
  if (node.t === 'array') return node.items.map(toValue);
  const out: Record<string, unknown> = {};
  for (const [k, , v] of node.entries) Object.defineProperty(out, k, { value: toValue(v), enumerable: true, writable: true, configurable: true });
  return out;
}

describe('parseBody: duplicate keys and nesting depth, however the text is written', () => {
  test('refused (exit 3) exactly when some object repeats a key (escaped or not); otherwise the value as written', () => {
    fc.assert(
      fc.property(rootObject, (root) => {
        const text = serialize(root);
        if (hasDuplicates(root)) {
          expect(() => parseBody(text, 'body.json')).toThrow(InvalidInputError);
          expect(() => parseBody(text, 'body.json')).toThrow(/duplicate keys/);
        } else {
          const parsed = parseBody(text, 'body.json');
          expect(parsed.value).toEqual(toValue(root));
          expect(Object.keys(parsed.value).sort()).toEqual(root.t === 'object' ? root.entries.map((e) => e[0]).sort() : []);
        }
      }),
      { numRuns: 500 },
    );
  });

  test(`nesting: up to ${MAX_DEPTH} levels accepted, deeper refused (exit 3), brackets inside strings ignored`, () => {
    const level = fc.record({ object: fc.boolean(), key: scannerKey, sibling: fc.option(scannerKey, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(level, { maxLength: 2 * MAX_DEPTH }), scannerKey, ws, (levels, leaf, w) => {
        let inner = JSON.stringify(leaf);
        for (const l of [...levels].reverse()) {
          const sibling = l.sibling === undefined ? '' : l.object ? `,${w}${JSON.stringify(`${l.key}2`)}:${JSON.stringify(l.sibling)}` : `,${w}${JSON.stringify(l.sibling)}`;
          inner = l.object ? `{${w}${JSON.stringify(l.key)}:${w}${inner}${sibling}${w}}` : `[${w}${inner}${sibling}${w}]`;
        }
        const text = `{${w}"top":${w}${inner}${w}}`;
        const depth = 1 + levels.length;
        if (depth > MAX_DEPTH) {
          expect(() => parseBody(text, 'body.json')).toThrow(/nested more than 32 levels/);
        } else {
          expect(parseBody(text, 'body.json').value).toEqual(JSON.parse(text));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

/** The pointers of write-only passwords: the one thing compare always reports. */
const passwordPointers = (g: Generated): string[] =>
  sitesOf(g.kind, g.body)
    .filter((s) => s.s === 'password')
    .map((s) => s.pointer);

/** Two valid bodies of one kind: a live flow (update-ready) and what the user sends over it. */
const liveAndBody = fc.constantFrom(...KINDS).chain((kind) => fc.tuple(bodyOf(kind), bodyOf(kind)));

/** Inside one of the body's top-level members. */
const insideBody = (body: Record<string, unknown>, pointer: string): boolean => Object.keys(body).some((key) => pointer === `/${esc(key)}` || pointer.startsWith(`/${esc(key)}/`));

/**
 * Every value the body sets (a scalar, array or null, or an object live does not have) is in the
 * merge as given, and a complex member the body touches keeps the members live has beside it.
 */
function expectBodyWins(live: unknown, body: unknown, merged: unknown): void {
  if (isRecord(body) && isRecord(live)) {
    for (const [key, value] of Object.entries(body)) expectBodyWins(live[key], value, (merged as Record<string, unknown>)[key]);
    for (const key of Object.keys(live)) expect(Object.hasOwn(merged as object, key)).toBe(true);
  } else {
    expect(merged).toEqual(body);
  }
}
function expectTopLevelBodyWins(live: Record<string, unknown>, body: Record<string, unknown>, merged: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(body)) expectBodyWins(live[key], value, merged[key]);
}

describe('merge and compare', () => {
  test('compare(x, clone(x)) reports nothing but the write-only passwords', () => {
    fc.assert(
      fc.property(fc.oneof(anyBody, userBodyWithPassword), (g) => {
        const result = compare(g.body, structuredClone(g.body));
        expect(result.notReturned).toEqual([]);
        expect(pointers(result.changes).sort()).toEqual(passwordPointers(g).sort());
      }),
      { numRuns: RUNS },
    );
  });

  test('mergeOverLive(live, {}) is {}', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyBody.map((g) => g.body),
          fc.object() as fc.Arbitrary<Record<string, unknown>>,
        ),
        (live) => {
          expect(mergeOverLive(live, {})).toStrictEqual({});
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('a body merged over live: the body wins, untouched members stay out, and compare lists only pointers inside the body', () => {
    fc.assert(
      fc.property(liveAndBody, ([live, next]) => {
        const liveBefore = structuredClone(live.body);
        const bodyBefore = structuredClone(next.body);
        const merged = mergeOverLive(live.body, next.body);
        expect(live.body).toStrictEqual(liveBefore);
        expect(next.body).toStrictEqual(bodyBefore);
        expect(Object.keys(merged).sort()).toEqual(Object.keys(next.body).sort());
        expectTopLevelBodyWins(live.body, next.body, merged);
        // Merging again changes nothing.
        expect(mergeOverLive(live.body, merged)).toStrictEqual(merged);
        const result = compare(live.body, merged);
        for (const pointer of [...pointers(result.changes), ...result.notReturned]) expect(insideBody(next.body, pointer)).toBe(true);
        // A merge of a valid body over a valid live flow is itself valid.
        expect(checkBody(merged, next.kind, { graphUrl: GRAPH_URL })).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  test('compare(live, mergeOverLive(live, live)) reports only the passwords', () => {
    fc.assert(
      fc.property(fc.oneof(anyBody, userBodyWithPassword), (g) => {
        const result = compare(g.body, mergeOverLive(g.body, g.body));
        expect(pointers(result.changes).sort()).toEqual(passwordPointers(g).sort());
      }),
      { numRuns: RUNS },
    );
  });

  test('the same containment for arbitrary JSON objects', () => {
    fc.assert(
      fc.property(fc.object(), fc.object(), (liveValue, bodyValue) => {
        const live = JSON.parse(JSON.stringify(liveValue)) as Record<string, unknown>;
        const body = JSON.parse(JSON.stringify(bodyValue)) as Record<string, unknown>;
        const result = compare(live, mergeOverLive(live, body));
        for (const pointer of [...pointers(result.changes), ...result.notReturned]) expect(insideBody(body, pointer)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------

const anyCase = (s: string): fc.Arbitrary<string> =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const propertyFlags = fc.record(
  {
    createUnmatchedUsers: fc.constantFrom('true', 'false').chain(anyCase),
    studentAgeGroup: fc.constantFrom(...ENUMS.studentAgeGroup, 'none').chain(anyCase),
    allowStudentContactAssociation: fc.constantFrom('true', 'false').chain(anyCase),
    additionalAttributes: fc.tuple(fc.subarray([...ENUMS.additionalUserAttributes]), ws).map(([list, w]) => list.join(`,${w}`)),
  },
  { requiredKeys: [] },
);

/** Exactly one property flag. */
const oneFlag = fc.oneof(
  fc
    .constantFrom('true', 'false')
    .chain(anyCase)
    .map((v) => ({ createUnmatchedUsers: v })),
  fc
    .constantFrom(...ENUMS.studentAgeGroup, 'none')
    .chain(anyCase)
    .map((v) => ({ studentAgeGroup: v })),
  fc
    .constantFrom('true', 'false')
    .chain(anyCase)
    .map((v) => ({ allowStudentContactAssociation: v })),
  fc.subarray([...ENUMS.additionalUserAttributes]).map((list) => ({ additionalAttributes: list.join(',') })),
);

describe('property flags and --set', () => {
  test('valid property flags (any case) over a valid user body: still valid, and each value lands at its pointer', () => {
    fc.assert(
      fc.property(bodyOf('user'), propertyFlags, (g, values) => {
        // A lone --additional-attributes over a body without managementOptions: see the next test.
        fc.pre(
          values.additionalAttributes === undefined ||
            isRecord(g.body.managementOptions) ||
            values.studentAgeGroup !== undefined ||
            values.allowStudentContactAssociation !== undefined,
        );
        const edits = propertyFlagEdits(values);
        const parsed = parseBody(JSON.stringify(g.body), 'body.json');
        applyEdits(parsed.value, edits);
        expect(inspect(parsed, g, edits).errors).toEqual([]);
        if (values.createUnmatchedUsers !== undefined) expect(parsed.value.createUnmatchedUsers).toBe(values.createUnmatchedUsers.toLowerCase() === 'true');
        if (values.allowStudentContactAssociation !== undefined) {
          expect(getAt(parsed.value, '/managementOptions/additionalOptions/allowStudentContactAssociation')).toBe(values.allowStudentContactAssociation.toLowerCase() === 'true');
        }
        if (values.studentAgeGroup !== undefined) {
          const expected = values.studentAgeGroup.toLowerCase() === 'none' ? null : ENUMS.studentAgeGroup.find((v) => v.toLowerCase() === values.studentAgeGroup!.toLowerCase());
          expect(getAt(parsed.value, '/managementOptions/additionalOptions/studentAgeGroup')).toBe(expected);
        }
        if (values.additionalAttributes !== undefined) {
          expect(getAt(parsed.value, '/managementOptions/additionalAttributes')).toEqual(
            values.additionalAttributes
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          );
        }
      }),
      { numRuns: RUNS },
    );
  });

  // BUG (fails): `update --additional-attributes …` with no body makes
  // {"managementOptions":{"additionalAttributes":[…]}}, which validation refuses (exit 3) for the
  // missing managementOptions/additionalOptions before the merge over the live flow could
  // complete it. Shrunk counterexample: [{"additionalAttributes":""}]
  // → /managementOptions/additionalOptions: missing required member "additionalOptions"
  // (--student-age-group, --allow-student-contact-association and --create-unmatched-users alone pass.)
  test('property flags alone, with no body, pass validation (a flag alone is enough)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          oneFlag,
          propertyFlags.filter((v) => Object.keys(v).length > 0),
        ),
        (values) => {
          const edits = propertyFlagEdits(values);
          // As loadBody builds it when there is no -f and there are edits.
          const parsed: ParsedBody = { value: {}, origin: 'the command line', positions: new Map() };
          applyEdits(parsed.value, edits);
          // As `update` checks it offline: a partial member is completed from the live flow later,
          // so missing required members are judged after that merge (src/change/plan.ts).
          expect(inspectBody(parsed, { strict: false, graphUrl: GRAPH_URL, edits, deferMissing: true }).errors).toEqual([]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  test('invalid property-flag values are a usage error (exit 2), never a body', () => {
    fc.assert(
      fc.property(fc.constantFrom('createUnmatchedUsers', 'studentAgeGroup', 'allowStudentContactAssociation'), anyText(8), (flag, raw) => {
        const allowed = flag === 'studentAgeGroup' ? [...ENUMS.studentAgeGroup, 'none'] : ['true', 'false'];
        fc.pre(!allowed.some((v) => v.toLowerCase() === raw.toLowerCase()));
        expect(() => propertyFlagEdits({ [flag]: raw })).toThrow(UsageError);
      }),
      { numRuns: RUNS },
    );
  });

  test('--set <pointer>=<json> then reading the pointer gives the value back; --set-string gives the text; a plaintext password is refused', () => {
    fc.assert(
      fc.property(anyBody, fc.nat(), fc.jsonValue({ maxDepth: 2 }), fc.boolean(), (g, pick, value, asString) => {
        const body = structuredClone(g.body);
        const targets = allPointers(body).slice(1);
        fc.pre(targets.length > 0);
        const pointer = targets[pick % targets.length];
        fc.pre(!pointer.includes('='));
        const raw = JSON.stringify(value);
        const expected = asString ? raw : JSON.parse(raw);
        // A password in plain text is the one value the command line refuses (anyone can read it in ps).
        if (isPasswordPointer(pointer) ? typeof expected === 'string' : collectPasswords(expected).length > 0) {
          expect(() => parseSetFlag(`${pointer}=${raw}`, asString ? '--set-string' : '--set')).toThrow(UsageError);
          return;
        }
        const edit = parseSetFlag(`${pointer}=${raw}`, asString ? '--set-string' : '--set');
        expect(edit).toEqual({ flag: asString ? '--set-string' : '--set', pointer, value: expected });
        setAtPointer(body, edit.pointer, edit.value, edit.flag);
        expect(getAt(body, pointer)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  test('--set on a missing path creates the objects on the way, and touches nothing else', () => {
    const tokens = fc.array(
      scannerKey.filter((k) => !k.includes('=')),
      { minLength: 1, maxLength: 4 },
    );
    fc.assert(
      fc.property(tokens, fc.jsonValue({ maxDepth: 1 }), (path, value) => {
        const body: Record<string, unknown> = {};
        const pointer = path.map((t) => `/${esc(t)}`).join('');
        setAtPointer(body, pointer, value, '--set');
        let expected: unknown = value;
        for (const t of [...path].reverse()) {
          const o: Record<string, unknown> = {};
          Object.defineProperty(o, t, { value: expected, enumerable: true, writable: true, configurable: true });
          expected = o;
        }
        expect(body).toEqual(expected);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: RUNS },
    );
  });
});
