// The permissions a token carries, read from its claims (never verified): `scp` for a person
// signed in (delegated), `roles` for an app. Only reading flows is a must for SDS to be checked at
// all; the rest are what other commands (and doctor's later checks) need.
import { permissionHint } from '../../auth/preflight.js';
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

/** OpenID scopes a token may list that are not Graph permissions (login adds what it needs itself). */
const SIGN_IN_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** Scopes may come as full URIs (https://graph.microsoft.com/IndustryData-…): the last segment, any case. */
const bareName = (permission: string): string => (permission.split('/').pop() ?? permission).toLowerCase();

/**
 * How an admin grants a permission: as the write preflight says it (auth/preflight.ts), except that
 * a person must then sign in asking for that scope by name — `edu-flow login` alone asks for the
 * default scopes only. The scopes the token already holds are kept in the list.
 */
export function grantHint(permission: string, kind: 'delegated' | 'application', granted: readonly string[]): string {
  if (kind === 'application') return permissionHint('application', permission);
  const scopes = [...new Set([...granted.filter((scope) => !SIGN_IN_SCOPES.has(scope.toLowerCase())), permission])];
  return (
    `an admin grants it: Entra admin center → Enterprise applications → the app you sign in with → Permissions → ` +
    `Grant admin consent for ${permission} (delegated); then sign in asking for it, so the token carries it: \`edu-flow login --scopes ${scopes.join(',')}\``
  );
}

/** What a token says it may do: delegated (`scp`) or application (`roles`) permissions; undefined when it does not say. */
export interface GrantedPermissions {
  kind: 'delegated' | 'application';
  granted: string[];
}

export function grantedPermissions(token: string): GrantedPermissions | undefined {
  const claims = readTokenClaims(token);
  if (typeof claims?.scp === 'string') return { kind: 'delegated', granted: claims.scp.split(' ').filter(Boolean) };
  if (Array.isArray(claims?.roles)) return { kind: 'application', granted: (claims.roles as unknown[]).filter((role): role is string => typeof role === 'string') };
  return undefined;
}

/** Whether the permissions hold any one of `anyOf` (full-URI scopes and any letter case allowed). */
export function holdsAny(permissions: GrantedPermissions, anyOf: readonly string[]): string | undefined {
  const held = new Set(permissions.granted.map(bareName));
  return anyOf.find((permission) => held.has(bareName(permission)));
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
