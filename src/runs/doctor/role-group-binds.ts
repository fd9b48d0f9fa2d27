// Each user configuration binds to a role group (staff, students…): one the tenant does not have
// leaves those people out of every run. Graph returns the bind expanded (`roleGroup.id`); a body
// written by hand may still carry the bind URL.
import { isRecord } from '../../body/is-record.js';
import type { DoctorCheck } from './model.js';
import { configurationsOf, describeFlow, userFlowsOf, type DoctorFlow } from './flows-of.js';
import { failedRead, isForbidden, type ReadOutcome } from './read-outcome.js';

const TITLE = 'role-group binds';

export interface RoleGroupBind {
  flow: DoctorFlow;
  roleGroupId: string;
}

function roleGroupIdOf(configuration: Record<string, unknown>): string | undefined {
  const expanded = configuration.roleGroup;
  if (isRecord(expanded) && typeof expanded.id === 'string' && expanded.id !== '') return expanded.id;
  const bind = configuration['roleGroup@odata.bind'];
  if (typeof bind !== 'string' || bind === '') return undefined;
  const last = bind.slice(bind.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Every role group the user flows' configurations bind to. */
export function roleGroupBindsOf(flows: readonly DoctorFlow[]): RoleGroupBind[] {
  return userFlowsOf(flows).flatMap((flow) =>
    configurationsOf(flow).flatMap((configuration) => {
      const roleGroupId = roleGroupIdOf(configuration);
      return roleGroupId === undefined ? [] : [{ flow, roleGroupId }];
    }),
  );
}

/**
 * A failure per bind to a role group the tenant lacks; one `ok` when every bind holds. `roleGroups`
 * is the read of the tenant's role group ids (undefined: not read, as there was no bind to check).
 */
export function roleGroupBindChecks(binds: readonly RoleGroupBind[], roleGroups: ReadOutcome<string[]> | undefined): DoctorCheck[] {
  if (binds.length === 0) return [{ id: 'flow.role-groups', status: 'ok', title: TITLE, reason: 'no user configuration binds a role group: nothing to check' }];
  if (roleGroups === undefined) throw new Error('roleGroupBindChecks: binds to check, but the role groups were not read');
  if (!roleGroups.ok) {
    if (isForbidden(roleGroups.error)) {
      return [
        {
          id: 'flow.role-groups',
          status: 'warn',
          title: TITLE,
          reason: 'skipped: the token may not read the role groups (403: IndustryData-ReferenceDefinition.Read.All is missing)',
          fix: 'grant IndustryData-ReferenceDefinition.Read.All (the permissions checks above say how), then run doctor again',
        },
      ];
    }
    return [failedRead('flow.role-groups', TITLE, 'the role groups', roleGroups.error)];
  }
  const known = new Set(roleGroups.value);
  const has = roleGroups.value.length > 0 ? roleGroups.value.join(', ') : 'none';
  const problems = binds
    .filter((bind) => !known.has(bind.roleGroupId))
    .map(
      (bind): DoctorCheck => ({
        id: 'flow.role-groups',
        status: 'fail',
        title: TITLE,
        subject: describeFlow(bind.flow),
        reason: `it binds role group "${bind.roleGroupId}", which the tenant does not have (it has: ${has}): SDS cannot provision those users`,
        fix: `\`edu-flow role-groups list\` shows the tenant's role groups; bind the configuration to one of them (\`edu-flow update --set-id ${bind.flow.setId} --flow-id ${bind.flow.id} -f …\`)`,
      }),
    );
  if (problems.length > 0) return problems;
  const groups = [...new Set(binds.map((bind) => bind.roleGroupId))];
  return [{ id: 'flow.role-groups', status: 'ok', title: TITLE, reason: `every bind names a role group the tenant has (${groups.join(', ')})` }];
}
