import { describe, expect, test } from '@jest/globals';
import { compare, deepEqual } from '../../src/change/compare.js';
import { mergeOverLive } from '../../src/change/merge.js';
import { minimalPatch } from '../../src/change/minimal-patch.js';
import { findPasswordLosses, guardPasswords } from '../../src/change/password-guard.js';
import { renderChanges } from '../../src/change/render-changes.js';
import { Chalk } from 'chalk';
import { ExitCode } from '../../src/errors.js';

const live = {
  createUnmatchedUsers: true,
  managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'minor' } },
  creationOptions: { configurations: [{ 'roleGroup@odata.bind': 'https://localhost:1/beta/external/industryData/roleGroups/staff', licenseSkus: ['A'] }] },
};

describe('mergeOverLive', () => {
  test('touched complex members are completed from live; untouched ones are not sent', () => {
    expect(mergeOverLive(live, { managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } })).toEqual({
      managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'adult' } },
    });
  });
  test('arrays, scalars and null replace; live is not modified', () => {
    const before = structuredClone(live);
    const merged = mergeOverLive(live, { managementOptions: { additionalAttributes: [], additionalOptions: { studentAgeGroup: null } }, creationOptions: { configurations: [] } });
    expect(merged).toEqual({
      managementOptions: { additionalAttributes: [], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: null } },
      creationOptions: { configurations: [] },
    });
    expect(live).toEqual(before);
  });
  test('a "__proto__" member stays a member', () => {
    const merged = mergeOverLive({}, JSON.parse('{"__proto__": {"x": 1}}'));
    expect(Object.keys(merged)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('compare', () => {
  test('identical: no changes', () => {
    expect(compare(live, structuredClone(live))).toEqual({ changes: [], notReturned: [] });
  });
  test('scalars, additions and removals', () => {
    const next = structuredClone(live) as Record<string, any>;
    next.createUnmatchedUsers = false;
    next.managementOptions.additionalAttributes = ['userGradeLevel', 'userNumber'];
    delete next.managementOptions.additionalOptions.allowStudentContactAssociation;
    expect(compare(live, next).changes).toEqual([
      { pointer: '/createUnmatchedUsers', before: true, after: false },
      { pointer: '/managementOptions/additionalAttributes', after: 'userNumber' },
      { pointer: '/managementOptions/additionalOptions/allowStudentContactAssociation', before: false },
    ]);
  });
  test('role groups compare by id, whatever the host and casing', () => {
    const next = structuredClone(live) as Record<string, any>;
    next.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/Staff';
    expect(compare(live, next).changes).toEqual([]);
    // Another role group is another configuration: the students one is added, the staff one removed.
    next.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students';
    expect(compare(live, next).changes.map((c) => [c.pointer, c.element, 'before' in c ? 'removed' : 'added'])).toEqual([
      ['/creationOptions/configurations/0', 'role group students', 'added'],
      ['/creationOptions/configurations/0', 'role group staff', 'removed'],
    ]);
  });
  test('section-role codes compare case-insensitively; nested @odata.type is no change', () => {
    const a = { configuration: { enrollmentMappings: { ownerEnrollmentMappings: [{ code: 'paraprofessional' }] } } };
    const b = { configuration: { '@odata.type': '#x', enrollmentMappings: { ownerEnrollmentMappings: [{ '@odata.type': '#y', code: 'paraProfessional' }] } } };
    expect(compare(a, b).changes).toEqual([]);
  });
  test('a password is always a change and never shown; a new member with one inside is walked', () => {
    const next = structuredClone(live) as Record<string, any>;
    next.creationOptions.configurations[0].defaultPasswordSettings = { '@odata.type': '#p', password: 'S3cret-value' };
    const { changes } = compare(live, next);
    expect(changes).toEqual([{ pointer: '/creationOptions/configurations/0/defaultPasswordSettings/password', after: '********', element: 'role group staff' }]);
    expect(JSON.stringify(changes)).not.toContain('S3cret-value');
  });
  test('markAllStudentsAsMinors absent from live is reported, not a change', () => {
    const next = structuredClone(live) as Record<string, any>;
    next.managementOptions.additionalOptions.markAllStudentsAsMinors = true;
    expect(compare(live, next)).toEqual({ changes: [], notReturned: ['/managementOptions/additionalOptions/markAllStudentsAsMinors'] });
  });
  test('deepEqual', () => {
    expect(deepEqual({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
  });
});

const staffBind = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/staff';
const studentsBind = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students';
const masked = { '@odata.type': '#p', password: '***************' };

describe('compare, list by list', () => {
  test('configurations match by role group whatever their order; a member change inside one is named by it', () => {
    const before = {
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': staffBind, licenseSkus: ['A'] },
          { 'roleGroup@odata.bind': studentsBind, licenseSkus: ['B'] },
        ],
      },
    };
    const after = {
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': studentsBind, licenseSkus: ['B', 'C'] },
          { 'roleGroup@odata.bind': staffBind, licenseSkus: ['A'] },
        ],
      },
    };
    expect(compare(before, after).changes).toEqual([{ pointer: '/creationOptions/configurations/0/licenseSkus', after: 'C', element: 'role group students' }]);
  });
  test('lists of other objects of the same length compare index by index; of another length, whole', () => {
    expect(compare({ x: [{ a: 1 }, { a: 2 }] }, { x: [{ a: 1 }, { a: 3 }] }).changes).toEqual([{ pointer: '/x/1/a', before: 2, after: 3 }]);
    expect(compare({ x: [{ a: 1 }] }, { x: [{ a: 1 }, { a: 3 }] }).changes).toEqual([{ pointer: '/x', before: [{ a: 1 }], after: [{ a: 1 }, { a: 3 }] }]);
  });
  test('a list replaced by null is one change', () => {
    expect(compare({ x: ['a'] }, { x: null }).changes).toEqual([{ pointer: '/x', before: ['a'], after: null }]);
  });
  test('renderChanges names elements and says a whole configuration is removed', () => {
    const text = renderChanges(
      [
        { pointer: '/creationOptions/configurations/1', before: { licenseSkus: ['B'] }, element: 'role group students' },
        { pointer: '/a', after: 1 },
        { pointer: '/b', before: 1, after: 2 },
      ],
      new Chalk({ level: 0 }),
    );
    expect(text.split('\n')).toEqual([
      '- /creationOptions/configurations/1 (role group students): removed, with every setting in it: {"licenseSkus":["B"]}',
      '+ /a: 1',
      '~ /b: 1 → 2',
    ]);
  });
});

describe('minimalPatch', () => {
  test('only the top-level members that change, each complete; @odata.type first', () => {
    const desired = {
      '@odata.type': '#t',
      createUnmatchedUsers: true,
      managementOptions: { ...live.managementOptions, additionalAttributes: ['userNumber'] },
      creationOptions: live.creationOptions,
    };
    expect(minimalPatch(live, desired)).toEqual({ '@odata.type': '#t', managementOptions: desired.managementOptions });
    expect(Object.keys(minimalPatch(live, desired))).toEqual(['@odata.type', 'managementOptions']);
  });
  test('a member absent from live is sent; a password always is; no change leaves only the type', () => {
    expect(minimalPatch({}, { a: 1 })).toEqual({ a: 1 });
    const withPassword = {
      creationOptions: { configurations: [{ 'roleGroup@odata.bind': staffBind, licenseSkus: ['A'], defaultPasswordSettings: { '@odata.type': '#p', password: 'x-secret' } }] },
    };
    expect(minimalPatch(live, withPassword)).toEqual(withPassword);
    expect(minimalPatch(live, { '@odata.type': '#t', createUnmatchedUsers: true })).toEqual({ '@odata.type': '#t' });
  });
});

describe('the password guard', () => {
  const liveFlow = {
    creationOptions: {
      configurations: [
        { roleGroup: { id: 'staff' }, defaultPasswordSettings: masked, licenseSkus: ['A'] },
        { roleGroup: { id: 'students' }, licenseSkus: ['B'] },
      ],
    },
  };
  test('a request without creationOptions loses nothing', () => {
    expect(findPasswordLosses(liveFlow, { createUnmatchedUsers: false })).toEqual([]);
  });
  test('a configuration sent without its password, or left out, loses it; one without a live password loses nothing', () => {
    expect(findPasswordLosses(liveFlow, { creationOptions: { configurations: [{ 'roleGroup@odata.bind': staffBind }] } })).toEqual([
      { roleGroup: 'staff', pointer: '/creationOptions/configurations/0/defaultPasswordSettings', reason: 'not supplied' },
    ]);
    expect(findPasswordLosses(liveFlow, { creationOptions: { configurations: [{ 'roleGroup@odata.bind': studentsBind }] } })).toEqual([
      { roleGroup: 'staff', pointer: '/creationOptions/configurations/0/defaultPasswordSettings', reason: 'configuration removed' },
    ]);
    expect(findPasswordLosses(liveFlow, { creationOptions: null })).toHaveLength(1);
  });
  test('a supplied password, or an unresolved $env reference, under any host and casing of the bind, loses nothing', () => {
    const supplied = (password: unknown) => ({
      creationOptions: {
        configurations: [{ 'roleGroup@odata.bind': 'https://localhost:9/beta/external/industryData/roleGroups/Staff', defaultPasswordSettings: { '@odata.type': '#p', password } }],
      },
    });
    expect(findPasswordLosses(liveFlow, supplied('New-1!'))).toEqual([]);
    expect(findPasswordLosses(liveFlow, supplied({ $env: 'PW' }))).toEqual([]);
    expect(findPasswordLosses(liveFlow, supplied(''))).toHaveLength(1);
  });
  test('guardPasswords throws exit 3 naming the role group and both ways out, unless allowed', () => {
    const request = { creationOptions: { configurations: [] } };
    let error: unknown;
    try {
      guardPasswords(liveFlow, request, { allowDrop: false });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ exitCode: ExitCode.invalidInput });
    expect((error as Error).message).toContain('role group staff');
    expect((error as { hint: string }).hint).toContain('--drop-default-passwords');
    expect((error as { hint: string }).hint).toContain('$env');
    expect(guardPasswords(liveFlow, request, { allowDrop: true })).toHaveLength(1);
  });
});
