// Bodies for creating flows in tests: a user flow with a default password (the marker password the
// secret checks look for) and a minimal security group flow.
import { BODY_PASSWORD } from './secrets.js';

export const NEW_USER_FLOW = {
  '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
  createUnmatchedUsers: true,
  managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { studentAgeGroup: 'minor' } },
  creationOptions: {
    configurations: [
      {
        'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students',
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: BODY_PASSWORD },
        licenseSkus: ['Sku1'],
      },
    ],
  },
};

export const NEW_SECURITY_GROUP_FLOW = {
  '@odata.type': '#microsoft.graph.industryData.securityGroupProvisioningFlow',
  creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false },
};
