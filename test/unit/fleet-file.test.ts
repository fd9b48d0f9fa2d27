// Unit: reading a fleet file (the tenants of `plan/apply --fleet`) and picking tenants from it
// with --tenants: the merged variables, every kind of fault with its place, and the selector.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { IO } from '../../src/context.js';
import { InvalidInputError } from '../../src/errors.js';
import { type Fleet, loadFleet, parseFleet, selectTenants } from '../../src/fleet/fleet-file.js';
import { refused, rejected, usage } from '../helpers/expect-error.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'edu-flow-fleet-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const GUID = '7c1d2a4e-5b6f-4c3d-9e8f-0a1b2c3d4e5f';
const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';

const io = (stdin: Readable = untouchedStdin()): IO => ({ stdin, stdout: new PassThrough(), stderr: new PassThrough(), stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false });

function untouchedStdin(): Readable {
  return new Readable({
    read() {
      throw new Error('stdin was read although a file was given');
    },
  });
}

function writeFleet(name: string, content: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** The problems of a fleet text, as (pointer, message, line, column). */
function problemsOf(text: string): InvalidInputError['details'] {
  const error = refused(() => parseFleet(text, 'fleet.json'));
  expect(error.message).toBe('fleet.json is not a valid fleet file');
  expect(error.origin).toBe('fleet.json');
  return error.details;
}

const messagesOf = (document: unknown): string[] => problemsOf(JSON.stringify(document)).map((p) => `${p.pointer}: ${p.message}`);

const EXAMPLE = `{
  "$schema": "https://edu-flow.dev/schemas/fleet.json",
  "variables": { "SKU_STUDENTS": "student-sku", "STAFF_SKU": "default-staff" },
  "tenants": [
    { "name": "north", "tenant": "north.onmicrosoft.com", "tags": ["pilot", "west-region"], "variables": { "STAFF_SKU": "${SKU}" } },
    { "name": "south", "tenant": "${GUID}", "profile": "south" }
  ]
}
`;

describe('loadFleet', () => {
  test('reads the entries, with the top-level variables under each entry’s own', async () => {
    const file = writeFleet('fleet.json', EXAMPLE);
    const fleet = await loadFleet(file, io());
    expect(fleet).toEqual({
      path: file,
      tenants: [
        { name: 'north', tenant: 'north.onmicrosoft.com', tags: ['pilot', 'west-region'], variables: { SKU_STUDENTS: 'student-sku', STAFF_SKU: SKU } },
        { name: 'south', tenant: GUID, profile: 'south', tags: [], variables: { SKU_STUDENTS: 'student-sku', STAFF_SKU: 'default-staff' } },
      ],
    });
    expect(Object.hasOwn(fleet.tenants[0], 'profile')).toBe(false);
  });

  test('each tenant has its own copy of the variables', () => {
    const fleet = parseFleet('{"variables": {"LIST": [1]}, "tenants": [{"name": "a", "tenant": "a.edu"}, {"name": "b", "tenant": "b.edu"}]}', 'f');
    (fleet.tenants[0].variables.LIST as number[]).push(2);
    expect(fleet.tenants[1].variables.LIST).toEqual([1]);
  });

  test('any JSON is a value, and a "__proto__" variable is an ordinary one', () => {
    const fleet = parseFleet(
      '{"variables": {"__proto__": {"polluted": true}}, "tenants": [{"name": "a", "tenant": "a.edu", "variables": {"PASSWORD": {"$env": "A_PASSWORD"}, "N": 3, "NONE": null, "_x9": [true]}}]}',
      'f',
    );
    const { variables } = fleet.tenants[0];
    expect(Object.keys(variables)).toEqual(['__proto__', 'PASSWORD', 'N', 'NONE', '_x9']);
    expect(Object.getPrototypeOf(variables)).toBe(Object.prototype);
    expect(variables.PASSWORD).toEqual({ $env: 'A_PASSWORD' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a UTF-8 file with BOM and a UTF-16 LE one (PowerShell) read alike', async () => {
    const bom = writeFleet('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(EXAMPLE)]));
    const utf16 = writeFleet('utf16.json', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(EXAMPLE, 'utf16le')]));
    const expected = parseFleet(EXAMPLE, 'x').tenants;
    expect((await loadFleet(bom, io())).tenants).toEqual(expected);
    expect((await loadFleet(utf16, io())).tenants).toEqual(expected);
  });

  test('"-" reads stdin', async () => {
    const fleet = await loadFleet('-', io(Readable.from([Buffer.from(EXAMPLE)])));
    expect(fleet.path).toBe('stdin');
    expect(fleet.tenants.map((t) => t.name)).toEqual(['north', 'south']);
  });

  test('a missing file → exit 3 saying so, with a hint of what the file is', async () => {
    const file = join(dir, 'missing.json');
    const error = await rejected(loadFleet(file, io()), InvalidInputError, 3);
    expect(error.message).toBe(`${file} does not exist`);
    expect(error.hint).toMatch(/^--fleet names a JSON file listing the tenants/);
  });

  test('a folder, an empty file, a file that is not JSON, duplicate keys, a top level that is not an object → exit 3', async () => {
    await expect(rejected(loadFleet(dir, io()), InvalidInputError, 3)).resolves.toMatchObject({ message: `${dir} is a folder, not a body file` });
    const empty = await rejected(loadFleet(writeFleet('empty.json', ' \n'), io()), InvalidInputError, 3);
    expect(empty.message).toMatch(/is empty: a fleet file lists the tenants$/);
    const broken = refused(() => parseFleet('{"tenants": [', 'fleet.json'));
    expect(broken.message).toBe('fleet.json is not valid JSON');
    expect(broken.details[0]).toMatchObject({ line: 1 });
    const duplicate = refused(() => parseFleet('{"tenants": [], "tenants": []}', 'fleet.json'));
    expect(duplicate.details[0]).toMatchObject({ pointer: '/tenants', line: 1, column: 17 });
    expect(refused(() => parseFleet('[]', 'fleet.json')).message).toBe('fleet.json must hold a JSON object, not an array');
  });

  test('a name used twice is placed at its second use and points back at the first; case does not make it another name', () => {
    const text = `{
  "tenants": [
    { "name": "north", "tenant": "a.edu" },
    { "name": "south", "tenant": "b.edu" },
    { "name": "north", "tenant": "c.edu" },
    { "name": "SOUTH", "tenant": "d.edu" }
  ]
}`;
    expect(problemsOf(text)).toEqual([
      { pointer: '/tenants/2/name', line: 5, column: 7, message: '"north" is used twice (also /tenants/0/name)' },
      { pointer: '/tenants/3/name', line: 6, column: 7, message: '"SOUTH" is used twice (also /tenants/1/name, as "south": names are compared ignoring case)' },
    ]);
  });

  test('every fault is reported, in reading order, with its place', () => {
    const text = `{
  "tenantz": [],
  "variables": { "9LIVES": 1, "OK": 2 },
  "tenants": [
    "north",
    { "name": "-north", "tenant": "contoso", "tenantId": "x", "tags": ["pilot", "pilot", "a b", 7] },
    { "tenant": "${GUID}", "profile": "bad profile", "variables": [] },
    { "name": 5, "tenant": null, "profile": 1, "tags": "pilot", "$schema": "x" }
  ]
}`;
    expect(problemsOf(text).map((p) => `${p.line}:${p.column} ${p.pointer}: ${p.message}`)).toEqual([
      '2:3 /tenantz: unknown member "tenantz" — did you mean "tenants"?',
      '3:18 /variables/9LIVES: "9LIVES" is not a variable name: a variable name is letters, digits and "_", not starting with a digit',
      '5:5 /tenants/0: a tenant entry must be a JSON object {"name": …, "tenant": …}, not a string',
      '6:7 /tenants/1/name: "-north" is not a tenant name: 1–64 letters, digits, ".", "_" and "-", starting with a letter or digit',
      '6:25 /tenants/1/tenant: "contoso" is not a tenant: give its id (a GUID) or one of its domain names, such as contoso.onmicrosoft.com',
      '6:46 /tenants/1/tenantId: unknown member "tenantId" — did you mean "tenant"?',
      '6:81 /tenants/1/tags/1: the tag "pilot" is listed twice (also /tenants/1/tags/0)',
      '6:90 /tenants/1/tags/2: "a b" is not a tag: 1–64 letters, digits, ".", "_" and "-", starting with a letter or digit',
      '6:97 /tenants/1/tags/3: a tag must be a string, not a number',
      '7:5 /tenants/2/name: missing required member "name"',
      expect.stringMatching(/^7:57 \/tenants\/2\/profile: "bad profile" is not a profile name: a profile name is 1–64 characters/),
      '7:83 /tenants/2/variables: "variables" must be a JSON object {"NAME": value, …}, not a list',
      '8:7 /tenants/3/name: "name" must be a string, not a number',
      '8:18 /tenants/3/tenant: "tenant" must be a string, not null',
      '8:34 /tenants/3/profile: "profile" must be a string (a profile name), not a number',
      '8:48 /tenants/3/tags: "tags" must be a list of strings, not a string',
      '8:65 /tenants/3/$schema: unknown member "$schema"; allowed here: "name", "tenant", "profile", "tags", "variables"',
    ]);
  });

  test('tenants: required, a list, 1 to 1000 of them', () => {
    expect(messagesOf({ variables: {} })).toEqual([
      '/tenants: missing required member "tenants": the list of tenants, e.g. [{"name": "north", "tenant": "north.onmicrosoft.com"}]',
    ]);
    expect(messagesOf({ tenants: {} })).toEqual(['/tenants: "tenants" must be a list of tenant entries, not an object']);
    expect(messagesOf({ tenants: [] })).toEqual(['/tenants: "tenants" lists no tenant: a fleet has 1 to 1000']);
    const many = (n: number) => ({ tenants: Array.from({ length: n }, (_, i) => ({ name: `d${i}`, tenant: `d${i}.onmicrosoft.com` })) });
    expect(parseFleet(JSON.stringify(many(1000)), 'f').tenants).toHaveLength(1000);
    expect(messagesOf(many(1001))).toEqual(['/tenants: "tenants" lists 1001 tenants, more than 1000: split the fleet into several files']);
  });

  test('the top level: $schema must be a string, variables an object', () => {
    expect(messagesOf({ $schema: 1, variables: 'x', tenants: [{ name: 'a', tenant: 'a.edu' }] })).toEqual([
      '/$schema: "$schema" must be a string, not a number',
      '/variables: "variables" must be a JSON object {"NAME": value, …}, not a string',
    ]);
  });

  test('names: 1–64 characters of the label rule, starting with a letter or digit', () => {
    const fleetWith = (name: string) => JSON.stringify({ tenants: [{ name, tenant: 'a.edu' }] });
    for (const good of ['a', '9', 'North_District.2-b', 'x'.repeat(64)]) expect(parseFleet(fleetWith(good), 'f').tenants[0].name).toBe(good);
    for (const bad of ['', '.north', '_north', 'x'.repeat(65), 'nörth', 'north\n', 'a/b']) {
      expect(messagesOf({ tenants: [{ name: bad, tenant: 'a.edu' }] })).toEqual([expect.stringMatching(/^\/tenants\/0\/name: .* is not a tenant name/)]);
    }
  });

  test('tenants: a GUID or a domain of two or more labels', () => {
    const fleetWith = (tenant: string) => JSON.stringify({ tenants: [{ name: 'a', tenant }] });
    for (const good of [GUID, GUID.toUpperCase(), 'contoso.onmicrosoft.com', 'north.k12.ca.us', 'a.edu', 'xn--bcher-kva.example', `${'a'.repeat(63)}.edu`]) {
      expect(parseFleet(fleetWith(good), 'f').tenants[0].tenant).toBe(good);
    }
    const longDomain = `${Array.from({ length: 4 }, () => 'a'.repeat(63)).join('.')}.edu`;
    for (const bad of [
      'contoso',
      'organizations',
      'common',
      '',
      '-a.edu',
      'a-.edu',
      'a..edu',
      'a.edu.',
      'a.123',
      `${'a'.repeat(64)}.edu`,
      longDomain,
      `${GUID}x`,
      'https://a.edu',
    ]) {
      expect(messagesOf({ tenants: [{ name: 'a', tenant: bad }] })).toEqual([expect.stringMatching(/^\/tenants\/0\/tenant: .* is not a tenant: give its id/)]);
    }
  });
});

describe('selectTenants', () => {
  const fleet: Fleet = parseFleet(
    JSON.stringify({
      tenants: [
        { name: 'north', tenant: 'north.edu', tags: ['pilot'] },
        { name: 'south', tenant: 'south.edu', tags: ['wave2'] },
        { name: 'east', tenant: 'east.edu', tags: ['pilot', 'wave2'] },
        { name: 'west', tenant: 'west.edu' },
      ],
    }),
    'fleet.json',
  );
  const names = (selector?: string) => selectTenants(fleet, selector).map((t) => t.name);

  test('no selector: every tenant (a new list)', () => {
    expect(names()).toEqual(['north', 'south', 'east', 'west']);
    expect(selectTenants(fleet)).not.toBe(fleet.tenants);
  });

  test('names and tags, ignoring case, united in fleet order, each once', () => {
    expect(names('west,north')).toEqual(['north', 'west']);
    expect(names('PILOT')).toEqual(['north', 'east']);
    expect(names('wave2, North ,pilot,north')).toEqual(['north', 'south', 'east']);
  });

  test('an item that matches nothing is a usage error naming it, with the names and tags there are', () => {
    const error = usage(() => selectTenants(fleet, 'north,nrth,beta'));
    expect(error.message).toBe('--tenants: "nrth", "beta" match no tenant name or tag in fleet.json — did you mean "north" for "nrth"?');
    expect(error.hint).toBe('names: north, south, east, west; tags: pilot, wave2');
    expect(usage(() => selectTenants(fleet, 'central')).message).toBe('--tenants: "central" matches no tenant name or tag in fleet.json');
  });

  test('a long fleet lists its first 20 names', () => {
    const big = parseFleet(JSON.stringify({ tenants: Array.from({ length: 25 }, (_, i) => ({ name: `d${i}`, tenant: `d${i}.edu` })) }), 'big.json');
    expect(usage(() => selectTenants(big, 'zz')).hint).toBe(`names: ${Array.from({ length: 20 }, (_, i) => `d${i}`).join(', ')} … and 5 more; tags: (none)`);
  });

  test('an empty selector or an empty item is a usage error', () => {
    expect(usage(() => selectTenants(fleet, '')).message).toMatch(/^--tenants is empty/);
    expect(usage(() => selectTenants(fleet, ' , ')).message).toMatch(/^--tenants is empty/);
    expect(usage(() => selectTenants(fleet, 'north,')).message).toBe('--tenants "north," has an empty item: a comma too many?');
  });
});
