// What a fresh emulator holds: two flow sets (one with a flow of each type, one empty) and the two
// built-in role groups; other tenants hold the same with their own ids (tenant-seed.ts). Flows are
// shaped as Graph returns them on GET: roleGroup expanded, passwords as the service holds them
// (every read masks them), no nested @odata.type except on the subtypes of abstract types
// (simplePasswordSettings, basicFilter).

/** Ids of the seeded set and flows (the user flow and set ids are the reference's own). */
export const SEED = {
  setId: '9ab41255-5364-4c53-e15c-08dc4ab6ee03',
  userFlowId: 'dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f',
  classGroupFlowId: '6207e7d7-5eba-4ddc-e607-08dc4ac77409',
  securityGroupFlowId: '4598f62a-7bd9-40a1-d38a-08dc4ac68cf2',
  adminUnitFlowId: 'f66e97ad-0870-46e0-3ff3-08dc49dccdc9',
  /** A second seeded set, with no flows (the id is the reference's create-set example). */
  emptySetId: '8ac3c08f-6f93-465b-4bd9-08dc4ac773d0',
  /** displayName of the SEED.setId set. */
  setDisplayName: 'Contoso district flows',
  /** displayName of the SEED.emptySetId set. */
  emptySetDisplayName: 'Fabrikam pilot (no flows yet)',
  /** The built-in role groups' ids. */
  staffRoleGroupId: 'staff',
  studentsRoleGroupId: 'students',
} as const;

export const NS = '#microsoft.graph.industryData';
/**
 * The default passwords the seeded user flow holds, by role group. The service keeps them and
 * shows only MASK on every read; tests use them to check that a write did not remove one, and that
 * none ever reaches an output.
 */
export const SEED_PASSWORDS = { staff: 'Seed-Staff-Welcome-2026!', students: 'Seed-Students-Hello-2026!' } as const;

/** How the service shows every password on read. */
export const MASK = '*'.repeat(15);

const CREATED = '2024-03-23T00:24:32.3286035Z';

const codes = (...list: string[]) => list.map((code) => ({ code }));

/** A role group as GET …/roleGroups/{id} returns it. */
export interface RoleGroup {
  id: string;
  displayName: string;
  roles: { code: string }[];
}

/** The 29 role codes of the built-in `staff` group. */
export const STAFF_ROLE_CODES = [
  'adjunct',
  'administrator',
  'advisor',
  'affiliate',
  'aide',
  'alumni',
  'assistant',
  'chair',
  'coach',
  'faculty',
  'instructor',
  'itAdmin',
  'lecturer',
  'nurse',
  'occupationalTherapist',
  'officeStaff',
  'paraprofessional',
  'physicalTherapist',
  'principal',
  'proctor',
  'professor',
  'researcher',
  'specialServices',
  'speechTherapist',
  'staff',
  'substitute',
  'teacher',
  'teacherAssistant',
  'visionTherapist',
] as const;

/** The built-in role groups, as the service expands them. Copy before use. */
export const ROLE_GROUPS: Readonly<Record<string, RoleGroup>> = {
  staff: { id: 'staff', displayName: 'Staff', roles: codes(...STAFF_ROLE_CODES) },
  students: { id: 'students', displayName: 'Students', roles: codes('student') },
};

/** Fresh role-group store contents: `staff` and `students`. */
export function seedRoleGroups(): Map<string, RoleGroup> {
  return new Map(Object.values(ROLE_GROUPS).map((g) => [g.id, structuredClone(g)]));
}

/** The ids and names of one tenant's seed: SEED for the default tenant, seedIdsFor() for the others. */
export type SeedIds = { readonly [K in keyof typeof SEED]: string };

/** The two default passwords of a tenant's seeded user flow, by role group. */
export type SeedPasswords = { readonly staff: string; readonly students: string };

/** Fresh flow-set store contents: the set with a flow of each type (with a basicFilter) and the empty set (no filter). */
export function seedSetsOf(ids: SeedIds): Map<string, Record<string, unknown>> {
  const sets: Record<string, unknown>[] = [
    {
      id: ids.setId,
      createdDateTime: CREATED,
      lastModifiedDateTime: CREATED,
      displayName: ids.setDisplayName,
      filter: { '@odata.type': `${NS}.basicFilter`, attribute: 'orgExternalId', in: ['contoso-north', 'contoso-south'] },
    },
    {
      id: ids.emptySetId,
      createdDateTime: '2024-03-25T21:55:03.495336Z',
      lastModifiedDateTime: '2024-03-25T21:55:03.495336Z',
      displayName: ids.emptySetDisplayName,
    },
  ];
  return new Map(sets.map((s) => [String(s.id), s]));
}

/** Fresh flow-set store contents: SEED.setId (with a basicFilter) and SEED.emptySetId (no filter). */
export function seedSets(): Map<string, Record<string, unknown>> {
  return seedSetsOf(SEED);
}

/** What one set's four flows are built from. */
export interface FourFlowsInput {
  graphUrl: string;
  setId: string;
  userFlowId: string;
  classGroupFlowId: string;
  securityGroupFlowId: string;
  adminUnitFlowId: string;
  passwords: SeedPasswords;
  /** createdDateTime and lastModifiedDateTime of every flow. */
  created: string;
}

/**
 * One flow of each type for a set, as GET returns them: the user flow with a staff (Sku1) and a
 * students (Sku2) configuration holding live default passwords and the expanded role groups, the
 * class group flow with its enrollment mappings, the security group and administrative unit flows.
 * Fresh objects on every call.
 */
export function fourFlows(input: FourFlowsInput): Record<string, unknown>[] {
  const { graphUrl, setId, created } = input;
  const entity = (type: string, id: string, rest: Record<string, unknown>) => ({
    '@odata.type': `${NS}.${type}`,
    id,
    createdDateTime: created,
    lastModifiedDateTime: created,
    readinessStatus: 'notReady',
    ...rest,
  });
  const userConfig = (roleGroupId: 'staff' | 'students', sku: string) => ({
    licenseSkus: [sku],
    defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: input.passwords[roleGroupId] },
    'roleGroup@odata.context': `${graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${setId}')/provisioningFlows('${input.userFlowId}')/microsoft.graph.industryData.userProvisioningFlow/creationOptions/configurations/roleGroup/$entity`,
    roleGroup: structuredClone(ROLE_GROUPS[roleGroupId]),
  });

  return [
    entity('userProvisioningFlow', input.userFlowId, {
      createUnmatchedUsers: true,
      managementOptions: {
        additionalAttributes: ['userGradeLevel'],
        additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'minor' },
      },
      creationOptions: { configurations: [userConfig('staff', 'Sku1'), userConfig('students', 'Sku2')] },
    }),
    entity('classGroupProvisioningFlow', input.classGroupFlowId, {
      configuration: {
        additionalAttributes: ['courseTitle', 'courseCode', 'courseSubject', 'courseGradeLevel', 'courseExternalId', 'academicSessionTitle', 'academicSessionExternalId'],
        additionalOptions: { createTeam: true, writeDisplayNameOnCreateOnly: true },
        enrollmentMappings: {
          ownerEnrollmentMappings: codes(
            'teacher',
            'proctor',
            'teacherAssistant',
            'paraprofessional',
            'physicalTherapist',
            'speechTherapist',
            'visionTherapist',
            'occupationalTherapist',
            'staff',
          ),
          memberEnrollmentMappings: codes(
            'student',
            'substitute',
            'aide',
            'proctor',
            'teacherAssistant',
            'paraprofessional',
            'physicalTherapist',
            'speechTherapist',
            'visionTherapist',
            'occupationalTherapist',
            'staff',
          ),
        },
      },
    }),
    entity('securityGroupProvisioningFlow', input.securityGroupFlowId, {
      creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
    }),
    entity('administrativeUnitProvisioningFlow', input.adminUnitFlowId, {
      creationOptions: { createBasedOnOrg: true, createBasedOnOrgPlusRoleGroup: true },
    }),
  ];
}

/**
 * The readiness of a tenant's seeded flows, by type, as in a tenant whose SDS is set up: the user,
 * class group and security group flows `ready`, the administrative unit flow still `notReady`.
 * (Flows created later, and fillTenant()'s, start `notReady`.)
 */
export const SEED_READINESS: Readonly<Record<string, string>> = {
  [`${NS}.userProvisioningFlow`]: 'ready',
  [`${NS}.classGroupProvisioningFlow`]: 'ready',
  [`${NS}.securityGroupProvisioningFlow`]: 'ready',
  [`${NS}.administrativeUnitProvisioningFlow`]: 'notReady',
};

/** A tenant's seeded flows (the four of its first set), keyed `${setId}/${flowId}`. Fresh objects on every call. */
export function seedFlowsOf(graphUrl: string, ids: SeedIds, passwords: SeedPasswords): Map<string, Record<string, unknown>> {
  const flows = fourFlows({ graphUrl, ...ids, passwords, created: CREATED });
  for (const flow of flows) flow.readinessStatus = SEED_READINESS[String(flow['@odata.type'])] ?? flow.readinessStatus;
  return new Map(flows.map((f) => [`${ids.setId}/${String(f.id)}`, f]));
}

/** Fresh objects on every call, so emulators never share (or leak) state between tests. */
export function seedFlows(graphUrl: string): Map<string, Record<string, unknown>> {
  return seedFlowsOf(graphUrl, SEED, SEED_PASSWORDS);
}
