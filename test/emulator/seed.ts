// The flows a fresh emulator holds: one of each type in one set, shaped as Graph returns them on
// GET (reference §9.4–§9.6): passwords masked, roleGroup expanded, no nested @odata.type except on
// the subtypes of abstract types (simplePasswordSettings).

/** Ids of the seeded set and flows (the user flow and set ids are the reference's own). */
export const SEED = {
  setId: '9ab41255-5364-4c53-e15c-08dc4ab6ee03',
  userFlowId: 'dbd36d16-c574-4ed8-3ac7-08dc4ac6fb7f',
  classGroupFlowId: '6207e7d7-5eba-4ddc-e607-08dc4ac77409',
  securityGroupFlowId: '4598f62a-7bd9-40a1-d38a-08dc4ac68cf2',
  adminUnitFlowId: 'f66e97ad-0870-46e0-3ff3-08dc49dccdc9',
} as const;

export const NS = '#microsoft.graph.industryData';
/** How the service shows every password on read. */
export const MASK = '*'.repeat(15);

const CREATED = '2024-03-23T00:24:32.3286035Z';

/** The built-in role groups (reference §9.9), as the service expands them. */
export const ROLE_GROUPS: Record<string, Record<string, unknown>> = {
  staff: { id: 'staff', displayName: 'Staff', roles: [{ code: 'faculty' }, { code: 'teacher' }] },
  students: { id: 'students', displayName: 'Students', roles: [{ code: 'student' }] },
};

const codes = (...list: string[]) => list.map((code) => ({ code }));

/** Fresh objects on every call, so emulators never share (or leak) state between tests. */
export function seedFlows(graphUrl: string): Map<string, Record<string, unknown>> {
  const { setId } = SEED;
  const entity = (type: string, id: string, rest: Record<string, unknown>) => ({
    '@odata.type': `${NS}.${type}`,
    id,
    createdDateTime: CREATED,
    lastModifiedDateTime: CREATED,
    readinessStatus: 'notReady',
    ...rest,
  });
  const userConfig = (roleGroupId: string, sku: string) => ({
    licenseSkus: [sku],
    defaultPasswordSettings: { '@odata.type': `${NS}.simplePasswordSettings`, password: MASK },
    'roleGroup@odata.context': `${graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${setId}')/provisioningFlows('${SEED.userFlowId}')/microsoft.graph.industryData.userProvisioningFlow/creationOptions/configurations/roleGroup/$entity`,
    roleGroup: structuredClone(ROLE_GROUPS[roleGroupId]),
  });

  const flows = [
    entity('userProvisioningFlow', SEED.userFlowId, {
      createUnmatchedUsers: true,
      managementOptions: {
        additionalAttributes: ['userGradeLevel'],
        additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'minor' },
      },
      creationOptions: { configurations: [userConfig('staff', 'Sku1'), userConfig('students', 'Sku2')] },
    }),
    entity('classGroupProvisioningFlow', SEED.classGroupFlowId, {
      configuration: {
        additionalAttributes: ['courseTitle', 'courseCode', 'courseSubject', 'courseGradeLevel', 'courseExternalId', 'academicSessionTitle', 'academicSessionExternalId'],
        additionalOptions: { createTeam: true, writeDisplayNameOnCreateOnly: true },
        enrollmentMappings: {
          ownerEnrollmentMappings: codes('teacher', 'proctor', 'teacherAssistant', 'paraprofessional', 'physicalTherapist', 'speechTherapist', 'visionTherapist', 'occupationalTherapist', 'staff'),
          memberEnrollmentMappings: codes('student', 'substitute', 'aide', 'proctor', 'teacherAssistant', 'paraprofessional', 'physicalTherapist', 'speechTherapist', 'visionTherapist', 'occupationalTherapist', 'staff'),
        },
      },
    }),
    entity('securityGroupProvisioningFlow', SEED.securityGroupFlowId, {
      creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
    }),
    entity('administrativeUnitProvisioningFlow', SEED.adminUnitFlowId, {
      creationOptions: { createBasedOnOrg: true, createBasedOnOrgPlusRoleGroup: true },
    }),
  ];
  return new Map(flows.map((f) => [`${setId}/${f.id}`, f]));
}
