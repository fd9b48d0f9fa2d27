// Unit: schemas/fleet.json (what editors check) and the fleet loader (what edu-flow checks) give
// the same verdict on the same documents. The one rule only the loader can apply is names unique
// ignoring case: a schema cannot say it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from '@jest/globals';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { isRecord } from '../../src/body/is-record.js';
import { EduFlowError } from '../../src/errors.js';
import { parseFleet } from '../../src/fleet/fleet-file.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/fleet.json', import.meta.url), 'utf8')) as object;
const { Ajv2020: AjvClass } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020 };
// The options edu-flow compiles its body schemas with: strict, so a schema mistake is an error here.
const validate = new AjvClass({ allErrors: true, strict: true }).compile(schema);

function loaderAccepts(document: unknown): boolean {
  try {
    parseFleet(JSON.stringify(document), 'fleet.json');
    return true;
  } catch (error) {
    if (error instanceof EduFlowError && error.exitCode === 3) return false;
    throw error;
  }
}

/** The string names of a document's entries, whatever else is wrong with it. */
function namesOf(document: unknown): string[] {
  const tenants = isRecord(document) ? document.tenants : undefined;
  if (!Array.isArray(tenants)) return [];
  return tenants.flatMap((t: unknown) => (isRecord(t) && typeof t.name === 'string' ? [t.name] : []));
}

const schemaAccepts = (document: unknown): boolean => validate(document) === true;

const GUID = '7c1d2a4e-5b6f-4c3d-9e8f-0a1b2c3d4e5f';
const entry = (extra: Record<string, unknown> = {}) => ({ name: 'north', tenant: 'north.onmicrosoft.com', ...extra });
const fleetOf = (...entries: unknown[]) => ({ tenants: entries });

const VALID: [string, unknown][] = [
  ['one entry', fleetOf(entry())],
  [
    'every member',
    {
      $schema: 'https://edu-flow.dev/schemas/fleet.json',
      variables: { A: 1, _b: { $env: 'X' } },
      tenants: [entry({ profile: 'north-1', tags: ['pilot', 'Pilot'], variables: { SKU: ['a'] } })],
    },
  ],
  ['a GUID tenant', fleetOf(entry({ tenant: GUID }))],
  ['an upper-case GUID', fleetOf(entry({ tenant: GUID.toUpperCase() }))],
  ['a long domain', fleetOf(entry({ tenant: `${'a'.repeat(63)}.${'b'.repeat(63)}.edu` }))],
  ['a domain of 253 characters', fleetOf(entry({ tenant: `${Array.from({ length: 4 }, () => 'a'.repeat(60)).join('.')}.abcdefghi` }))],
  ['a 64-character name', fleetOf(entry({ name: 'n'.repeat(64) }))],
  ['empty tags and variables', fleetOf(entry({ tags: [], variables: {} }))],
  ['a "__proto__" variable', JSON.parse('{"variables": {"__proto__": 1}, "tenants": [{"name": "a", "tenant": "a.edu"}]}')],
  ['1000 entries', fleetOf(...Array.from({ length: 1000 }, (_, i) => entry({ name: `d${i}` })))],
];

const INVALID: [string, unknown][] = [
  ['no tenants', {}],
  ['tenants empty', fleetOf()],
  ['1001 entries', fleetOf(...Array.from({ length: 1001 }, (_, i) => entry({ name: `d${i}` })))],
  ['tenants an object', { tenants: {} }],
  ['an unknown top-level member', { ...fleetOf(entry()), defaults: {} }],
  ['$schema not a string', { $schema: 5, ...fleetOf(entry()) }],
  ['top-level variables a list', { variables: [], ...fleetOf(entry()) }],
  ['a bad variable name', { variables: { 'A-B': 1 }, ...fleetOf(entry()) }],
  ['a variable name starting with a digit', fleetOf(entry({ variables: { '1A': 1 } }))],
  ['an entry a string', fleetOf('north')],
  ['an entry null', fleetOf(null)],
  ['no name', fleetOf({ tenant: 'a.edu' })],
  ['no tenant', fleetOf({ name: 'a' })],
  ['a name of 65 characters', fleetOf(entry({ name: 'n'.repeat(65) }))],
  ['a name starting with "-"', fleetOf(entry({ name: '-n' }))],
  ['an empty name', fleetOf(entry({ name: '' }))],
  ['a name with a space', fleetOf(entry({ name: 'north district' }))],
  ['a name not a string', fleetOf(entry({ name: 1 }))],
  ['a one-label tenant', fleetOf(entry({ tenant: 'contoso' }))],
  ['a tenant ending in a dot', fleetOf(entry({ tenant: 'a.edu.' }))],
  ['a tenant with a numeric last label', fleetOf(entry({ tenant: 'a.123' }))],
  ['a tenant of 254 characters', fleetOf(entry({ tenant: `${Array.from({ length: 4 }, () => 'a'.repeat(60)).join('.')}.abcdefghij` }))],
  ['a label of 64 characters', fleetOf(entry({ tenant: `${'a'.repeat(64)}.edu` }))],
  ['a GUID with a brace', fleetOf(entry({ tenant: `{${GUID}}` }))],
  ['a bad profile', fleetOf(entry({ profile: 'my profile' }))],
  ['a profile not a string', fleetOf(entry({ profile: null }))],
  ['tags not a list', fleetOf(entry({ tags: 'pilot' }))],
  ['a tag twice', fleetOf(entry({ tags: ['pilot', 'pilot'] }))],
  ['a bad tag', fleetOf(entry({ tags: ['.pilot'] }))],
  ['a tag not a string', fleetOf(entry({ tags: [1] }))],
  ['entry variables a string', fleetOf(entry({ variables: 'x' }))],
  ['an unknown entry member', fleetOf(entry({ tenantId: GUID }))],
  ['$schema in an entry', fleetOf(entry({ $schema: 'x' }))],
];

describe('schemas/fleet.json and the loader agree', () => {
  test.each(VALID)('both accept: %s', (_, document) => {
    expect([schemaAccepts(document), loaderAccepts(document)]).toEqual([true, true]);
  });

  test.each(INVALID)('both refuse: %s', (_, document) => {
    expect([schemaAccepts(document), loaderAccepts(document)]).toEqual([false, false]);
  });

  test('names used twice (ignoring case): the loader alone refuses them', () => {
    for (const document of [fleetOf(entry(), entry()), fleetOf(entry(), entry({ name: 'NORTH' }))]) {
      expect([schemaAccepts(document), loaderAccepts(document)]).toEqual([true, false]);
    }
  });

  test('generated documents near the rules: the same verdict', () => {
    // Mostly good values, some near the edges of the rules, a few of the wrong type: documents
    // with one fault or none are the ones that tell the two checks apart.
    const anything = fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 3 }), fc.constant([]), fc.constant({}));
    const mostly = (good: fc.Arbitrary<unknown>, near: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
      fc.oneof({ weight: 12, arbitrary: good }, { weight: 1, arbitrary: near }, { weight: 1, arbitrary: anything });
    const label = mostly(
      fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,8}$/),
      fc.oneof(
        fc.constantFrom('north', 'North', 'a', '9', 'n'.repeat(64), 'n'.repeat(65), '-a', '.a', 'a b', '', 'ñ', 'a_b.c-d'),
        fc.string({ unit: fc.constantFrom('a', 'Z', '0', '.', '_', '-', ' '), maxLength: 8 }),
      ),
    );
    const tenant = mostly(
      fc.oneof(fc.domain(), fc.uuid()),
      fc.oneof(
        fc.constantFrom(GUID, `${GUID}0`, 'contoso.edu', 'contoso', 'a.b.c.d', 'a..b', '-a.edu', 'a-.edu', 'a.1', 'xn--a.xn--b', `${'a'.repeat(250)}.edu`),
        fc.string({ unit: fc.constantFrom('a', '1', '.', '-', 'F'), maxLength: 12 }),
      ),
    );
    const variableName = fc.oneof(
      { weight: 12, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,5}$/) },
      { weight: 1, arbitrary: fc.constantFrom('1A', 'A-B', '', '$var', '__proto__', 'constructor') },
    );
    const variables = mostly(fc.dictionary(variableName, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }), fc.constant({ 'A B': 1 }));
    const tags = mostly(fc.array(label, { maxLength: 3 }), fc.constant(['pilot', 'pilot']));
    const members = { name: label, tenant, profile: label, tags, variables, extra: anything };
    const tenantEntry = fc.oneof(
      { weight: 12, arbitrary: fc.record(members, { requiredKeys: ['name', 'tenant'] }).map(({ extra: _, ...rest }) => rest) },
      { weight: 1, arbitrary: fc.record(members, { requiredKeys: [] }) },
      { weight: 1, arbitrary: anything },
    );
    const topMembers = {
      $schema: mostly(fc.webUrl(), anything),
      variables,
      tenants: mostly(fc.array(tenantEntry, { minLength: 1, maxLength: 3 }), fc.constant([])),
      other: anything,
    };
    const document = fc.oneof(
      { weight: 12, arbitrary: fc.record(topMembers, { requiredKeys: ['tenants'] }).map(({ other: _, ...rest }) => rest) },
      { weight: 1, arbitrary: fc.record(topMembers, { requiredKeys: [] }) },
    );
    let accepted = 0;
    fc.assert(
      fc.property(document, (candidate) => {
        const names = namesOf(candidate).map((name) => name.toLowerCase());
        const uniqueNames = new Set(names).size === names.length;
        const verdict = loaderAccepts(candidate);
        if (verdict) accepted++;
        expect(verdict).toBe(schemaAccepts(candidate) && uniqueNames);
      }),
      { numRuns: 2000 },
    );
    // The generator must reach valid documents too, or the agreement would be one-sided.
    expect(accepted).toBeGreaterThan(100);
  });
});
