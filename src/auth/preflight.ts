import { AuthError } from '../errors.js';
import { readTokenClaims } from './token-claims.js';

/** The permission every write to a provisioning flow needs (Microsoft's documented least-privileged one). */
export const WRITE_PERMISSION = 'IndustryData-OutboundFlow.ReadWrite.All';
/** The permission an on-demand run needs (POST …/runs/start). */
export const RUN_START_PERMISSION = 'IndustryData-Run.Start';
/** The delegated scopes edu-flow asks for by default; MSAL adds openid, profile and offline_access itself. */
export const DEFAULT_SCOPES = [WRITE_PERMISSION, 'IndustryData-ReferenceDefinition.Read.All'];

/** OpenID scopes a token may list that are not Graph permissions (login adds what it needs itself). */
const SIGN_IN_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * How a signed-in person gets a token that carries the permission: `edu-flow login` alone asks for
 * the default scopes only, so any other permission is asked for by name — with the scopes the
 * token already holds, when they are known, so none of them is lost.
 */
function signInFor(permission: string, granted?: readonly string[]): string {
  if (granted === undefined && DEFAULT_SCOPES.includes(permission)) return 'run `edu-flow login` again so the token carries it';
  const held = granted === undefined ? DEFAULT_SCOPES : granted.filter((scope) => !SIGN_IN_SCOPES.has(scope.toLowerCase()));
  return `sign in asking for it, so the token carries it: \`edu-flow login --scopes ${[...new Set([...held, permission])].join(',')}\``;
}

const grantDelegated = (permission: string, granted?: readonly string[]): string =>
  `an admin grants it: Entra admin center → Enterprise applications → the app you sign in with → Permissions → ` +
  `Grant admin consent for ${permission} (delegated); then ${signInFor(permission, granted)}`;
const grantApplication = (permission: string): string =>
  `an admin adds it to the app: App registrations → the app → API permissions → Add a permission → Microsoft Graph → ` +
  `Application permissions → ${permission} → Grant admin consent; the next token carries it`;

/** The hint for a 403 or a failed preflight; both kinds when we cannot tell which token it was. */
export function permissionHint(kind?: 'delegated' | 'application', permission = WRITE_PERMISSION, granted?: readonly string[]): string {
  if (kind === 'delegated') return grantDelegated(permission, granted);
  if (kind === 'application') return grantApplication(permission);
  return `the account or app needs ${permission} with admin consent. Signed in as a person: ${grantDelegated(permission)}. As an app (CI): ${grantApplication(permission)}`;
}

/** The permission a write to this Graph path needs. */
export function writePermissionFor(path: string): string {
  return /\/external\/industryData\/runs\/(microsoft\.graph\.industryData\.)?start$/i.test(path) ? RUN_START_PERMISSION : WRITE_PERMISSION;
}

/**
 * Before a write: a JWT whose `scp` (delegated) or `roles` (app) plainly lacks the permission is
 * stopped here, before any request, instead of costing a round trip and a 403. Claims are read,
 * never verified; a token that is not a JWT, or carries neither claim, passes through.
 */
export function checkWritePermission(token: string, permission = WRITE_PERMISSION): AuthError | undefined {
  const permissions = grantedPermissions(token);
  if (!permissions || holdsAny(permissions, [permission])) return undefined;
  const { kind, granted } = permissions;
  return new AuthError(
    `the ${kind === 'delegated' ? "signed-in account's" : "app's"} token lacks the ${permission} permission (it has: ${granted.join(', ') || 'none'}); nothing was sent`,
    { hint: permissionHint(kind, permission) },
  );
}

/** What a token says it may do: delegated (`scp`) or application (`roles`) permissions; undefined when it does not say. */
export interface GrantedPermissions {
  kind: 'delegated' | 'application';
  granted: string[];
}

/** Read from the claims, never verified; a token that is not a JWT, or carries neither claim, says nothing. */
export function grantedPermissions(token: string): GrantedPermissions | undefined {
  const claims = readTokenClaims(token);
  if (typeof claims?.scp === 'string') return { kind: 'delegated', granted: claims.scp.split(' ').filter(Boolean) };
  if (Array.isArray(claims?.roles)) return { kind: 'application', granted: (claims.roles as unknown[]).filter((role): role is string => typeof role === 'string') };
  return undefined;
}

/** Scopes may come as full URIs (https://graph.microsoft.com/IndustryData-…): the last segment, any case. */
const bareName = (permission: string): string => (permission.split('/').pop() ?? permission).toLowerCase();

/** The first of `anyOf` the permissions hold, or undefined. */
export function holdsAny(permissions: GrantedPermissions, anyOf: readonly string[]): string | undefined {
  const held = new Set(permissions.granted.map(bareName));
  return anyOf.find((permission) => held.has(bareName(permission)));
}

/** An app-only token: roles and no scp (or Entra's explicit idtyp claim). */
export function isAppOnlyToken(token: string): boolean {
  const claims = readTokenClaims(token) as (ReturnType<typeof readTokenClaims> & { idtyp?: string }) | undefined;
  if (!claims) return false;
  return claims.idtyp === 'app' || (claims.scp === undefined && Array.isArray(claims.roles));
}

const FLOW_SET_COLLECTION = /\/external\/industryData\/outboundProvisioningFlowSets$/i;
const FLOW_SET_ITEM = /\/external\/industryData\/outboundProvisioningFlowSets\/[^/]+$/i;

/**
 * Microsoft documents creating and updating a flow set as delegated-only: say so
 * before an app-only token tries, rather than after a 403.
 */
export function flowSetWriteWarning(method: string, path: string, token: string): string | undefined {
  const write = (method === 'POST' && FLOW_SET_COLLECTION.test(path)) || (method === 'PATCH' && FLOW_SET_ITEM.test(path));
  if (!write || !isAppOnlyToken(token)) return undefined;
  return 'Microsoft documents creating and updating flow sets as delegated-only: an app-only token will probably be refused (403); sign in with `edu-flow login` for this change';
}
