// Unit: `$var` variables, the per-tenant values of a folder's files: whole values, `${NAME}` in
// strings, the `$${` escape, and every way a reference can be wrong.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: "${NAME}" in plain strings is the syntax under test
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { escapeVarText, findVarRefs, substituteVars } from '../../src/body/var-refs.js';

const SKU = '6fd2c87f-b296-42f0-b197-1e91e994b900';

describe('substituteVars: whole values', () => {
  test('a {"$var"} anywhere takes the variable, whatever JSON it is', () => {
    const body = {
      displayName: { $var: 'NAME' },
      creationOptions: { configurations: [{ licenseSkus: [{ $var: 'STAFF_SKU' }], count: { $var: 'COUNT' } }, { $var: 'CONFIG' }] },
      flag: { $var: 'FLAG' },
      nothing: { $var: 'NULL' },
    };
    const variables = { NAME: 'North', STAFF_SKU: SKU, COUNT: 3, CONFIG: { roleGroup: 'students', skus: ['a', 'b'] }, FLAG: false, NULL: null };
    expect(substituteVars(body, variables)).toEqual({
      value: {
        displayName: 'North',
        creationOptions: {
          configurations: [
            { licenseSkus: [SKU], count: 3 },
            { roleGroup: 'students', skus: ['a', 'b'] },
          ],
        },
        flag: false,
        nothing: null,
      },
      errors: [],
      used: ['CONFIG', 'COUNT', 'FLAG', 'NAME', 'NULL', 'STAFF_SKU'],
    });
  });

  test('the root itself may be a reference', () => {
    expect(substituteVars({ $var: 'ALL' }, { ALL: [1, 2] }).value).toEqual([1, 2]);
  });

  test('an {"$env"} password reference comes through untouched, to be resolved afterwards', () => {
    const body = { defaultPasswordSettings: { password: { $var: 'STUDENT_PASSWORD' } } };
    const result = substituteVars(body, { STUDENT_PASSWORD: { $env: 'NORTH_STUDENT_PASSWORD' } });
    expect(result.value).toEqual({ defaultPasswordSettings: { password: { $env: 'NORTH_STUDENT_PASSWORD' } } });
    expect(result.errors).toEqual([]);
  });

  test('a copy: neither the input nor the variables change, and two uses are two objects', () => {
    const body = { a: { $var: 'OBJ' }, b: { $var: 'OBJ' }, keep: { x: [1, { y: 2 }] } };
    const variables = { OBJ: { list: [1, 2] } };
    const before = structuredClone({ body, variables });
    const { value } = substituteVars(body, variables) as { value: { a: { list: number[] }; b: { list: number[] }; keep: unknown } };
    value.a.list.push(3);
    expect(value.b.list).toEqual([1, 2]);
    expect({ body, variables }).toEqual(before);
    expect(value.keep).toEqual(body.keep);
    expect(value.keep).not.toBe(body.keep);
  });

  test('member order is kept, and a "__proto__" member stays an ordinary member', () => {
    const body = JSON.parse('{"z": 1, "__proto__": {"$var": "P"}, "a": {"$var": "A"}, "m": 3}') as Record<string, unknown>;
    const { value } = substituteVars(body, JSON.parse('{"A": 2, "P": {"__proto__": {"polluted": true}}}') as Record<string, unknown>);
    const record = value as Record<string, unknown>;
    expect(Object.keys(record)).toEqual(['z', '__proto__', 'a', 'm']);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.getOwnPropertyNames(Object.getOwnPropertyDescriptor(record, '__proto__')?.value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("a variable's own value is taken as it is: a $var or ${…} in it is not substituted again", () => {
    const result = substituteVars({ a: { $var: 'OUTER' }, b: '${TEXT}' }, { OUTER: { inner: { $var: 'INNER' } }, INNER: 1, TEXT: '${INNER}' });
    expect(result.value).toEqual({ a: { inner: { $var: 'INNER' } }, b: '${INNER}' });
    expect(result.used).toEqual(['OUTER', 'TEXT']);
  });

  test('deep documents and deep values are fine (no recursion limit near 32 + 32 levels)', () => {
    let body: unknown = { $var: 'DEEP' };
    let deep: unknown = 'bottom';
    for (let level = 0; level < 32; level++) {
      body = { level: [body] };
      deep = [deep];
    }
    const result = substituteVars(body, { DEEP: deep });
    expect(result.errors).toEqual([]);
    expect(JSON.stringify(result.value)).toBe(JSON.stringify(body).replace('{"$var":"DEEP"}', JSON.stringify(deep)));
  });

  test('a document without references is copied equal; scalars pass through', () => {
    const body = { a: [1, 'x', true, null, { b: 'c$d' }], e: 'cost: $5' };
    expect(substituteVars(body, {})).toEqual({ value: body, errors: [], used: [] });
    expect(substituteVars(7, {}).value).toBe(7);
    expect(substituteVars(null, {}).value).toBeNull();
  });
});

describe('substituteVars: inside strings', () => {
  test('${NAME} takes a string, number or boolean', () => {
    const result = substituteVars(
      { name: 'SDS ${DISTRICT} (${YEAR}) ${ON}', email: '${USER}@${DOMAIN}' },
      { DISTRICT: 'North', YEAR: 2025, ON: true, USER: 'it', DOMAIN: 'north.edu' },
    );
    expect(result).toEqual({ value: { name: 'SDS North (2025) true', email: 'it@north.edu' }, errors: [], used: ['DISTRICT', 'DOMAIN', 'ON', 'USER', 'YEAR'] });
  });

  test('$${ is a literal ${, and a $ elsewhere is just a $', () => {
    expect(substituteVars({ a: 'x $${NAME} y', b: '$$ $5 $ {A} $', c: '$$${A}', d: '$${' }, { A: 'v' }).value).toEqual({
      a: 'x ${NAME} y',
      b: '$$ $5 $ {A} $',
      c: '$${A}',
      d: '${',
    });
  });

  test("a value's own ${ is not read again", () => {
    expect(substituteVars('${A}', { A: '${B}', B: 'no' }).value).toBe('${B}');
  });
});

describe('substituteVars: faults', () => {
  const pointer = '/creationOptions/configurations/0/licenseSkus/0';

  test('an undefined variable, whole or in a string, names its place', () => {
    const body = { creationOptions: { configurations: [{ licenseSkus: [{ $var: 'STAFF_SKU' }] }] }, displayName: 'SDS ${DISTRICT}' };
    const result = substituteVars(body, { OTHER: 1 });
    expect(result.errors).toEqual([
      { pointer, message: 'the variable STAFF_SKU is not defined for this tenant' },
      { pointer: '/displayName', message: 'the variable DISTRICT is not defined for this tenant' },
    ]);
    expect(result.used).toEqual([]);
  });

  test('what every object has is not a variable: constructor, toString, __proto__', () => {
    const result = substituteVars({ a: { $var: 'constructor' }, b: '${toString}', c: { $var: '__proto__' } }, {});
    expect(result.errors.map((e) => e.message)).toEqual([
      'the variable constructor is not defined for this tenant',
      'the variable toString is not defined for this tenant',
      'the variable __proto__ is not defined for this tenant',
    ]);
  });

  test('malformed references: not a string, extra members, a bad name', () => {
    const result = substituteVars({ a: { $var: 5 }, b: { $var: 'X', y: 1 }, c: { $var: '1ABC' }, d: { $var: 'A-B' }, e: { $var: '' }, f: { $var: null } }, { X: 1 });
    expect(result.errors).toEqual([
      { pointer: '/a', message: 'a variable reference is {"$var": "NAME"} and nothing else' },
      { pointer: '/b', message: 'a variable reference is {"$var": "NAME"} and nothing else' },
      { pointer: '/c', message: expect.stringMatching(/^"1ABC" is not a variable name: a variable name is letters, digits and "_", not starting with a digit$/) },
      { pointer: '/d', message: expect.stringMatching(/^"A-B" is not a variable name/) },
      { pointer: '/e', message: expect.stringMatching(/^"" is not a variable name/) },
      { pointer: '/f', message: 'a variable reference is {"$var": "NAME"} and nothing else' },
    ]);
    // The faulty parts stay as they were written; nothing half-substituted.
    expect(result.value).toEqual({ a: { $var: 5 }, b: { $var: 'X', y: 1 }, c: { $var: '1ABC' }, d: { $var: 'A-B' }, e: { $var: '' }, f: { $var: null } });
    expect(result.used).toEqual([]);
  });

  test('malformed ${…} in strings: unterminated, or not a name', () => {
    const result = substituteVars(['abc ${NAME', '${}', '${A B}', '${9}', 'ok ${A} then ${'], { A: 'x' });
    expect(result.errors).toEqual([
      { pointer: '/0', message: 'an unterminated "${" at character 5: end the variable name with "}", or write "$${" for a literal "${"' },
      { pointer: '/1', message: '"${}" does not name a variable (a variable name is letters, digits and "_", not starting with a digit); write "$${" for a literal "${"' },
      { pointer: '/2', message: expect.stringMatching(/^"\$\{A B\}" does not name a variable/) },
      { pointer: '/3', message: expect.stringMatching(/^"\$\{9\}" does not name a variable/) },
      { pointer: '/4', message: expect.stringMatching(/^an unterminated "\$\{" at character 14/) },
    ]);
    // A string with a fault is left whole, and its good references are not counted as used.
    expect(result.value).toEqual(['abc ${NAME', '${}', '${A B}', '${9}', 'ok ${A} then ${']);
    expect(result.used).toEqual([]);
  });

  test('a list, object or null cannot stand inside a string', () => {
    const result = substituteVars({ a: 'x ${L}', b: '${O}', c: '${N}' }, { L: [1], O: { k: 1 }, N: null });
    expect(result.errors).toEqual([
      {
        pointer: '/a',
        message: expect.stringMatching(/^the variable L is a list, which cannot stand inside a string: only a string, number or true\/false can; use \{"\$var": "L"\}/),
      },
      { pointer: '/b', message: expect.stringMatching(/^the variable O is an object, which cannot stand inside a string/) },
      { pointer: '/c', message: expect.stringMatching(/^the variable N is null, which cannot stand inside a string/) },
    ]);
  });

  test('pointers escape ~ and / in member names', () => {
    expect(substituteVars({ 'a/b': { 'c~d': { $var: 'MISSING' } } }, {}).errors[0].pointer).toBe('/a~1b/c~0d');
  });

  test('used holds each name once, sorted, also when some references fail', () => {
    const result = substituteVars({ a: { $var: 'B' }, b: '${A}${B}', c: { $var: 'A' }, d: { $var: 'NOPE' } }, { A: 'a', B: 'b' });
    expect(result.used).toEqual(['A', 'B']);
    expect(result.errors).toHaveLength(1);
  });
});

describe('findVarRefs', () => {
  test('every name a document refers to, sorted, once; malformed ones left out', () => {
    const body = {
      a: { $var: 'STAFF_SKU' },
      b: ['${DISTRICT}-${YEAR}', '$${LITERAL}', { $var: 'STAFF_SKU' }],
      c: { $var: 5 },
      d: { $var: 'X', extra: { $var: 'INSIDE_A_BAD_ONE' } },
      e: 'ok ${GOOD} then ${bad name}',
      f: { $env: 'PASSWORD_${DISTRICT}' },
    };
    expect(findVarRefs(body)).toEqual(['DISTRICT', 'GOOD', 'STAFF_SKU', 'YEAR']);
  });

  test('none in a document without references', () => {
    expect(findVarRefs({ a: ['$5', 'x'], b: null })).toEqual([]);
    expect(findVarRefs('${ONLY}')).toEqual(['ONLY']);
  });
});

describe('escapeVarText', () => {
  test('every literal ${ becomes $${', () => {
    expect(escapeVarText('pay ${X} and ${Y}, $5')).toBe('pay $${X} and $${Y}, $5');
    expect(escapeVarText('no dollars')).toBe('no dollars');
  });

  test('an escaped string substitutes back to itself, whatever it holds', () => {
    const dollars = fc.string({ unit: fc.constantFrom('$', '{', '}', 'A', '_', ' ', '1') });
    fc.assert(
      fc.property(fc.oneof(dollars, fc.string()), (text) => {
        const result = substituteVars({ text: escapeVarText(text) }, { A: 'substituted' });
        expect(result.errors).toEqual([]);
        expect(result.value).toEqual({ text });
        expect(findVarRefs(escapeVarText(text))).toEqual([]);
      }),
    );
  });
});
