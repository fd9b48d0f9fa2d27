import { describe, expect, test } from '@jest/globals';
import { applyEdits, parseSetFlag, propertyFlagEdits, USER_PROPERTY_FLAGS, type BodyEdit } from '../../src/body/flags.js';
import { setAtPointer } from '../../src/body/set-pointer.js';
import { usage } from '../helpers/expect-error.js';

const AO = '/managementOptions/additionalOptions';

describe('propertyFlagEdits', () => {
  test('no flags → no edits', () => {
    expect(propertyFlagEdits({})).toEqual([]);
  });

  test('the pointers of the four flags', () => {
    expect(USER_PROPERTY_FLAGS.createUnmatchedUsers.pointer).toBe('/createUnmatchedUsers');
    expect(USER_PROPERTY_FLAGS.studentAgeGroup.pointer).toBe(`${AO}/studentAgeGroup`);
    expect(USER_PROPERTY_FLAGS.allowStudentContactAssociation.pointer).toBe(`${AO}/allowStudentContactAssociation`);
    expect(USER_PROPERTY_FLAGS.additionalAttributes.pointer).toBe('/managementOptions/additionalAttributes');
  });

  test.each([
    ['true', true],
    ['false', false],
  ])('--create-unmatched-users %s', (raw, value) => {
    expect(propertyFlagEdits({ createUnmatchedUsers: raw })).toEqual([{ flag: '--create-unmatched-users', pointer: '/createUnmatchedUsers', value }]);
  });

  test.each([
    ['true', true],
    ['false', false],
  ])('--allow-student-contact-association %s', (raw, value) => {
    expect(propertyFlagEdits({ allowStudentContactAssociation: raw })).toEqual([
      { flag: '--allow-student-contact-association', pointer: `${AO}/allowStudentContactAssociation`, value },
    ]);
  });

  test.each(['yes', 'no', '1', '0', '', 'truee', ' true', 'on'])('a boolean flag refuses %j (exit 2)', (raw) => {
    const a = usage(() => propertyFlagEdits({ createUnmatchedUsers: raw }));
    expect(a.message).toBe(`--create-unmatched-users takes true or false, not ${JSON.stringify(raw)}`);
    const b = usage(() => propertyFlagEdits({ allowStudentContactAssociation: raw }));
    expect(b.message).toContain('--allow-student-contact-association takes true or false');
  });

  test.each([
    ['minor', 'minor'],
    ['notAdult', 'notAdult'],
    ['adult', 'adult'],
    ['NOTADULT', 'notAdult'],
    ['notadult', 'notAdult'],
    ['Minor', 'minor'],
    ['ADULT', 'adult'],
  ])('--student-age-group %s → %j (case-insensitive, canonical spelling sent)', (raw, value) => {
    expect(propertyFlagEdits({ studentAgeGroup: raw })).toEqual([{ flag: '--student-age-group', pointer: `${AO}/studentAgeGroup`, value }]);
  });

  test.each(['none', 'None', 'NONE'])('--student-age-group %s sends null', (raw) => {
    const [edit] = propertyFlagEdits({ studentAgeGroup: raw });
    expect(edit.value).toBeNull();
  });

  test.each(['child', 'unknownFutureValue', '', 'null', 'not-adult'])('--student-age-group %j is refused (exit 2)', (raw) => {
    const error = usage(() => propertyFlagEdits({ studentAgeGroup: raw }));
    expect(error.message).toContain('--student-age-group takes minor, notAdult, adult, none');
    expect(error.message).toContain(JSON.stringify(raw));
    expect(error.hint).toContain('null');
  });

  test('--additional-attributes: a comma list, trimmed, empty items dropped', () => {
    expect(propertyFlagEdits({ additionalAttributes: ' userGradeLevel, userNumber ,,' })).toEqual([
      { flag: '--additional-attributes', pointer: '/managementOptions/additionalAttributes', value: ['userGradeLevel', 'userNumber'] },
    ]);
  });

  test('--additional-attributes "" is an empty list', () => {
    expect(propertyFlagEdits({ additionalAttributes: '' })[0].value).toEqual([]);
  });

  test('all flags together, in a fixed order', () => {
    const edits = propertyFlagEdits({
      additionalAttributes: 'userNumber',
      allowStudentContactAssociation: 'false',
      studentAgeGroup: 'adult',
      createUnmatchedUsers: 'true',
    });
    expect(edits.map((e) => e.flag)).toEqual(['--create-unmatched-users', '--student-age-group', '--allow-student-contact-association', '--additional-attributes']);
  });
});

describe('parseSetFlag', () => {
  test.each([
    ['/createUnmatchedUsers=false', '/createUnmatchedUsers', false],
    ['/a=true', '/a', true],
    ['/a=null', '/a', null],
    ['/a=42', '/a', 42],
    ['/a=-1.5', '/a', -1.5],
    ['/a="quoted"', '/a', 'quoted'],
    ['/a=["x","y"]', '/a', ['x', 'y']],
    ['/a={"b":{"c":1}}', '/a', { b: { c: 1 } }],
  ])('--set %s → JSON value', (raw, pointer, value) => {
    expect(parseSetFlag(raw, '--set')).toEqual({ flag: '--set', pointer, value });
  });

  test.each([
    ['/displayName=Lincoln High', 'Lincoln High'],
    ['/a=adult', 'adult'],
    ['/a={not json', '{not json'],
    ['/a=', ''],
    ['/a=True', 'True'],
    ['/a=tru', 'tru'],
  ])('--set %s → falls back to the string %j', (raw, value) => {
    expect(parseSetFlag(raw, '--set').value).toBe(value);
  });

  test('only the first "=" separates pointer and value', () => {
    expect(parseSetFlag('/filter=a=b', '--set')).toEqual({ flag: '--set', pointer: '/filter', value: 'a=b' });
  });

  test('--set-string never parses JSON', () => {
    expect(parseSetFlag('/a=false', '--set-string')).toEqual({ flag: '--set-string', pointer: '/a', value: 'false' });
    expect(parseSetFlag('/a=42', '--set-string').value).toBe('42');
    expect(parseSetFlag('/a=null', '--set-string').value).toBe('null');
    expect(parseSetFlag('/a="q"', '--set-string').value).toBe('"q"');
  });

  test.each([
    ['no "="', '/createUnmatchedUsers', '"/createUnmatchedUsers"'],
    ['nothing before "="', '=false', '"=…"'],
    ['empty', '', '""'],
  ])('%s → exit 2 with an example; what follows "=" is never echoed', (_why, raw, shown) => {
    const error = usage(() => parseSetFlag(raw, '--set'));
    expect(error.message).toContain('--set takes <json-pointer>=<value>');
    expect(error.message).toContain(`got ${shown}`);
  });

  test('a password after a missing pointer does not show', () => {
    expect(usage(() => parseSetFlag('=Welcome-2026!', '--set-string')).message).not.toContain('Welcome-2026!');
  });

  test('--set-string names itself in the error', () => {
    expect(usage(() => parseSetFlag('oops', '--set-string')).message).toMatch(/^--set-string takes/);
  });

  test('a pointer not starting with "/" → exit 2 with a hint', () => {
    const error = usage(() => parseSetFlag('createUnmatchedUsers=false', '--set'));
    expect(error.message).toBe('--set: "createUnmatchedUsers" is not a JSON pointer');
    expect(error.hint).toContain('starts with "/"');
  });
});

describe('setAtPointer', () => {
  test('creates the intermediate objects', () => {
    const body: Record<string, unknown> = { createUnmatchedUsers: true };
    setAtPointer(body, `${AO}/studentAgeGroup`, 'adult', '--set');
    expect(body).toEqual({ createUnmatchedUsers: true, managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } });
  });

  test('keeps the siblings of an existing object', () => {
    const body: Record<string, unknown> = { managementOptions: { additionalAttributes: ['x'], additionalOptions: { markAllStudentsAsMinors: true } } };
    setAtPointer(body, `${AO}/studentAgeGroup`, null, '--set');
    expect(body).toEqual({
      managementOptions: { additionalAttributes: ['x'], additionalOptions: { markAllStudentsAsMinors: true, studentAgeGroup: null } },
    });
  });

  test('replaces an existing value, including an object', () => {
    const body: Record<string, unknown> = { a: { b: 1 } };
    setAtPointer(body, '/a', [1], '--set');
    expect(body).toEqual({ a: [1] });
  });

  test('array: an existing index is replaced', () => {
    const body: Record<string, unknown> = { l: ['a', 'b'] };
    setAtPointer(body, '/l/1', 'B', '--set');
    expect(body).toEqual({ l: ['a', 'B'] });
  });

  test('array: "-" appends', () => {
    const body: Record<string, unknown> = { l: ['a'] };
    setAtPointer(body, '/l/-', 'b', '--set');
    setAtPointer(body, '/l/-', 'c', '--set');
    expect(body).toEqual({ l: ['a', 'b', 'c'] });
  });

  test('array: the index equal to the length appends', () => {
    const body: Record<string, unknown> = { l: ['a'] };
    setAtPointer(body, '/l/1', 'b', '--set');
    expect(body).toEqual({ l: ['a', 'b'] });
  });

  test('array: walking through an item into an object member', () => {
    const body: Record<string, unknown> = { l: [{ id: 1 }] };
    setAtPointer(body, '/l/0/name', 'x', '--set');
    setAtPointer(body, '/l/-/id', 2, '--set');
    expect(body).toEqual({ l: [{ id: 1, name: 'x' }, { id: 2 }] });
  });

  test.each(['5', '01', 'x', '-1', '1.0'])('array: index %j of a 2-item array → exit 2', (token) => {
    const body: Record<string, unknown> = { l: ['a', 'b'] };
    const error = usage(() => setAtPointer(body, `/l/${token}`, 'z', '--set'));
    expect(error.message).toContain(`"${token}" is not an index of the array at /l (it has 2 items)`);
    expect(body).toEqual({ l: ['a', 'b'] });
  });

  test.each([
    ['a string', { a: 'text' }, '/a/b', '/a is a string'],
    ['null', { a: null }, '/a/b', '/a is null'],
    ['a number', { a: { n: 5 } }, '/a/n/x', '/a/n is a number'],
    ['a boolean', { a: true }, '/a/b/c', '/a is a boolean'],
  ])('walking into %s → exit 2, body untouched', (_what, body, pointer, says) => {
    const before = structuredClone(body);
    const error = usage(() => setAtPointer(body as Record<string, unknown>, pointer, 1, '--set'));
    expect(error.message).toContain(`--set: cannot set ${pointer}: ${says}, not an object`);
    expect(body).toEqual(before);
  });

  test('walking into a null array item → exit 2, not a silent overwrite', () => {
    const body: Record<string, unknown> = { l: [null] };
    const error = usage(() => setAtPointer(body, '/l/0/name', 'x', '--set'));
    expect(error.message).toContain('is null');
    expect(body).toEqual({ l: [null] });
  });

  test('walking into a string array item → exit 2', () => {
    const body: Record<string, unknown> = { l: ['s'] };
    expect(usage(() => setAtPointer(body, '/l/0/name', 'x', '--set')).message).toContain('is a string');
  });

  test('pointer escapes: ~1 is "/", ~0 is "~"', () => {
    const body: Record<string, unknown> = {};
    setAtPointer(body, '/roleGroup@odata.bind', 'u', '--set');
    setAtPointer(body, '/a~1b', 1, '--set');
    setAtPointer(body, '/c~0d', 2, '--set');
    setAtPointer(body, '/e~01', 3, '--set');
    expect(body).toEqual({ 'roleGroup@odata.bind': 'u', 'a/b': 1, 'c~d': 2, 'e~1': 3 });
  });

  test('the empty pointer (the whole body) → exit 2', () => {
    expect(usage(() => setAtPointer({}, '', 1, '--set')).message).toContain('must name a member');
  });

  test('a pointer without "/" → exit 2 with a hint', () => {
    const error = usage(() => setAtPointer({}, 'a/b', 1, '--set-string'));
    expect(error.message).toBe('--set-string: "a/b" is not a JSON pointer');
    expect(error.hint).toBeDefined();
  });

  test('"__proto__" becomes an own member, not the prototype', () => {
    const body: Record<string, unknown> = {};
    setAtPointer(body, '/__proto__/polluted', true, '--set');
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(Object.keys(body)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.stringify(body)).toBe('{"__proto__":{"polluted":true}}');
  });

  test('inherited names ("toString") are created as own members', () => {
    const body: Record<string, unknown> = {};
    setAtPointer(body, '/toString/x', 1, '--set');
    expect(JSON.stringify(body)).toBe('{"toString":{"x":1}}');
  });
});

describe('applyEdits', () => {
  test('applies in order: a later edit wins', () => {
    const body: Record<string, unknown> = { createUnmatchedUsers: true };
    const edits: BodyEdit[] = [
      { flag: '--create-unmatched-users', pointer: '/createUnmatchedUsers', value: false },
      { flag: '--set', pointer: '/createUnmatchedUsers', value: true },
      { flag: '--set', pointer: `${AO}/studentAgeGroup`, value: 'minor' },
      { flag: '--set', pointer: `${AO}/studentAgeGroup`, value: null },
    ];
    applyEdits(body, edits);
    expect(body).toEqual({ createUnmatchedUsers: true, managementOptions: { additionalOptions: { studentAgeGroup: null } } });
  });

  test('flags over a body, via the parsers', () => {
    const body: Record<string, unknown> = { managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } } };
    applyEdits(body, [...propertyFlagEdits({ studentAgeGroup: 'adult' }), parseSetFlag('/createUnmatchedUsers=false', '--set')]);
    expect(body).toEqual({ createUnmatchedUsers: false, managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } });
  });

  test('a failing edit names its flag', () => {
    const error = usage(() => applyEdits({ a: 'x' }, [{ flag: '--set-string', pointer: '/a/b', value: 'v' }]));
    expect(error.message).toMatch(/^--set-string: /);
  });

  test('no edits leave the body alone', () => {
    const body = { a: 1 };
    applyEdits(body, []);
    expect(body).toEqual({ a: 1 });
  });
});

describe('no password on the command line', () => {
  test.each([
    ['--set-string', '/creationOptions/configurations/0/defaultPasswordSettings/password=Welcome-2026!'],
    ['--set', '/creationOptions/configurations/0/defaultPasswordSettings/password=Welcome-2026!'],
    ['--set', '/creationOptions/configurations/0/defaultPasswordSettings/password="Welcome-2026!"'],
    ['--set', '/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":"Welcome-2026!"}'],
    ['--set', '/creationOptions/configurations/0={"defaultPasswordSettings":{"Password":"Welcome-2026!"}}'],
  ] as const)('%s %s: refused (exit 2), never echoed, with the $env way as the hint', (flag, raw) => {
    const error = usage(() => parseSetFlag(raw, flag));
    expect(error.message).toContain('a password on the command line can be read by anyone on this machine');
    expect(`${error.message} ${error.hint}`).not.toContain('Welcome-2026!');
    expect(error.hint).toContain('{"$env":"STAFF_PASSWORD"}');
  });

  test('an environment reference is fine', () => {
    expect(parseSetFlag('/creationOptions/configurations/0/defaultPasswordSettings/password={"$env":"STAFF_PW"}', '--set').value).toEqual({ $env: 'STAFF_PW' });
    const settings = parseSetFlag(
      '/creationOptions/configurations/0/defaultPasswordSettings={"@odata.type":"#microsoft.graph.industryData.simplePasswordSettings","password":{"$env":"STAFF_PW"}}',
      '--set',
    );
    expect(settings.value).toMatchObject({ password: { $env: 'STAFF_PW' } });
  });
});
