import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, test } from '@jest/globals';
import { closest, editDistance } from '../../src/body/did-you-mean.js';
import { BODY_KINDS, type BodyKind, checkBody, findDeprecated, kindOfODataType, ODATA_TYPE_OF, schemaFor, selectKind } from '../../src/body/schema-check.js';

const GRAPH = { graphUrl: 'https://graph.microsoft.com/beta' };
const T = '#microsoft.graph.industryData.';
const BIND = 'https://graph.microsoft.com/beta/external/industryData/roleGroups/';
const password = () => ({ '@odata.type': `${T}simplePasswordSettings`, password: 'Welcome-2025!' });

type Json = Record<string, unknown>;
const check = (body: unknown, kind: BodyKind, graphUrl = GRAPH.graphUrl) => checkBody(body, kind, { graphUrl });
/** A copy of `body` changed by `edit`, so each broken body starts from a valid one. */
const broken = (body: Json, edit: (b: any) => void): Json => {
  const copy = structuredClone(body);
  edit(copy);
  return copy;
};
/** The one problem a broken body must produce: exact pointer, message containing `text`. */
const only = (pointer: string, text: string) => [{ pointer, message: expect.stringContaining(text) }];

// ---- Every request body Microsoft documents (casing corrected, real passwords) ----------------

const ownerCodes = ['teacher', 'proctor', 'teacherAssistant', 'paraprofessional', 'physicalTherapist', 'speechTherapist', 'visionTherapist', 'occupationalTherapist', 'staff'];
const memberCodes = [
  'student',
  'substitute',
  'aide',
  'proctor',
  'teacherAssistant',
  'paraProfessional',
  'physicalTherapist',
  'speechTherapist',
  'visionTherapist',
  'occupationalTherapist',
  'staff',
];
const sectionRole = (code: string) => ({ '@odata.type': `${T}sectionRoleReferenceValue`, code });

const documented: [string, BodyKind, Json][] = [
  [
    '9.1 create flow set',
    'flowSet',
    {
      '@odata.type': `${T}outboundProvisioningFlowSet`,
      displayName: 'Outbound Provisioning Flow Test',
      filter: { '@odata.type': `${T}basicFilter`, attribute: 'orgExternalId', in: ['Quarter', 'Demo'] },
    },
  ],
  ['9.3 update flow set', 'flowSet', { '@odata.type': `${T}outboundProvisioningFlowSet`, displayName: 'Outbound provisioning flow Updated' }],
  [
    '9.4 create administrativeUnit',
    'administrativeUnit',
    {
      '@odata.type': `${T}administrativeUnitProvisioningFlow`,
      creationOptions: { createBasedOnOrg: true, createBasedOnOrgPlusRoleGroup: true },
    },
  ],
  [
    '9.4 create securityGroup',
    'securityGroup',
    {
      '@odata.type': `${T}securityGroupProvisioningFlow`,
      creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
    },
  ],
  [
    '9.4 create classGroup',
    'classGroup',
    {
      '@odata.type': `${T}classGroupProvisioningFlow`,
      configuration: {
        '@odata.type': `${T}classGroupConfiguration`,
        additionalAttributes: ['courseTitle', 'courseCode', 'courseSubject', 'courseGradeLevel', 'courseExternalId', 'academicSessionTitle', 'academicSessionExternalId'],
        additionalOptions: { '@odata.type': `${T}additionalClassGroupOptions`, createTeam: true, writeDisplayNameOnCreateOnly: true },
        enrollmentMappings: {
          '@odata.type': `${T}enrollmentMappings`,
          ownerEnrollmentMappings: ownerCodes.map(sectionRole),
          memberEnrollmentMappings: memberCodes.map(sectionRole),
        },
      },
    },
  ],
  [
    '9.4 create user',
    'user',
    {
      '@odata.type': `${T}userProvisioningFlow`,
      createUnmatchedUsers: true,
      managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: false } },
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': `${BIND}staff`, defaultPasswordSettings: password(), licenseSkus: ['Sku1'] },
          { 'roleGroup@odata.bind': `${BIND}students`, defaultPasswordSettings: password(), licenseSkus: ['Sku2'] },
        ],
      },
    },
  ],
  [
    '9.7 update user',
    'user',
    {
      '@odata.type': `${T}userProvisioningFlow`,
      createUnmatchedUsers: true,
      managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { studentAgeGroup: 'minor', allowStudentContactAssociation: true } },
      creationOptions: {
        configurations: [
          { 'roleGroup@odata.bind': `${BIND}staff`, defaultPasswordSettings: password(), licenseSkus: ['SkuUpdated'] },
          { 'roleGroup@odata.bind': `${BIND}students`, defaultPasswordSettings: password(), licenseSkus: ['SkuUpdated2'] },
        ],
      },
    },
  ],
  [
    '9.7 update classGroup',
    'classGroup',
    {
      '@odata.type': `${T}classGroupProvisioningFlow`,
      configuration: {
        '@odata.type': `${T}classGroupConfiguration`,
        additionalAttributes: ['courseTitle', 'courseCode'],
        additionalOptions: { '@odata.type': `${T}additionalClassGroupOptions`, createTeam: false, writeDisplayNameOnCreateOnly: false },
        enrollmentMappings: {
          '@odata.type': `${T}enrollmentMappings`,
          memberEnrollmentMappings: [sectionRole('substitute')],
          ownerEnrollmentMappings: [sectionRole('teacher')],
        },
      },
    },
  ],
  [
    '9.7 update securityGroup',
    'securityGroup',
    {
      '@odata.type': `${T}securityGroupProvisioningFlow`,
      creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: true },
    },
  ],
  [
    '9.7 update administrativeUnit',
    'administrativeUnit',
    {
      '@odata.type': `${T}administrativeUnitProvisioningFlow`,
      creationOptions: { createBasedOnOrg: true, createBasedOnOrgPlusRoleGroup: false },
    },
  ],
];
const doc = (name: string) => documented.find(([n]) => n === name)![2];

describe('documented request bodies', () => {
  test.each(documented)('%s is valid', (_name, kind, body) => {
    expect(check(body, kind)).toEqual([]);
  });

  test('the docs misspelling createBasedOnOrgPlusroleGroup is caught, with the right casing suggested', () => {
    const body = broken(doc('9.7 update administrativeUnit'), (b) => {
      b.creationOptions = { createBasedOnOrg: true, createBasedOnOrgPlusroleGroup: false };
    });
    // One fault, one problem: the misspelt member is not also reported as the missing one.
    expect(check(body, 'administrativeUnit')).toEqual([
      {
        pointer: '/creationOptions/createBasedOnOrgPlusroleGroup',
        message: 'unknown member "createBasedOnOrgPlusroleGroup" — did you mean "createBasedOnOrgPlusRoleGroup"?',
      },
    ]);
  });

  test('the docs misspelling createBasedOnroleGroup is caught, with the right casing suggested', () => {
    const body = broken(doc('9.4 create securityGroup'), (b) => {
      b.creationOptions = { createBasedOnroleGroup: true, createBasedOnOrgPlusRoleGroup: false };
    });
    expect(check(body, 'securityGroup')).toEqual(only('/creationOptions/createBasedOnroleGroup', 'did you mean "createBasedOnRoleGroup"?'));
  });

  test('a body without @odata.type is checked as the selected kind (edu-flow adds the type)', () => {
    const { '@odata.type': _dropped, ...body } = doc('9.7 update securityGroup');
    expect(check(body, 'securityGroup')).toEqual([]);
    expect(check(body, 'administrativeUnit')).toEqual([
      { pointer: '/creationOptions/createBasedOnOrg', message: expect.stringContaining('missing required member "createBasedOnOrg" (true or false)') },
      { pointer: '/creationOptions/createBasedOnRoleGroup', message: expect.stringContaining('unknown member "createBasedOnRoleGroup"; allowed here:') },
    ]);
  });

  test('a top-level $schema for editors is accepted', () => {
    const body = { $schema: 'https://edu-flow.dev/schemas/flow-set.json', ...doc('9.3 update flow set') };
    expect(check(body, 'flowSet')).toEqual([]);
  });

  test('null turns age-group enforcement off and is accepted, as is a null contact association', () => {
    const body = broken(doc('9.7 update user'), (b) => {
      b.managementOptions.additionalOptions = { studentAgeGroup: null, allowStudentContactAssociation: null };
    });
    expect(check(body, 'user')).toEqual([]);
  });

  test('a body that is not an object', () => {
    expect(check([], 'user')).toEqual(only('', 'the body must be a JSON object, not an array'));
  });
});

// ---- Broken bodies, per kind ------------------------------------------------------------------

type Case = [string, (b: any) => void, string, string];

const brokenCases: Record<BodyKind, Case[]> = {
  user: [
    [
      'unknown member',
      (b) => {
        b.managementOptions.additionalOptions.studentAgegroup = 'minor';
      },
      '/managementOptions/additionalOptions/studentAgegroup',
      'unknown member "studentAgegroup" — did you mean "studentAgeGroup"?',
    ],
    [
      'wrong type',
      (b) => {
        b.createUnmatchedUsers = 'yes';
      },
      '/createUnmatchedUsers',
      '"createUnmatchedUsers" must be true, false or null, not a string',
    ],
    [
      'wrong type on a nullable member',
      (b) => {
        b.managementOptions.additionalOptions.allowStudentContactAssociation = 1;
      },
      '/managementOptions/additionalOptions/allowStudentContactAssociation',
      'must be true, false or null, not a number',
    ],
    [
      'bad enum',
      (b) => {
        b.managementOptions.additionalOptions.studentAgeGroup = 'minors';
      },
      '/managementOptions/additionalOptions/studentAgeGroup',
      '"minors" is not an allowed studentAgeGroup value; use one of "minor", "notAdult", "adult", or null — did you mean "minor"?',
    ],
    [
      'unknownFutureValue in an enum',
      (b) => {
        b.managementOptions.additionalOptions.studentAgeGroup = 'unknownFutureValue';
      },
      '/managementOptions/additionalOptions/studentAgeGroup',
      "Graph's sentinel",
    ],
    [
      'unknownFutureValue in an enum array',
      (b) => {
        b.managementOptions.additionalAttributes = ['userGradeLevel', 'unknownFutureValue'];
      },
      '/managementOptions/additionalAttributes/1',
      'clients must not send it; use one of "userGradeLevel", "userNumber"',
    ],
    [
      'missing nested required member',
      (b) => {
        delete b.managementOptions.additionalOptions;
      },
      '/managementOptions/additionalOptions',
      'missing required member "additionalOptions"',
    ],
    [
      'missing role-group bind',
      (b) => {
        delete b.creationOptions.configurations[1]['roleGroup@odata.bind'];
      },
      '/creationOptions/configurations/1/roleGroup@odata.bind',
      'missing required member "roleGroup@odata.bind"',
    ],
    [
      'expanded roleGroup from a GET',
      (b) => {
        b.creationOptions.configurations[0] = { roleGroup: { id: 'staff' }, licenseSkus: ['Sku1'] };
      },
      '/creationOptions/configurations/0/roleGroup',
      'send "roleGroup@odata.bind"',
    ],
    [
      'server-managed id',
      (b) => {
        b.id = 'dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f';
      },
      '/id',
      '"id" is server-managed (read-only): remove it; `edu-flow get --body`',
    ],
    [
      'server-managed readinessStatus',
      (b) => {
        b.readinessStatus = 'disabled';
      },
      '/readinessStatus',
      '"readinessStatus" is server-managed (read-only)',
    ],
    [
      'server-managed createdDateTime',
      (b) => {
        b.createdDateTime = '2024-03-23T00:24:32Z';
      },
      '/createdDateTime',
      'server-managed',
    ],
    [
      'response annotation',
      (b) => {
        b['@odata.context'] = 'https://graph.microsoft.com/beta/$metadata#x';
      },
      '/@odata.context',
      'annotation Graph adds to responses',
    ],
    [
      'wrong nested @odata.type',
      (b) => {
        b.managementOptions['@odata.type'] = `${T}additionalUserOptions`;
      },
      '/managementOptions/@odata.type',
      `must be "${T}userManagementOptions" here, not "${T}additionalUserOptions"`,
    ],
    [
      'missing @odata.type on defaultPasswordSettings',
      (b) => {
        delete b.creationOptions.configurations[0].defaultPasswordSettings['@odata.type'];
      },
      '/creationOptions/configurations/0/defaultPasswordSettings/@odata.type',
      `add "@odata.type": "${T}simplePasswordSettings"`,
    ],
    [
      'wrong top-level @odata.type',
      (b) => {
        b['@odata.type'] = `${T}classGroupProvisioningFlow`;
      },
      '/@odata.type',
      `must be "${T}userProvisioningFlow" here`,
    ],
  ],
  classGroup: [
    [
      'unknown member',
      (b) => {
        b.configuration.additionalOptions.createTeams = true;
      },
      '/configuration/additionalOptions/createTeams',
      'did you mean "createTeam"?',
    ],
    [
      'wrong type',
      (b) => {
        b.configuration.additionalOptions.createTeam = 'false';
      },
      '/configuration/additionalOptions/createTeam',
      '"createTeam" must be true or false, not a string',
    ],
    [
      'bad enum',
      (b) => {
        b.configuration.additionalAttributes = ['courseTitle', 'CourseCode'];
      },
      '/configuration/additionalAttributes/1',
      '"CourseCode" is not an allowed additionalClassGroupAttributes value; use one of "courseTitle"',
    ],
    [
      'unknownFutureValue',
      (b) => {
        b.configuration.additionalAttributes = ['unknownFutureValue'];
      },
      '/configuration/additionalAttributes/0',
      'clients must not send it',
    ],
    [
      'missing nested required member',
      (b) => {
        delete b.configuration.additionalOptions.writeDisplayNameOnCreateOnly;
      },
      '/configuration/additionalOptions/writeDisplayNameOnCreateOnly',
      'missing required member "writeDisplayNameOnCreateOnly" (true or false)',
    ],
    [
      'missing enrollmentMappings',
      (b) => {
        delete b.configuration.enrollmentMappings;
      },
      '/configuration/enrollmentMappings',
      'missing required member "enrollmentMappings"',
    ],
    [
      'mapping without code',
      (b) => {
        b.configuration.enrollmentMappings.ownerEnrollmentMappings = [{ '@odata.type': `${T}sectionRoleReferenceValue` }];
      },
      '/configuration/enrollmentMappings/ownerEnrollmentMappings/0/code',
      'missing required member "code"',
    ],
    [
      'server-managed id',
      (b) => {
        b.id = '6207e7d7-5eba-4ddc-e607-08dc4ac77409';
      },
      '/id',
      'server-managed',
    ],
    [
      'server-managed readinessStatus',
      (b) => {
        b.readinessStatus = 'ready';
      },
      '/readinessStatus',
      'server-managed',
    ],
    [
      'wrong nested @odata.type',
      (b) => {
        b.configuration.enrollmentMappings.memberEnrollmentMappings[0]['@odata.type'] = `${T}roleReferenceValue`;
      },
      '/configuration/enrollmentMappings/memberEnrollmentMappings/0/@odata.type',
      `must be "${T}sectionRoleReferenceValue" here`,
    ],
  ],
  securityGroup: [
    [
      'unknown member',
      (b) => {
        b.creationOptions.createBasedOnOrg = true;
      },
      '/creationOptions/createBasedOnOrg',
      'unknown member "createBasedOnOrg"',
    ],
    [
      'wrong type',
      (b) => {
        b.creationOptions.createBasedOnRoleGroup = null;
      },
      '/creationOptions/createBasedOnRoleGroup',
      'must be true or false, not null',
    ],
    [
      'missing nested required member',
      (b) => {
        delete b.creationOptions.createBasedOnOrgPlusRoleGroup;
      },
      '/creationOptions/createBasedOnOrgPlusRoleGroup',
      'missing required member "createBasedOnOrgPlusRoleGroup"',
    ],
    [
      'creationOptions of the wrong shape',
      (b) => {
        b.creationOptions = [];
      },
      '/creationOptions',
      'must be a JSON object, not an array',
    ],
    [
      'server-managed id',
      (b) => {
        b.id = '51f99e09-bdc5-47ff-7a0a-08dc4ac74cf1';
      },
      '/id',
      'server-managed',
    ],
    [
      'server-managed lastModifiedDateTime',
      (b) => {
        b.lastModifiedDateTime = '2024-03-23T00:24:32Z';
      },
      '/lastModifiedDateTime',
      'server-managed',
    ],
    [
      'wrong nested @odata.type',
      (b) => {
        b.creationOptions['@odata.type'] = `${T}adminUnitCreationOptions`;
      },
      '/creationOptions/@odata.type',
      `must be "${T}securityGroupCreationOptions" here`,
    ],
    [
      'member of another flow type',
      (b) => {
        b.configuration = {};
      },
      '/configuration',
      'unknown member "configuration"; allowed here: "@odata.type", "creationOptions"',
    ],
  ],
  administrativeUnit: [
    [
      'unknown member',
      (b) => {
        b.creationOptions.createBasedOnOrgs = true;
      },
      '/creationOptions/createBasedOnOrgs',
      'did you mean "createBasedOnOrg"?',
    ],
    [
      'wrong type',
      (b) => {
        b.creationOptions.createBasedOnOrg = 'true';
      },
      '/creationOptions/createBasedOnOrg',
      'must be true or false, not a string',
    ],
    [
      'missing nested required member',
      (b) => {
        delete b.creationOptions.createBasedOnOrg;
      },
      '/creationOptions/createBasedOnOrg',
      'missing required member "createBasedOnOrg"',
    ],
    [
      'server-managed id',
      (b) => {
        b.id = '7b355e84-0af2-42fd-d392-08dc4ac68cf2';
      },
      '/id',
      'server-managed',
    ],
    [
      'server-managed readinessStatus',
      (b) => {
        b.readinessStatus = 'notReady';
      },
      '/readinessStatus',
      'server-managed',
    ],
    [
      'wrong nested @odata.type',
      (b) => {
        b.creationOptions['@odata.type'] = `${T}administrativeUnitCreationOptions`;
      },
      '/creationOptions/@odata.type',
      `must be "${T}adminUnitCreationOptions" here`,
    ],
  ],
  flowSet: [
    [
      'unknown member',
      (b) => {
        b.displayname = 'x';
      },
      '/displayname',
      'did you mean "displayName"?',
    ],
    [
      'wrong type',
      (b) => {
        b.displayName = 42;
      },
      '/displayName',
      '"displayName" must be a string, not a number',
    ],
    [
      'wrong type for filter',
      (b) => {
        b.filter = 'orgExternalId';
      },
      '/filter',
      '"filter" must be a JSON object or null, not a string',
    ],
    [
      'bad enum',
      (b) => {
        b.filter.attribute = 'orgExternalID';
      },
      '/filter/attribute',
      'did you mean "orgExternalId"?',
    ],
    [
      'unknownFutureValue',
      (b) => {
        b.filter.attribute = 'unknownFutureValue';
      },
      '/filter/attribute',
      "Graph's sentinel",
    ],
    [
      'missing nested required member',
      (b) => {
        delete b.filter.in;
      },
      '/filter/in',
      'missing required member "in" (an array)',
    ],
    [
      'wrong item type in filter.in',
      (b) => {
        b.filter.in = ['Quarter', 7];
      },
      '/filter/in/1',
      '"in[1]" must be a string, not a number',
    ],
    [
      'unknown member inside filter',
      (b) => {
        b.filter.values = ['Demo'];
      },
      '/filter/values',
      'unknown member "values"',
    ],
    [
      'missing @odata.type on filter',
      (b) => {
        delete b.filter['@odata.type'];
      },
      '/filter/@odata.type',
      `add "@odata.type": "${T}basicFilter"`,
    ],
    [
      'wrong @odata.type on filter',
      (b) => {
        b.filter['@odata.type'] = `${T}filter`;
      },
      '/filter/@odata.type',
      `must be "${T}basicFilter" here, not "${T}filter"`,
    ],
    [
      'server-managed id',
      (b) => {
        b.id = '8ac3c08f-6f93-465b-4bd9-08dc4ac773d0';
      },
      '/id',
      'server-managed',
    ],
    [
      'server-managed createdDateTime',
      (b) => {
        b.createdDateTime = '2024-03-25T21:55:03Z';
      },
      '/createdDateTime',
      'server-managed',
    ],
    [
      'flows inside the set',
      (b) => {
        b.provisioningFlows = [];
      },
      '/provisioningFlows',
      '"provisioningFlows" is server-managed (read-only) in a flow-set body',
    ],
  ],
};

const validBodyOf: Record<BodyKind, Json> = {
  user: doc('9.7 update user'),
  classGroup: doc('9.7 update classGroup'),
  securityGroup: doc('9.7 update securityGroup'),
  administrativeUnit: doc('9.7 update administrativeUnit'),
  flowSet: doc('9.1 create flow set'),
};

describe.each(BODY_KINDS.map((kind) => [kind]))('broken %s bodies', (kind) => {
  test.each(brokenCases[kind])('%s', (_name, edit, pointer, text) => {
    expect(check(broken(validBodyOf[kind], edit), kind)).toEqual(only(pointer, text));
  });
});

describe('several faults at once', () => {
  test('every fault is reported, sorted by pointer, without ajv wrapper noise', () => {
    const body = broken(validBodyOf.flowSet, (b) => {
      b.readinessStatus = 'ready';
      b.filter = { attribute: 'orgExternalId', in: 'Demo' };
    });
    expect(check(body, 'flowSet').map((p) => p.pointer)).toEqual(['/filter/@odata.type', '/filter/in', '/readinessStatus']);
  });

  test('filter may be null, which removes it', () => {
    expect(check({ ...validBodyOf.flowSet, filter: null }, 'flowSet')).toEqual([]);
  });
});

// ---- Passwords and role-group binds -----------------------------------------------------------

describe('passwords', () => {
  const withPassword = (password: unknown) =>
    broken(validBodyOf.user, (b) => {
      b.creationOptions.configurations[1].defaultPasswordSettings.password = password;
    });
  const pointer = '/creationOptions/configurations/1/defaultPasswordSettings/password';

  test.each(['********', '***************', '', '*'])('%j is a mask, not a password', (password) => {
    expect(check(withPassword(password), 'user')).toEqual(only(pointer, 'a mask, not a password: the service masks passwords on read'));
    expect(check(withPassword(password), 'user')[0].message).toContain('leave defaultPasswordSettings out to keep the current one');
  });

  test.each(['Pa**word', ' ********', '********x'])('%j is accepted as a real password', (password) => {
    expect(check(withPassword(password), 'user')).toEqual([]);
  });

  test('a password that is not a string is a type error, and its value is never echoed', () => {
    const problems = check(withPassword(12345678), 'user');
    expect(problems).toEqual(only(pointer, '"password" must be a string, not a number'));
    expect(JSON.stringify(problems)).not.toContain('12345678');
  });

  test('a password missing from defaultPasswordSettings', () => {
    const body = broken(validBodyOf.user, (b) => {
      delete b.creationOptions.configurations[0].defaultPasswordSettings.password;
    });
    expect(check(body, 'user')).toEqual(only('/creationOptions/configurations/0/defaultPasswordSettings/password', 'missing required member "password"'));
  });
});

describe('roleGroup@odata.bind', () => {
  const withBind = (bind: string) =>
    broken(validBodyOf.user, (b) => {
      b.creationOptions.configurations[0]['roleGroup@odata.bind'] = bind;
    });
  const pointer = '/creationOptions/configurations/0/roleGroup@odata.bind';

  test('the production URL is accepted, with any valid id', () => {
    expect(check(withBind(`${BIND}staff`), 'user')).toEqual([]);
    expect(check(withBind(`${BIND}a.b_c~d-9`), 'user')).toEqual([]);
    expect(check(withBind(`${BIND}${'x'.repeat(128)}`), 'user')).toEqual([]);
  });

  test('a URL under the configured Graph URL is accepted, with or without its trailing slash', () => {
    const local = 'https://localhost:8443/beta/external/industryData/roleGroups/students';
    expect(check(withBind(local), 'user', 'https://localhost:8443/beta')).toEqual([]);
    expect(check(withBind(local), 'user', 'https://localhost:8443/beta/')).toEqual([]);
    // …and the production form stays valid under a custom Graph URL.
    expect(check(withBind(`${BIND}staff`), 'user', 'https://localhost:8443/beta')).toEqual([]);
  });

  test('a URL under a custom Graph URL is refused when that URL is not configured', () => {
    expect(check(withBind('https://localhost:8443/beta/external/industryData/roleGroups/students'), 'user')).toEqual(only(pointer, `must be "${BIND}{id}"`));
  });

  test.each([
    ['bad host', 'https://graph.microsoft.de/beta/external/industryData/roleGroups/staff'],
    ['http scheme', 'http://graph.microsoft.com/beta/external/industryData/roleGroups/staff'],
    ['v1.0 path', 'https://graph.microsoft.com/v1.0/external/industryData/roleGroups/staff'],
    ['bad path', 'https://graph.microsoft.com/beta/external/industryData/roleGroup/staff'],
    ['key in parentheses', "https://graph.microsoft.com/beta/external/industryData/roleGroups('staff')"],
    ['bare id', 'staff'],
  ])('%s is refused, naming the expected form', (_name, bind) => {
    expect(check(withBind(bind), 'user', 'https://localhost:8443/beta')).toEqual(
      only(pointer, `must be "${BIND}{id}" or "https://localhost:8443/beta/external/industryData/roleGroups/{id}"`),
    );
  });

  test.each([
    ['empty id', ''],
    ['dot', '.'],
    ['dot dot', '..'],
    ['space', 'st aff'],
    ['slash', 'staff/members'],
    ['query', 'staff?x=1'],
    ['too long', 'x'.repeat(129)],
  ])('a bad id (%s) is refused', (_name, id) => {
    expect(check(withBind(`${BIND}${id}`), 'user')).toEqual(only(pointer, `role-group id ${JSON.stringify(id)} is not valid`));
  });
});

// ---- selectKind -------------------------------------------------------------------------------

describe('selectKind', () => {
  test('the body type wins, and agrees with --type', () => {
    expect(selectKind({ '@odata.type': ODATA_TYPE_OF.classGroup })).toEqual({ kind: 'classGroup', problems: [] });
    expect(selectKind({ '@odata.type': ODATA_TYPE_OF.flowSet }, 'flowSet')).toEqual({ kind: 'flowSet', problems: [] });
  });

  test('without a body type: --type, else user', () => {
    expect(selectKind({ displayName: 'x' }, 'flowSet')).toEqual({ kind: 'flowSet', problems: [] });
    expect(selectKind({ createUnmatchedUsers: true })).toEqual({ kind: 'user', problems: [] });
    expect(selectKind('not an object')).toEqual({ kind: 'user', problems: [] });
  });

  test('a body type that disagrees with --type is a problem at /@odata.type', () => {
    const { kind, problems } = selectKind({ '@odata.type': ODATA_TYPE_OF.securityGroup }, 'user');
    expect(kind).toBe('securityGroup');
    expect(problems).toEqual(only('/@odata.type', '--type user was given'));
  });

  test('an unknown body type gets a did-you-mean and the list of valid types', () => {
    const { kind, problems } = selectKind({ '@odata.type': '#microsoft.graph.industryData.userprovisioningflow' }, 'user');
    expect(kind).toBe('user');
    expect(problems).toEqual(only('/@odata.type', `did you mean "${ODATA_TYPE_OF.user}"?`));
    for (const t of Object.values(ODATA_TYPE_OF)) expect(problems[0].message).toContain(t);
  });

  test('an abstract or far-off type gets the list without a guess', () => {
    const { problems } = selectKind({ '@odata.type': '#microsoft.graph.industryData.provisioningFlow' });
    expect(problems).toEqual(only('/@odata.type', `Valid types: "${ODATA_TYPE_OF.user}"`));
    expect(problems[0].message).not.toContain('did you mean');
  });

  test('a body type that is not a string', () => {
    expect(selectKind({ '@odata.type': 7 }, 'classGroup')).toEqual({ kind: 'classGroup', problems: only('/@odata.type', 'must be a string') });
  });

  test('kindOfODataType maps both ways and nothing else', () => {
    for (const kind of BODY_KINDS) expect(kindOfODataType(ODATA_TYPE_OF[kind])).toBe(kind);
    expect(kindOfODataType('microsoft.graph.industryData.userProvisioningFlow')).toBeUndefined();
  });
});

// ---- findDeprecated ---------------------------------------------------------------------------

describe('findDeprecated', () => {
  const legacy = broken(validBodyOf.user, (b) => {
    b.managementOptions.additionalOptions = { markAllStudentsAsMinors: true, allowStudentContactAssociation: false };
  });

  test('finds markAllStudentsAsMinors and says what to use instead', () => {
    expect(findDeprecated(legacy, 'user')).toEqual([
      {
        pointer: '/managementOptions/additionalOptions/markAllStudentsAsMinors',
        message: expect.stringMatching(/^managementOptions\.additionalOptions\.markAllStudentsAsMinors is deprecated: .*2025-10-15.*studentAgeGroup.*"minor"/),
      },
    ]);
  });

  test('the deprecated member is still a valid body member', () => {
    expect(check(legacy, 'user')).toEqual([]);
  });

  test('nothing on clean bodies, nor on a same-named member elsewhere', () => {
    for (const kind of BODY_KINDS) expect(findDeprecated(validBodyOf[kind], kind)).toEqual([]);
    expect(findDeprecated({ markAllStudentsAsMinors: true }, 'user')).toEqual([]);
  });
});

// ---- The schemas themselves ---------------------------------------------------------------------

describe('schemas', () => {
  const schemaDir = new URL('../../schemas/', import.meta.url);
  const files = readdirSync(schemaDir).filter((f) => f.endsWith('.json'));

  test('every property of every schema file has a description', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${path}/${i}`);
        });
        return;
      }
      if (typeof node !== 'object' || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') {
          for (const [name, property] of Object.entries(value as object)) {
            if (typeof (property as { description?: unknown }).description !== 'string') missing.push(`${path}/properties/${name}`);
          }
        }
        walk(value, `${path}/${key}`);
      }
    };
    expect(files).toHaveLength(7);
    for (const file of files) walk(JSON.parse(readFileSync(new URL(file, schemaDir), 'utf8')), file);
    expect(missing).toEqual([]);
  });

  test('no enum offers unknownFutureValue and no schema lists a server-managed member', () => {
    for (const file of files) {
      const text = readFileSync(new URL(file, schemaDir), 'utf8');
      expect(text).not.toContain('"unknownFutureValue"');
      for (const member of ['id', 'createdDateTime', 'lastModifiedDateTime', 'readinessStatus', 'provisioningFlows']) {
        expect(text).not.toContain(`"${member}":`);
      }
    }
  });

  test('schemaFor is self-contained, requires @odata.type, and is a copy', () => {
    for (const kind of BODY_KINDS) {
      const schema = schemaFor(kind) as { required: string[]; properties: Record<string, { const?: string }>; $defs: object };
      expect(JSON.stringify(schema)).not.toContain('definitions.json#');
      expect(schema.required).toEqual(['@odata.type']);
      expect(schema.properties['@odata.type'].const).toBe(ODATA_TYPE_OF[kind]);
      expect(Object.keys(schema.$defs)).toContain('basicFilter');
    }
    (schemaFor('user') as { properties: Record<string, unknown> }).properties.id = {};
    expect(check({ id: 'x' }, 'user')).toEqual(only('/id', 'server-managed'));
  });

  test('markAllStudentsAsMinors is marked deprecated in the schema', () => {
    const defs = (schemaFor('user') as { $defs: Record<string, { properties: Record<string, { deprecated?: boolean }> }> }).$defs;
    expect(defs.additionalUserOptions.properties.markAllStudentsAsMinors.deprecated).toBe(true);
  });
});

// ---- did-you-mean -------------------------------------------------------------------------------

describe('closest', () => {
  const members = ['createBasedOnOrg', 'createBasedOnOrgPlusRoleGroup'];

  test('a case-insensitive match wins even over a nearer spelling', () => {
    expect(closest('createBasedOnOrgPlusroleGroup', members)).toBe('createBasedOnOrgPlusRoleGroup');
    expect(closest('CREATEBASEDONORG', members)).toBe('createBasedOnOrg');
  });

  test('the nearest within three edits', () => {
    expect(closest('createBasedOnOrgs', members)).toBe('createBasedOnOrg');
    expect(closest('studentAgeGrop', ['studentAgeGroup', 'allowStudentContactAssociation'])).toBe('studentAgeGroup');
    expect(closest('notadlt', ['minor', 'notAdult', 'adult'])).toBe('notAdult');
  });

  test('nothing when every candidate is far, or the word is too short to guess from', () => {
    expect(closest('licenses', members)).toBeUndefined();
    expect(closest('ab', ['xy', 'in'])).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });

  test('editDistance', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
