// What the emulated Entra ID remembers: its knobs, its users (one per tenant), the registered
// apps (confidential clients), the device codes it handed out, every client assertion it saw,
// and every token it issued (so tests can check none leaked, and Graph can tell
// issued tokens from made-up ones).
import { randomInt, randomUUID } from 'node:crypto';
import { registeredApp, servicePrincipalId, type AppRegistration, type AssertionRecord, type RegisteredApp } from './entra-apps.js';
import { mintAppToken, mintTokens, stableUuid, type EntraUser, type MintedTokens } from './entra-tokens.js';
import { tenantIdOf } from './tenant-ids.js';

export type { EntraUser } from './entra-tokens.js';
export type { AppRegistration, AssertionRecord, FederatedCredential, RegisteredApp } from './entra-apps.js';
export { DEFAULT_TENANT_ID, TENANT_A, TENANT_B } from './tenant-ids.js';

export type DeviceCodeOutcome = 'approve' | 'decline' | 'expire' | 'never';

/** The knobs a test may set (also accepted by startEmulator({ entra })). */
export interface EntraOptions {
  /** How many polls of each device code get `authorization_pending` first (default 1). */
  pendingPolls: number;
  /** What happens after the pending polls (default 'approve'); 'never' stays pending. */
  deviceCodeOutcome: DeviceCodeOutcome;
  /** expires_in of access tokens, in seconds (default 3600). MSAL refreshes any AT that expires within 300 s. */
  accessTokenTtl: number;
  /** The device code `interval` in seconds (default 0.05: MSAL sleeps interval * 1000 ms). */
  interval: number;
}

export interface EntraState extends EntraOptions {
  /** Every token issued, in order, so tests can prove none of them leaked into output. */
  issued: { accessTokens: string[]; refreshTokens: string[]; idTokens: string[] };
  /** Every refresh token issued so far becomes invalid_grant (later ones are fine). */
  revokeRefreshTokens(): void;
  /** The tenant's one user. `organizations` / `common` give the default tenant's user. */
  userFor(tenantId: string): EntraUser;
  /** Overrides the tenant's user (any of upn, name, oid) for tokens issued from now on. */
  setUser(tenantId: string, user: Partial<EntraUser>): void;
  /**
   * Registers (or replaces) a confidential client for the client credentials grant, valid in
   * every tenant. Give it any of: a secret, a certificate (PEM), federated identity credentials.
   */
  registerApp(app: AppRegistration): RegisteredApp;
  /** The registered apps by client id. */
  apps: Map<string, RegisteredApp>;
  /** Every client assertion (certificate or federated) the token endpoint saw, accepted or not, in order. */
  assertions: AssertionRecord[];
  /**
   * Called synchronously with a copy of the form of every client_credentials token request,
   * before it is answered (also when a queueEntra('token') reply answers it). A throw becomes a
   * 500 answer.
   */
  onClientCredentials?: (form: Record<string, string>) => void;
}

interface DeviceCodeRecord {
  tenantId: string;
  clientId: string;
  polls: number;
  redeemed: boolean;
}

interface RefreshTokenRecord {
  tenantId: string;
  clientId: string;
  used: boolean;
  revoked: boolean;
}

/** The state plus what only the emulator's own routes use. */
export interface EntraStore extends EntraState {
  /** A new device code for that tenant and client. */
  newDeviceCode(tenantId: string, clientId: string): { deviceCode: string; userCode: string };
  deviceCode(code: string): DeviceCodeRecord | undefined;
  refreshToken(token: string): RefreshTokenRecord | undefined;
  /** Mints and records a token response for the tenant's user. */
  issue(origin: string, tenantId: string, clientId: string, scope: string): MintedTokens;
  /** Mints and records an app-only token response (client credentials). */
  issueApp(origin: string, tenantId: string, app: RegisteredApp): Record<string, unknown>;
  /** For Graph's opt-in check: was this access token issued here, and is it still valid? */
  accessTokenStatus(token: string): 'valid' | 'expired' | 'unknown';
}

/**
 * The tenant a login path segment names: `organizations` and `common` → the default tenant, a GUID
 * → itself (lower case), a domain → its stable GUID (see tenantIdOf in tenant-ids.ts).
 */
export const tenantIdFor = (segment: string): string => tenantIdOf(segment);

const USER_CODE_CHARS = 'BCDFGHJKLMNPQRSTVWXZ23456789';

export function createEntraState(options: Partial<EntraOptions> = {}): EntraStore {
  const deviceCodes = new Map<string, DeviceCodeRecord>();
  const userCodes = new Set<string>();
  const refreshTokens = new Map<string, RefreshTokenRecord>();
  const accessTokenExp = new Map<string, number>();
  const userOverrides = new Map<string, Partial<EntraUser>>();

  const userFor = (tenant: string): EntraUser => {
    const tid = tenantIdFor(tenant);
    return {
      upn: `admin@${tid.slice(0, 8)}.example.edu`,
      oid: stableUuid(`user:${tid}`),
      name: `SDS Admin (${tid.slice(0, 8)})`,
      ...userOverrides.get(tid),
    };
  };

  const state: EntraStore = {
    pendingPolls: 1,
    deviceCodeOutcome: 'approve',
    accessTokenTtl: 3600,
    interval: 0.05,
    ...options,
    issued: { accessTokens: [], refreshTokens: [], idTokens: [] },
    revokeRefreshTokens() {
      for (const record of refreshTokens.values()) record.revoked = true;
    },
    userFor,
    setUser(tenant, user) {
      const tid = tenantIdFor(tenant);
      userOverrides.set(tid, { ...userOverrides.get(tid), ...user });
    },
    newDeviceCode(tenantId, clientId) {
      let userCode: string;
      do {
        userCode = `EDU-${Array.from({ length: 5 }, () => USER_CODE_CHARS[randomInt(USER_CODE_CHARS.length)]).join('')}`;
      } while (userCodes.has(userCode));
      userCodes.add(userCode);
      const deviceCode = `dc-${randomUUID()}`;
      deviceCodes.set(deviceCode, { tenantId, clientId, polls: 0, redeemed: false });
      return { deviceCode, userCode };
    },
    deviceCode: (code) => deviceCodes.get(code),
    refreshToken: (token) => refreshTokens.get(token),
    registerApp(registration) {
      const app = registeredApp(registration);
      state.apps.set(app.clientId, app);
      return app;
    },
    apps: new Map(),
    assertions: [],
    issueApp(origin, tenantId, app) {
      const minted = mintAppToken({
        origin,
        tenantId,
        clientId: app.clientId,
        displayName: app.displayName,
        objectId: servicePrincipalId(tenantId, app.clientId),
        roles: app.roles,
        accessTokenTtl: state.accessTokenTtl,
      });
      state.issued.accessTokens.push(minted.accessToken);
      accessTokenExp.set(minted.accessToken, minted.accessTokenExp);
      return minted.body;
    },
    issue(origin, tenantId, clientId, scope) {
      const minted = mintTokens({ origin, tenantId, clientId, scope, user: userFor(tenantId), accessTokenTtl: state.accessTokenTtl });
      state.issued.accessTokens.push(minted.accessToken);
      state.issued.refreshTokens.push(minted.refreshToken);
      state.issued.idTokens.push(minted.idToken);
      accessTokenExp.set(minted.accessToken, minted.accessTokenExp);
      refreshTokens.set(minted.refreshToken, { tenantId, clientId, used: false, revoked: false });
      return minted;
    },
    accessTokenStatus(token) {
      const exp = accessTokenExp.get(token);
      if (exp === undefined) return 'unknown';
      return exp > Date.now() / 1000 ? 'valid' : 'expired';
    },
  };
  return state;
}
