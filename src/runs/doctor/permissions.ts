// The permissions a token carries, read from its claims (never verified): `scp` for a person
// signed in (delegated), `roles` for an app. Only reading flows is a must for SDS to be checked at
// all; the rest are what other commands (and doctor's later checks) need.
import { grantedPermissions, holdsAny, permissionHint } from '../../auth/preflight.js';
import { readTokenClaims } from '../../auth/token-claims.js';
import type { CheckId, CheckStatus, DoctorCheck } from './model.js';

const OUTBOUND_READ = 'IndustryData-OutboundFlow.Read.All';
const OUTBOUND_WRITE = 'IndustryData-OutboundFlow.ReadWrite.All';
const RUN_READ = 'IndustryData-Run.Read.All';
const RUN_START = 'IndustryData-Run.Start';
const REFERENCE_READ = 'IndustryData-ReferenceDefinition.Read.All';

interface PermissionRule {
  id: CheckId;
  title: string;
  /** Any one of these grants it. */
  anyOf: readonly string[];
  /** The one to ask an admin for when none is there. */
  grant: string;
  /** The status without it. */
  missing: Exclude<CheckStatus, 'ok'>;
  /** What goes wrong without it. */
  without: string;
}

const RULES: readonly PermissionRule[] = [
  {
    id: 'permissions.read-flows',
    title: 'read flows',
    anyOf: [OUTBOUND_READ, OUTBOUND_WRITE],
    grant: OUTBOUND_READ,
    missing: 'fail',
    without: 'the flow sets and flows cannot be read, so nothing of SDS can be checked or changed',
  },
  {
    id: 'permissions.write-flows',
    title: 'write flows',
    anyOf: [OUTBOUND_WRITE],
    grant: OUTBOUND_WRITE,
    missing: 'warn',
    without: 'update, apply and the other writes will be refused (doctor itself only reads)',
  },
  {
    id: 'permissions.read-runs',
    title: 'read runs',
    anyOf: [RUN_READ, RUN_START],
    grant: RUN_READ,
    missing: 'warn',
    without: 'the runs cannot be read, so whether SDS applied the flows cannot be told',
  },
  {
    id: 'permissions.start-runs',
    title: 'start runs',
    anyOf: [RUN_START],
    grant: RUN_START,
    missing: 'warn',
    without: 'a run cannot be started on demand (SDS still runs every 12 hours)',
  },
  {
    id: 'permissions.read-role-groups',
    title: 'read role groups',
    anyOf: [REFERENCE_READ],
    grant: REFERENCE_READ,
    missing: 'warn',
    without: "the role groups cannot be read, so user configurations' binds are not checked",
  },
];

/**
 * How an admin grants a permission (as the write preflight says it), keeping the scopes a
 * signed-in person's token already holds in the `login --scopes` it suggests.
 */
export function grantHint(permission: string, kind: 'delegated' | 'application', granted: readonly string[]): string {
  return permissionHint(kind, permission, kind === 'delegated' ? granted : undefined);
}

/** One check per permission; one warning when the token cannot say (not a JWT, or neither claim). */
export function permissionChecks(token: string): DoctorCheck[] {
  const permissions = grantedPermissions(token);
  if (!permissions) {
    return [
      {
        id: 'permissions.token',
        status: 'warn',
        title: 'permissions',
        reason: `cannot tell: the token does not say (${readTokenClaims(token) ? 'it carries neither scp nor roles' : 'it is not a JWT'})`,
        fix: 'nothing to do when the checks below pass: each read that lacks a permission fails or is skipped, and says which',
      },
    ];
  }
  const { kind, granted } = permissions;
  return RULES.map((rule): DoctorCheck => {
    const found = holdsAny(permissions, rule.anyOf);
    if (found) return { id: rule.id, status: 'ok', title: rule.title, reason: `${found} (${kind})` };
    return {
      id: rule.id,
      status: rule.missing,
      title: rule.title,
      reason: `the ${kind} token lacks ${rule.anyOf.join(' or ')}: ${rule.without}`,
      fix: grantHint(rule.grant, kind, granted),
    };
  });
}
