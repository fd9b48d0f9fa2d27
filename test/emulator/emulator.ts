// One in-process HTTPS server standing in for Microsoft Graph and Entra ID (login) in tests.
// Trusted through NODE_EXTRA_CA_CERTS=test/fixtures/emulator-cert.pem (read at process start).
//
// Per request: read the body → record it → answer with the next queued reply (queue() for Graph
// paths by method, queueEntra() for Entra endpoints), or else with the routing table's default
// behaviour. Routes live in small tables (graph-routes.ts gathers flow-set-routes.ts,
// flow-collection-routes.ts, flow-routes.ts and role-group-routes.ts; entra-routes.ts; oidc.ts)
// and return Replies that replies.ts writes. The Graph store (sets, flows, role groups) and its
// test switches live on the Emulator object itself (GraphState in types.ts). Entra's memory (users, apps, codes, issued tokens) is in
// entra-state.ts; the external OIDC issuer and the GitHub Actions stand-in are in oidc.ts.
//
// The server answers for localhost and, through a test proxy (proxy.ts), for any
// *.edu-flow.test name its certificate covers: URLs it builds (OpenID metadata, @odata.context,
// the token endpoint a client assertion must name) use the host the request was sent to.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { createEntraState, DEFAULT_TENANT_ID, type EntraOptions, type EntraState } from './entra-state.js';
import { entraEndpointOf, entraError, entraRoutes, grantTypeOf, shortGrantType, type EntraEndpoint } from './entra-routes.js';
import { createOidcIssuer, type OidcIssuer } from './oidc.js';
import { graphRoutes } from './graph-routes.js';
import { graphError, writeReply } from './replies.js';
import { graphStateReader, type GraphStateReader } from './graph-state.js';
import { seedFlows, seedRoleGroups, seedSets } from './seed.js';
import type { GraphState, RecordedRequest, Reply, Route } from './types.js';

export type { GraphState, RecordedRequest, Reply } from './types.js';
export { ROLE_GROUPS, SEED, SEED_PASSWORDS, STAFF_ROLE_CODES, type RoleGroup } from './seed.js';
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

export interface Emulator extends GraphState, GraphStateReader {
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
  /** The default tenant id (what `organizations` and `common` mean); TENANT_A. */
  tenantId: string;
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
   * connections stay, as a client's pooled sockets would). One emulator per test file, reset
   * before each test.
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
  /** Put the SEED flows in (default true). */
  seedFlows?: boolean;
  /** Initial Entra knobs (they can also be changed later through emu.entra). */
  entra?: Partial<EntraOptions>;
  /** Initial value of emu.graphAcceptsOnlyIssuedTokens (default false). */
  graphAcceptsOnlyIssuedTokens?: boolean;
  /** Initial value of emu.pageSize (default 100). */
  pageSize?: number;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const requests: RecordedRequest[] = [];
  const queues = new Map<string, Reply[]>();
  const entraQueues = new Map<EntraEndpoint, Reply[]>();
  let entra = createEntraState(options.entra);
  const routes: Route[] = []; // filled once the origin is known
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

  /** The default behaviour: the routing table, the bearer check, and a 404 for the rest. */
  function route(request: RecordedRequest): Reply {
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
      flows: emulator.flows,
      graph: emulator,
    });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: RecordedRequest;
    try {
      request = await record(req);
    } catch {
      return; // the client went away mid-body
    }
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
    reply ??= entraEndpoint ? entraQueues.get(entraEndpoint)?.shift() : GRAPH_AREA.test(request.path) ? queues.get(request.method)?.shift() : undefined;
    try {
      reply ??= route(request);
    } catch (e) {
      // A bug in a route must show up in the test, not hang it.
      reply = graphError(500, 'EmulatorError', `The emulator failed: ${(e as Error).stack ?? String(e)}`);
    }
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
  /** The seeded Graph data and the test switches, as a new emulator (or a reset one) has them. */
  const initialGraphState = (): GraphState => ({
    flows: (options.seedFlows ?? true) ? seedFlows(graphUrl) : new Map<string, Record<string, unknown>>(),
    sets: seedSets(),
    roleGroups: seedRoleGroups(),
    resets: [],
    pageSize: options.pageSize ?? 100,
    nextLinkOrigin: undefined,
    ignoreOnPatch: new Set<string>(),
    roleGroupsForbidden: false,
  });
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
      const key = method.toUpperCase();
      queues.set(key, [...(queues.get(key) ?? []), ...replies]);
    },
    tenantId: DEFAULT_TENANT_ID,
    entra,
    oidc,
    queueEntra(endpoint, ...replies) {
      entraQueues.set(endpoint, [...(entraQueues.get(endpoint) ?? []), ...replies]);
    },
    tokenRequests(grantType) {
      const wanted = shortGrantType(grantType);
      return requests.filter((r) => entraEndpointOf(r) === 'token' && (wanted === undefined || grantTypeOf(r) === wanted));
    },
    graphAcceptsOnlyIssuedTokens: options.graphAcceptsOnlyIssuedTokens ?? false,
    ...initialGraphState(),
    ...graphStateReader(() => emulator),
    reset() {
      // Connections stay open: clients keep their pooled sockets, as they would with Graph.
      cancelDelayedReplies();
      requests.length = 0;
      queues.clear();
      entraQueues.clear();
      entra = createEntraState(options.entra);
      oidc = createOidcIssuer(origin);
      routes.length = 0;
      routes.push(...graphRoutes, ...entraRoutes(entra, oidc.verify), ...oidc.routes);
      Object.assign(emulator, { entra, oidc, graphAcceptsOnlyIssuedTokens: options.graphAcceptsOnlyIssuedTokens ?? false, ...initialGraphState() });
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
