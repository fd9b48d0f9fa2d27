// One in-process HTTPS server standing in for Microsoft Graph and Entra ID (login) in tests.
// Trusted through NODE_EXTRA_CA_CERTS=test/fixtures/emulator-cert.pem (read at process start).
//
// Per request: read the body → record it → answer with the next queued reply (queueFor() and then
// queue() for Graph paths by method, queueEntra() for Entra endpoints), or else with the routing
// table's default behaviour; Graph answers wait latencyMs. Routes live in small tables
// (graph-routes.ts gathers flow-set-routes.ts, flow-collection-routes.ts, flow-routes.ts,
// role-group-routes.ts, run-routes.ts and sku-routes.ts; entra-routes.ts; oidc.ts) and return Replies that replies.ts writes. The default tenant's Graph store (sets, flows, role
// groups, runs, subscribed SKUs) and its test switches live on the Emulator object itself (GraphState in types.ts); every
// other tenant has its own store (tenant-store.ts), picked by the `tid` of the request's bearer
// token (tenant-ids.ts). Entra's memory (users, apps, codes, issued tokens) is in entra-state.ts;
// the external OIDC issuer and the GitHub Actions stand-in are in oidc.ts. One clock (clock.ts)
// stands for the service's time in every tenant: runs (runs-state.ts) are worked out from it.
//
// The server answers for localhost and, through a test proxy (proxy.ts), for any
// *.edu-flow.test name its certificate covers: URLs it builds (OpenID metadata, @odata.context,
// the token endpoint a client assertion must name) use the host the request was sent to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createClock, type EmulatorClock } from './clock.js';
import { createEntraState, DEFAULT_TENANT_ID, type EntraOptions, type EntraState } from './entra-state.js';
import { entraEndpointOf, entraError, entraRoutes, grantTypeOf, shortGrantType, type EntraEndpoint } from './entra-routes.js';
import { createOidcIssuer, type OidcIssuer } from './oidc.js';
import { graphRoutes } from './graph-routes.js';
import { graphError, withLatency, writeReply } from './replies.js';
import { graphStateReader } from './graph-state.js';
import { createReplyQueues } from './reply-queues.js';
import { tenantIdOf, tenantOfAuthorization } from './tenant-ids.js';
import { createTenantRegistry, createTenantStore, initialGraphState, type StoreOptions, type TenantStore } from './tenant-store.js';
import type { TenantRuns } from './runs-state.js';
import type { RecordedRequest, Reply, Route } from './types.js';

export type { GraphState, RecordedRequest, Reply } from './types.js';
export { ROLE_GROUPS, SEED, SEED_PASSWORDS, STAFF_ROLE_CODES, type RoleGroup, type SeedIds, type SeedPasswords } from './seed.js';
export { seedIdsFor, seedPasswordsFor } from './tenant-seed.js';
export { fillTenant, type FilledSet, type FillOptions } from './fill-tenant.js';
export { tenantIdOf } from './tenant-ids.js';
export type { TenantStore } from './tenant-store.js';
export type { EmulatorClock } from './clock.js';
export {
  DEFAULT_LIMIT_REPLY,
  DEFAULT_RUN_DURATION_MS,
  DEFAULT_SCHEDULE_EVERY_MS,
  ON_DEMAND_SKIP_WITHIN_MS,
  RUN_LIMIT,
  RUN_LIMIT_WINDOW_MS,
  type ActivityOutcome,
  type ActivityScript,
  type ActivityStatus,
  type ActivityView,
  type InboundTotals,
  type LimitReply,
  type PublicError,
  type RunKind,
  type RunOutcome,
  type RunScript,
  type RunStatus,
  type RunView,
  type ScriptedRun,
  type StartResult,
  type TenantRuns,
} from './runs-state.js';
export { defaultSubscribedSkus, subscribedSku, type LicenseUnitsDetail, type ServicePlanInfo, type SubscribedSku } from './subscribed-skus.js';
export type { BasicFilter, FlowSetEntity, GraphStateReader, ProvisioningFlowEntity, ProvisioningFlowType } from './graph-state.js';
export { FLOW_TYPES } from './graph-common.js';
export { DEFAULT_TENANT_ID, TENANT_A, TENANT_B } from './entra-state.js';
export type {
  AppRegistration,
  AssertionRecord,
  DeviceCodeOutcome,
  EntraOptions,
  EntraState,
  EntraUser,
  FederatedCredential,
  RegisteredApp,
} from './entra-state.js';
export { DEVICE_CODE_URN, entraError, GRAPH_DEFAULT_SCOPE, type EntraEndpoint } from './entra-routes.js';
export { DEFAULT_APP_ROLES, JWT_BEARER } from './entra-apps.js';
export { DEFAULT_GITHUB_SUBJECT, TOKEN_EXCHANGE_AUDIENCE, type OidcIssuer, type OidcMintClaims } from './oidc.js';

/**
 * The emulator, and the default tenant's Graph store: `emu.flows`, `emu.pageSize`, `emu.flowSet()`…
 * are TENANT_A's. Other tenants' stores: tenant().
 */
export interface Emulator extends TenantStore {
  /** https://localhost:PORT (the server listens on 127.0.0.1; the certificate covers both). */
  origin: string;
  /** `${origin}/beta` */
  graphUrl: string;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Only the requests of that method: assert on "the PATCH", not on the count of everything. */
  requestsTo(method: string): RecordedRequest[];
  /**
   * Scripted answers for the next Graph requests (paths under /beta or /v1.0) of that method, in
   * order; then the defaults apply. Login requests never take these: see queueEntra().
   */
  queue(method: string, ...replies: Reply[]): void;
  /**
   * Like queue(), but only for Graph requests of that tenant (id or domain), and taken before the
   * replies of queue(). Gives the tenant its own store, as tenant() does, so its requests are told
   * apart from the default tenant's.
   */
  queueFor(tenantIdOrDomain: string, method: string, ...replies: Reply[]): void;
  /** The default tenant id (what `organizations` and `common` mean); TENANT_A. */
  tenantId: string;
  /**
   * The emulated service's time, one for every tenant: runs and the createdDateTime /
   * lastModifiedDateTime stamps of flows and sets read it. The real time until a test replaces
   * `now`, or calls set() or advance(); reset() puts the real time back (same object).
   */
  clock: EmulatorClock;
  /**
   * A tenant's runs (id or domain; the default tenant when omitted), made with the tenant's store
   * as tenant() makes it: script runs, switch the default schedule off (`scheduleEvery = null`),
   * script the next on-demand run, change the limit's reply, and read what happened.
   */
  runs(tenantIdOrDomain?: string): TenantRuns;
  /**
   * That tenant's Graph store, switches and readers (id, domain, or `organizations`/`common`),
   * made and seeded (seedIdsFor) on first use. For the default tenant: the emulator itself. A
   * store lives until reset().
   */
  tenant(tenantIdOrDomain: string): TenantStore;
  /** The tenants that have a store: the default tenant first, then in order of creation. */
  tenantIds(): string[];
  /**
   * Off by default. When true, a Graph request whose token names a tenant without a store makes
   * (and seeds) that tenant's store. When false, such a request is served by the default tenant's
   * store: tests all over the suite send made-up tokens with tids of their own (and sign in to
   * TENANT_B) and expect the SEED data. A tenant given a store by tenant() or queueFor() is served
   * from its store either way.
   */
  createTenantsOnRequest: boolean;
  /**
   * Milliseconds added before every Graph answer (not Entra's), on top of a reply's own delayMs (a
   * scripted drop stays immediate); reset() and close() cancel answers still waiting. Default 0
   * (startEmulator's latencyMs).
   */
  latencyMs: number;
  /** The emulated Entra ID: knobs, users, registered apps and every token issued. */
  entra: EntraState;
  /** The external OIDC issuer (`${origin}/oidc`) for federated credentials, and the GitHub Actions ID token stand-in. */
  oidc: OidcIssuer;
  /**
   * Fault injection for Entra (any tenant): answers for the next requests to that endpoint, in
   * order, before the default. Use entraError() for a body MSAL understands.
   */
  queueEntra(endpoint: EntraEndpoint, ...replies: Reply[]): void;
  /** POSTs to …/oauth2/v2.0/token, optionally only that grant_type ('device_code' matches both spellings). */
  tokenRequests(grantType?: string): RecordedRequest[];
  /**
   * Off by default (any bearer token will do). When true, Graph answers 401 InvalidAuthenticationToken
   * unless the bearer token was issued by this emulator and has not expired.
   */
  graphAcceptsOnlyIssuedTokens: boolean;
  /**
   * Back to the state it started in, on the same port: the seed data, every switch and queue, a
   * fresh Entra ID and OIDC issuer, no recorded requests, delayed replies cancelled (open
   * connections stay, as a client's pooled sockets would), no store but the default tenant's
   * (stores held from before are stale), no runs, the real time on the clock. One emulator per
   * test file, reset before each test.
   */
  reset(): void;
  /** Destroys every connection, cancels delayed replies, and closes the server. */
  close(): Promise<void>;
}

/** Host names (with an optional port) the certificate covers besides localhost: see originFor(). */
const TEST_DOMAIN_HOST = /^(?:[a-z0-9-]+\.)*edu-flow\.test(?::\d{1,5})?$/i;

/** Paths Graph would serve: without a bearer token they are 401, whether or not a route matches. */
const GRAPH_AREA = /^\/(beta|v1\.0)(\/|$)/i;

let tls: { cert: Buffer; key: Buffer } | undefined;
function tlsOptions() {
  tls ??= {
    cert: readFileSync(new URL('../fixtures/emulator-cert.pem', import.meta.url)),
    key: readFileSync(new URL('../fixtures/emulator-key.pem', import.meta.url)),
  };
  return tls;
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const recorded: RecordedRequest = {
    method: req.method ?? 'GET',
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? '' : url.slice(q + 1),
    headers: req.headers,
    rawBody,
  };
  if (rawBody.trim() !== '') {
    try {
      recorded.json = JSON.parse(rawBody);
    } catch {
      // not JSON: json stays undefined
    }
  }
  if (/^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''))) {
    recorded.form = Object.fromEntries(new URLSearchParams(rawBody));
  }
  return recorded;
}

export interface EmulatorOptions {
  /** Put the seed flows in (SEED's for the default tenant, seedIdsFor()'s for the others; default true). */
  seedFlows?: boolean;
  /** Initial Entra knobs (they can also be changed later through emu.entra). */
  entra?: Partial<EntraOptions>;
  /** Initial value of emu.graphAcceptsOnlyIssuedTokens (default false). */
  graphAcceptsOnlyIssuedTokens?: boolean;
  /** Initial value of every tenant's pageSize (default 100). */
  pageSize?: number;
  /** Initial value of emu.latencyMs (default 0). */
  latencyMs?: number;
  /** Initial value of emu.createTenantsOnRequest (default false). */
  createTenantsOnRequest?: boolean;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const requests: RecordedRequest[] = [];
  const queues = createReplyQueues<string>();
  const tenantQueues = createReplyQueues<string>();
  const entraQueues = createReplyQueues<EntraEndpoint>();
  const tenantQueueKey = (tenantId: string, method: string) => `${tenantId} ${method.toUpperCase()}`;
  let entra = createEntraState(options.entra);
  const routes: Route[] = []; // filled once the origin is known
  const clock = createClock();
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let origin = '';
  let graphUrl = '';

  const schedule = (fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };

  /**
   * The origin the client used: `https://<host>` for a *.edu-flow.test Host header (a request
   * through the test proxy), else the emulator's own origin.
   */
  function originFor(request: RecordedRequest): string {
    const host = String(request.headers.host ?? '').toLowerCase();
    return TEST_DOMAIN_HOST.test(host) ? `https://${host.replace(/:443$/, '')}` : origin;
  }

  /**
   * The store a Graph request is served from: its token's tenant's, when that tenant has one (or
   * gets one now, see createTenantsOnRequest), else the default tenant's.
   */
  function storeFor(request: RecordedRequest): TenantStore {
    const tenantId = tenantOfAuthorization(request.headers.authorization);
    return tenants.find(tenantId) ?? (emulator.createTenantsOnRequest ? tenants.get(tenantId) : emulator);
  }

  /** The default behaviour: the routing table, the bearer check, and a 404 for the rest. */
  function route(request: RecordedRequest, store: TenantStore): Reply {
    let match: { route: Route; groups: string[] } | undefined;
    for (const r of routes) {
      const m = r.method === request.method ? r.path.exec(request.path) : null;
      if (m) {
        match = { route: r, groups: m.slice(1) };
        break;
      }
    }
    const needsBearer = match ? match.route.auth === 'bearer' : GRAPH_AREA.test(request.path);
    const authorization = String(request.headers.authorization ?? '');
    if (needsBearer && !/^Bearer\s+\S/i.test(authorization)) {
      return graphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }
    if (needsBearer && emulator.graphAcceptsOnlyIssuedTokens) {
      const status = entra.accessTokenStatus(authorization.replace(/^Bearer\s+/i, '').trim());
      if (status === 'expired') return graphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
      if (status === 'unknown') return graphError(401, 'InvalidAuthenticationToken', 'Access token validation failure.');
    }
    if (!match) {
      return graphError(404, 'ResourceNotFound', `Resource not found (the emulator has no route for ${request.method} ${request.path}).`);
    }
    let params: string[];
    try {
      params = match.groups.map((g) => decodeURIComponent(g));
    } catch {
      return graphError(400, 'BadRequest', `Malformed percent-encoding in ${request.path}.`);
    }
    const requestOrigin = originFor(request);
    return match.route.handle({
      request,
      params,
      origin: requestOrigin,
      graphUrl: requestOrigin === origin ? graphUrl : `${requestOrigin}/beta`,
      flows: store.flows,
      graph: store,
      clock,
    });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: RecordedRequest;
    try {
      request = await record(req);
    } catch {
      return; // the client went away mid-body
    }
    const graphArea = GRAPH_AREA.test(request.path);
    const store = graphArea ? storeFor(request) : emulator;
    if (graphArea) request.tenant = store.tenantId;
    requests.push(request);
    const entraEndpoint = entraEndpointOf(request);
    let reply: Reply | undefined;
    if (entraEndpoint === 'token' && grantTypeOf(request) === 'client_credentials' && entra.onClientCredentials) {
      try {
        entra.onClientCredentials({ ...request.form });
      } catch (e) {
        reply = entraError(500, 'server_error', 50000, `The test's onClientCredentials hook threw: ${(e as Error).stack ?? String(e)}`);
      }
    }
    if (entraEndpoint) reply ??= entraQueues.shift(entraEndpoint);
    else if (graphArea) reply ??= tenantQueues.shift(tenantQueueKey(store.tenantId, request.method)) ?? queues.shift(request.method);
    try {
      reply ??= route(request, store);
    } catch (e) {
      // A bug in a route must show up in the test, not hang it.
      reply = graphError(500, 'EmulatorError', `The emulator failed: ${(e as Error).stack ?? String(e)}`);
    }
    if (graphArea) reply = withLatency(reply, emulator.latencyMs);
    try {
      writeReply(req, res, reply, schedule);
    } catch (e) {
      // e.g. a scripted header value Node refuses: fail that request loudly, not the test process.
      console.error('emulator: could not send the reply:', e);
      req.socket.destroy();
    }
  }

  const server = https.createServer(tlsOptions(), (req, res) => void onRequest(req, res));
  // Raw TCP sockets, including ones still in the TLS handshake that closeAllConnections() misses.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  origin = `https://localhost:${(server.address() as AddressInfo).port}`;
  graphUrl = `${origin}/beta`;
  let oidc = createOidcIssuer(origin);
  routes.push(...graphRoutes, ...entraRoutes(entra, oidc.verify), ...oidc.routes);
  /** How every tenant's store starts, in a new emulator or a reset one. */
  const storeOptions: StoreOptions = { seedFlows: options.seedFlows ?? true, pageSize: options.pageSize ?? 100, clock };
  /** The default tenant's seeded Graph data and test switches (held on the emulator itself). */
  const defaultGraphState = () => initialGraphState(graphUrl, DEFAULT_TENANT_ID, storeOptions, () => emulator);
  /** The switches reset() puts back. */
  const initialSwitches = () => ({
    graphAcceptsOnlyIssuedTokens: options.graphAcceptsOnlyIssuedTokens ?? false,
    createTenantsOnRequest: options.createTenantsOnRequest ?? false,
    latencyMs: options.latencyMs ?? 0,
  });
  const tenants = createTenantRegistry(
    DEFAULT_TENANT_ID,
    () => emulator,
    (tenantId) => createTenantStore(graphUrl, tenantId, storeOptions),
  );
  const cancelDelayedReplies = () => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };

  const emulator: Emulator = {
    origin,
    graphUrl,
    requests,
    requestsTo: (method) => requests.filter((r) => r.method === method.toUpperCase()),
    queue(method, ...replies) {
      queues.push(method.toUpperCase(), replies);
    },
    queueFor(tenantIdOrDomain, method, ...replies) {
      const tenantId = tenants.get(tenantIdOf(tenantIdOrDomain)).tenantId;
      tenantQueues.push(tenantQueueKey(tenantId, method), replies);
    },
    tenantId: DEFAULT_TENANT_ID,
    clock,
    runs: (tenantIdOrDomain) => (tenantIdOrDomain === undefined ? emulator : tenants.get(tenantIdOf(tenantIdOrDomain))).tenantRuns,
    tenant: (tenantIdOrDomain) => tenants.get(tenantIdOf(tenantIdOrDomain)),
    tenantIds: () => tenants.ids(),
    entra,
    oidc,
    queueEntra(endpoint, ...replies) {
      entraQueues.push(endpoint, replies);
    },
    tokenRequests(grantType) {
      const wanted = shortGrantType(grantType);
      return requests.filter((r) => entraEndpointOf(r) === 'token' && (wanted === undefined || grantTypeOf(r) === wanted));
    },
    ...initialSwitches(),
    ...defaultGraphState(),
    ...graphStateReader(() => emulator),
    reset() {
      // Connections stay open: clients keep their pooled sockets, as they would with Graph.
      cancelDelayedReplies();
      requests.length = 0;
      queues.clear();
      tenantQueues.clear();
      entraQueues.clear();
      tenants.clear();
      entra = createEntraState(options.entra);
      oidc = createOidcIssuer(origin);
      clock.useRealTime();
      routes.length = 0;
      routes.push(...graphRoutes, ...entraRoutes(entra, oidc.verify), ...oidc.routes);
      Object.assign(emulator, { entra, oidc, ...initialSwitches(), ...defaultGraphState() });
    },
    close: () =>
      new Promise<void>((resolve) => {
        cancelDelayedReplies();
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve()); // also called (with an error) when already closed
      }),
  };
  return emulator;
}
