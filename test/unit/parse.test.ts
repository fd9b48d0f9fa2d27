import { describe, expect, test } from '@jest/globals';
import { locate, MAX_DEPTH, parseBody, type Position } from '../../src/body/parse.js';
import { refused } from '../helpers/expect-error.js';

const BODY = [
  '{', //                                   line 1
  '  "createUnmatchedUsers": false,', //    line 2, key at column 3
  '  "managementOptions": {', //            line 3
  '    "additionalAttributes": [', //       line 4
  '      "userGradeLevel",', //             line 5, item at column 7
  '        "userNumber"', //                line 6, item at column 9
  '    ],', //
  '    "a/b~c": 1', //                      line 8
  '  }', //
  '}',
].join('\n');

describe('parseBody: values and positions', () => {
  const parsed = parseBody(BODY, 'flow.json');

  test('value and origin', () => {
    expect(parsed.origin).toBe('flow.json');
    expect(parsed.value).toEqual({
      createUnmatchedUsers: false,
      managementOptions: { additionalAttributes: ['userGradeLevel', 'userNumber'], 'a/b~c': 1 },
    });
  });

  test('object members: the 1-based position of the member name', () => {
    expect(parsed.positions.get('')).toEqual({ line: 1, column: 1 });
    expect(parsed.positions.get('/createUnmatchedUsers')).toEqual({ line: 2, column: 3 });
    expect(parsed.positions.get('/managementOptions')).toEqual({ line: 3, column: 3 });
    expect(parsed.positions.get('/managementOptions/additionalAttributes')).toEqual({ line: 4, column: 5 });
  });

  test('array items: the 1-based position of the value', () => {
    expect(parsed.positions.get('/managementOptions/additionalAttributes/0')).toEqual({ line: 5, column: 7 });
    expect(parsed.positions.get('/managementOptions/additionalAttributes/1')).toEqual({ line: 6, column: 9 });
  });

  test('keys with "/" and "~" are escaped in pointers (RFC 6901)', () => {
    expect(parsed.positions.get('/managementOptions/a~1b~0c')).toEqual({ line: 8, column: 5 });
    expect(parsed.positions.has('/managementOptions/a/b~c')).toBe(false);
  });

  test('a single-line body: columns count from 1', () => {
    const { positions } = parseBody('{"a":{"b":[true,null]}}', 'stdin');
    expect(positions.get('/a')).toEqual({ line: 1, column: 2 });
    expect(positions.get('/a/b')).toEqual({ line: 1, column: 7 });
    expect(positions.get('/a/b/0')).toEqual({ line: 1, column: 12 });
    expect(positions.get('/a/b/1')).toEqual({ line: 1, column: 17 });
  });

  test('scalars keep their JSON types; non-ASCII text survives', () => {
    expect(parseBody('{"n": 1.5, "s": "Schüler", "t": true, "z": null, "e": {}, "l": []}', 'x').value).toEqual({
      n: 1.5,
      s: 'Schüler',
      t: true,
      z: null,
      e: {},
      l: [],
    });
  });
});

describe('parseBody: empty body', () => {
  test.each([
    ['empty', ''],
    ['spaces', '   '],
    ['newlines and tabs', '\n\t\r\n  \n'],
  ])('%s → exit 3 naming the origin, with a hint', (_name, text) => {
    const error = refused(() => parseBody(text, 'stdin'));
    expect(error.message).toContain('stdin is empty');
    expect(error.hint).toContain('{');
  });
});

describe('parseBody: syntax errors', () => {
  test('a trailing comma: line and column in details', () => {
    const error = refused(() => parseBody('{\n  "a": 1,\n}', 'flow.json'));
    expect(error.message).toBe('flow.json is not valid JSON');
    expect(error.origin).toBe('flow.json');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ pointer: '', line: 3, column: 1 });
    expect(error.details[0].message).toMatch(/^JSON syntax error: /);
  });

  test('a bad literal on line 2', () => {
    const error = refused(() => parseBody('{\n  "a": tru\n}', 'flow.json'));
    expect(error.details[0]).toMatchObject({ line: 2, column: 8 });
    expect(error.details[0].message).toContain('tru');
    // The "(2:8)" suffix of the parser's message is not repeated: line/column are fields.
    expect(error.details[0].message).not.toMatch(/\(\d+:\d+\)/);
  });

  test('a missing colon', () => {
    const error = refused(() => parseBody('{"a" 1}', 'x'));
    expect(error.details[0]).toMatchObject({ line: 1, column: 6 });
  });

  test('text after the object', () => {
    const error = refused(() => parseBody('{"a":1}\n x', 'x'));
    expect(error.details[0]).toMatchObject({ line: 2, column: 2 });
  });

  test('JSON5 / JavaScript forms are not JSON', () => {
    for (const text of ['{a: 1}', "{'a': 1}", '{"a": NaN}', '{"a": 1 // c\n}', '{"a": 0x10}']) {
      expect(refused(() => parseBody(text, 'x')).message).toBe('x is not valid JSON');
    }
  });

  test('an unterminated object', () => {
    const error = refused(() => parseBody('{"a": [1, 2', 'x'));
    expect(error.message).toBe('x is not valid JSON');
    expect(error.details[0].line).toBe(1);
  });
});

describe('parseBody: duplicate keys', () => {
  test('the second occurrence is reported, mentioning the first line', () => {
    const text = '{\n  "createUnmatchedUsers": true,\n  "x": 1,\n    "createUnmatchedUsers": false\n}';
    const error = refused(() => parseBody(text, 'flow.json'));
    expect(error.message).toBe('flow.json has duplicate keys');
    expect(error.origin).toBe('flow.json');
    expect(error.details).toHaveLength(1);
    expect(error.details[0]).toMatchObject({ pointer: '/createUnmatchedUsers', line: 4, column: 5 });
    expect(error.details[0].message).toContain('duplicate key "createUnmatchedUsers"');
    expect(error.details[0].message).toContain('first at line 2');
  });

  test('nested duplicates carry the full pointer; every one is reported', () => {
    const text = '{"m": {"a": 1,\n"a": 2}, "l": [{"b": 1, "b": 2}]}';
    const error = refused(() => parseBody(text, 'x'));
    expect(error.details.map((d) => d.pointer)).toEqual(['/m/a', '/l/0/b']);
    expect(error.details[0]).toMatchObject({ line: 2, column: 1 });
    expect(error.details[0].message).toContain('first at line 1');
  });

  test('the same key in different objects is not a duplicate', () => {
    expect(parseBody('{"a": {"id": 1}, "b": {"id": 2}, "id": 3}', 'x').value).toEqual({ a: { id: 1 }, b: { id: 2 }, id: 3 });
  });

  test('escaped and literal spellings of one key are duplicates', () => {
    const error = refused(() => parseBody('{"ab": 1, "a\\u0062": 2}', 'x'));
    expect(error.details[0].pointer).toBe('/ab');
  });
});

describe('parseBody: the top level must be an object', () => {
  test.each([
    ['[1, 2]', 'an array'],
    ['"flow"', 'a string'],
    ['null', 'null'],
    ['42', 'a number'],
    ['true', 'a boolean'],
  ])('%s is refused as %s', (text, what) => {
    const error = refused(() => parseBody(text, 'flow.json'));
    expect(error.message).toBe(`flow.json must hold a JSON object, not ${what}`);
    expect(error.details[0]).toMatchObject({ pointer: '', line: 1, column: 1 });
    expect(error.details[0].message).toContain('JSON object');
  });

  test('the position of a top-level array after leading blank lines', () => {
    const error = refused(() => parseBody('\n\n  []', 'x'));
    expect(error.details[0]).toMatchObject({ line: 3, column: 3 });
  });
});

describe('parseBody: nesting depth', () => {
  /** An object holding arrays, `levels` brackets deep in all. */
  const nested = (levels: number) => `{"a":${'['.repeat(levels - 1)}1${']'.repeat(levels - 1)}}`;

  test('MAX_DEPTH is 32', () => {
    expect(MAX_DEPTH).toBe(32);
  });

  test('32 levels are accepted', () => {
    const { value } = parseBody(nested(32), 'x');
    let inner: unknown = value.a;
    for (let i = 0; i < 30; i++) inner = (inner as unknown[])[0];
    expect(inner).toEqual([1]);
  });

  test('32 levels of objects are accepted', () => {
    const text = `${'{"a":'.repeat(31)}{}${'}'.repeat(31)}`;
    expect(() => parseBody(text, 'x')).not.toThrow();
  });

  test('33 levels are refused with the position of the 33rd bracket', () => {
    const error = refused(() => parseBody(nested(33), 'deep.json'));
    expect(error.message).toBe('deep.json is nested more than 32 levels deep');
    // '{"a":' is 5 characters, then 32 '[': the 33rd level opens at column 6 + 31 = 37.
    expect(error.details[0]).toMatchObject({ pointer: '', line: 1, column: 37 });
    expect(error.details[0].message).toContain('32');
  });

  test('the depth position counts lines', () => {
    const text = `{\n"a":\n${'[\n'.repeat(32)}1${']'.repeat(32)}}`;
    const error = refused(() => parseBody(text, 'x'));
    expect(error.details[0]).toMatchObject({ line: 34, column: 1 });
  });

  test('siblings do not add up: many shallow members are fine', () => {
    const text = `{"a": [${Array.from({ length: 100 }, () => '[[1]]').join(',')}]}`;
    expect((parseBody(text, 'x').value.a as unknown[]).length).toBe(100);
  });

  test('a 100 000-deep body is refused without a stack overflow', () => {
    const text = '['.repeat(100_000) + ']'.repeat(100_000);
    const error = refused(() => parseBody(text, 'hostile.json'));
    expect(error.message).toContain('nested more than 32 levels');
  });

  test('an unbalanced 100 000-deep body is refused too', () => {
    const error = refused(() => parseBody(`{"a":${'[{"b":'.repeat(50_000)}`, 'x'));
    expect(error.message).toContain('nested more than 32 levels');
  });

  test('closing brackets first cannot cancel out deep nesting later', () => {
    const text = `{}${']'.repeat(100_000)}${'['.repeat(100_000)}`;
    const error = refused(() => parseBody(text, 'x'));
    expect(error.message).toBe('x is not valid JSON');
  });

  test('brackets inside strings do not count', () => {
    const brackets = '['.repeat(100_000);
    const { value } = parseBody(`{"a": "${brackets}", "b": "{{{{\\"[[[["}`, 'x');
    expect(value.a).toBe(brackets);
    expect(value.b).toBe('{{{{"[[[[');
  });

  test('an escaped backslash ends before the closing quote', () => {
    // "\\" is a complete string; the brackets after it are real nesting.
    const text = `{"a": "\\\\", "b": ${'['.repeat(33)}${']'.repeat(33)}}`;
    expect(refused(() => parseBody(text, 'x')).message).toContain('nested more than 32');
  });
});

describe('parseBody: "__proto__"', () => {
  test('stays an ordinary own member and pollutes nothing', () => {
    const { value, positions } = parseBody('{"__proto__": {"polluted": true}, "a": {"__proto__": [1]}}', 'x');
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value as object, '__proto__')).toBe(true);
    expect(Object.keys(value)).toEqual(['__proto__', 'a']);
    expect((value as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ polluted: true });
    const a = value.a as Record<string, unknown>;
    expect(Array.isArray(Object.getOwnPropertyDescriptor(a, '__proto__')?.value)).toBe(true);
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(value))).toEqual(JSON.parse('{"__proto__": {"polluted": true}, "a": {"__proto__": [1]}}'));
    expect(positions.get('/__proto__')).toEqual({ line: 1, column: 2 });
  });

  test('"constructor" and "prototype" keys are ordinary members', () => {
    const { value } = parseBody('{"constructor": {"prototype": {"x": 1}}}', 'x');
    expect(Object.keys(value)).toEqual(['constructor']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('locate', () => {
  const positions = new Map<string, Position>([
    ['', { line: 1, column: 1 }],
    ['/managementOptions', { line: 3, column: 3 }],
    ['/managementOptions/additionalAttributes', { line: 4, column: 5 }],
    ['/managementOptions/additionalAttributes/0', { line: 5, column: 7 }],
    ['/a~1b', { line: 9, column: 3 }],
  ]);

  test('an exact match', () => {
    expect(locate('/managementOptions/additionalAttributes/0', positions)).toEqual({ line: 5, column: 7 });
  });

  test('a missing member falls back to its parent', () => {
    expect(locate('/managementOptions/additionalOptions', positions)).toEqual({ line: 3, column: 3 });
  });

  test('a missing deep member falls back to the nearest ancestor that exists', () => {
    expect(locate('/managementOptions/additionalAttributes/7/x/y', positions)).toEqual({ line: 4, column: 5 });
  });

  test('an escaped token is one step, not two', () => {
    expect(locate('/a~1b/c', positions)).toEqual({ line: 9, column: 3 });
  });

  test('a missing top-level member falls back to the body', () => {
    expect(locate('/nope', positions)).toEqual({ line: 1, column: 1 });
  });

  test('no positions at all → undefined', () => {
    expect(locate('/a/b', new Map())).toBeUndefined();
    expect(locate('', new Map())).toBeUndefined();
  });

  test('works with what parseBody produced', () => {
    const { positions: parsed } = parseBody('{\n  "managementOptions": {}\n}', 'x');
    expect(locate('/managementOptions/additionalOptions/studentAgeGroup', parsed)).toEqual({ line: 2, column: 3 });
  });
});

describe('the fast path: JSON.parse, with positions worked out only when asked for', () => {
  test('hasDuplicateKeys finds repeats at any depth, and only in the same object', async () => {
    const { hasDuplicateKeys } = await import('../../src/body/parse.js');
    expect(hasDuplicateKeys('{"a":1,"b":{"a":2},"c":[{"a":1},{"a":2}]}')).toBe(false);
    expect(hasDuplicateKeys('{"a":1,"b":{"x":1,"x":2}}')).toBe(true);
    expect(hasDuplicateKeys('{"a":1,"a":1}')).toBe(true);
    expect(hasDuplicateKeys('{"a\\u0062":1,"ab":2}')).toBe(true); // the same key, escaped
    expect(hasDuplicateKeys('{"k":"v,\\"k\\":1","k2":["k","k"]}')).toBe(false); // commas and keys inside strings
    expect(hasDuplicateKeys('[{"a":1},{"a":1}]')).toBe(false);
  });

  test('a valid body has the same positions as the full parse, computed on first use', () => {
    const text = '{\n  "createUnmatchedUsers": false,\n  "managementOptions": {"additionalAttributes": ["userGradeLevel"]}\n}';
    const parsed = parseBody(text, 'body.json');
    expect(parsed.value).toEqual(JSON.parse(text));
    expect(parsed.positions.get('/createUnmatchedUsers')).toEqual({ line: 2, column: 3 });
    expect(parsed.positions.get('/managementOptions/additionalAttributes/0')).toEqual({ line: 3, column: 50 });
  });
});

describe('strict JSON where the positional parser is lenient', () => {
  test('a raw control character inside a string is a syntax error, placed at the character', () => {
    const error = refused(() => parseBody('{\n  "displayName": "District\u0001flows"\n}', 'set.json'));
    expect(error.details[0]).toMatchObject({ line: 2, column: 27 });
    expect(error.details[0].message).toContain('raw control character (U+0001)');
    const tab = refused(() => parseBody('{"a": "x\ty"}', 'b.json'));
    expect(tab.details[0].message).toContain('U+0009');
  });
});
