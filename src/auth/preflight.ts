import { AuthError } from '../errors.js';
import { readTokenClaims } from './token-claims.js';

/** The permission every write to a provisioning flow needs (Microsoft's documented least-privileged one). */
export const WRITE_PERMISSION = 'IndustryData-OutboundFlow.ReadWrite.All';
/** The permission an on-demand run needs (POST …/runs/start). */
export const RUN_START_PERMISSION = 'IndustryData-Run.Start';
/** The delegated scopes edu-flow asks for by default; MSAL adds openid, profile and offline_access itself. */
export const DEFAULT_SCOPES = [WRITE_PERMISSION, 'IndustryData-ReferenceDefinition.Read.All'];

/** How a signed-in person gets a token that carries the permission: the default sign-in, or one that asks for it too. */
const signInFor = (permission: string): string =>
  DEFAULT_SCOPES.includes(permission)
    ? 'run `edu-flow login` again so the token carries it'
    : `sign in asking for it as well: \`edu-flow login --scopes ${[...DEFAULT_SCOPES, permission].join(',')}\``;

const grantDelegated = (permission: string): string =>
  `an admin grants it: Entra admin center → Enterprise applications → the app you sign in with → Permissions → ` +
  `Grant admin consent for ${permission} (delegated); then ${signInFor(permission)}`;
const grantApplication = (permission: string): string =>
  `an admin adds it to the app: App registrations → the app → API permissions → Add a permission → Microsoft Graph → ` +
  `Application permissions → ${permission} → Grant admin consent; the next token carries it`;

/** The hint for a 403 or a failed preflight; both kinds when we cannot tell which token it was. */
export function permissionHint(kind?: 'delegated' | 'application', permission = WRITE_PERMISSION): string {
  if (kind === 'delegated') return grantDelegated(permission);
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
  const claims = readTokenClaims(token);
  if (!claims) return undefined;
  const delegated = typeof claims.scp === 'string';
  const app = Array.isArray(claims.roles);
  if (!delegated && !app) return undefined;
  const granted = delegated ? (claims.scp as string).split(' ').filter(Boolean) : (claims.roles as string[]);
  // Scopes may come as full URIs (https://graph.microsoft.com/IndustryData-…): compare the last segment.
  const has = granted.some((g) => g.split('/').pop()?.toLowerCase() === permission.toLowerCase());
  if (has) return undefined;
  const kind = delegated ? 'delegated' : 'application';
  return new AuthError(`the ${delegated ? "signed-in account's" : "app's"} token lacks the ${permission} permission (it has: ${granted.join(', ') || 'none'}); nothing was sent`, {
    hint: permissionHint(kind, permission),
  });
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
