import { describe, expect, test } from '@jest/globals';
import { compare, deepEqual } from '../../src/change/compare.js';
import { mergeOverLive } from '../../src/change/merge.js';

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
    expect(merged).toEqual({ managementOptions: { additionalAttributes: [], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: null } }, creationOptions: { configurations: [] } });
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
      { pointer: '/managementOptions/additionalAttributes', before: ['userGradeLevel'], after: ['userGradeLevel', 'userNumber'] },
      { pointer: '/managementOptions/additionalOptions/allowStudentContactAssociation', before: false },
    ]);
  });
  test('role groups compare by id, whatever the host and casing', () => {
    const next = structuredClone(live) as Record<string, any>;
    next.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/Staff';
    expect(compare(live, next).changes).toEqual([]);
    next.creationOptions.configurations[0]['roleGroup@odata.bind'] = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students';
    expect(compare(live, next).changes.map((c) => c.pointer)).toEqual(['/creationOptions/configurations/0/roleGroup@odata.bind']);
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
    expect(changes).toEqual([{ pointer: '/creationOptions/configurations/0/defaultPasswordSettings/password', after: '********' }]);
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
