// App registrations (confidential clients) and how the token endpoint authenticates them for the
// client credentials grant: a client secret, a certificate-signed client assertion (RS256 + x5t
// or PS256 + x5t#S256, as MSAL-node signs them), or a federated assertion from the emulator's
// external OIDC issuer (workload identity federation).
import { createHash, X509Certificate, type KeyObject } from 'node:crypto';
import { stableUuid } from './entra-tokens.js';
import { decodeJwt, verifyJwtSignature, type DecodedJwt } from './jwt.js';
import { TOKEN_EXCHANGE_AUDIENCE } from './oidc.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
export const DEFAULT_APP_ROLES = ['IndustryData-OutboundFlow.ReadWrite.All'];

export interface FederatedCredential {
  issuer: string;
  subject: string;
  /** Default 'api://AzureADTokenExchange'. */
  audience?: string;
}

/** What a test passes to emu.entra.registerApp(). */
export interface AppRegistration {
  clientId: string;
  displayName?: string;
  /** Application permissions granted (the token's `roles`); default ['IndustryData-OutboundFlow.ReadWrite.All']. */
  roles?: string[];
  secret?: string;
  /** The certificate (PEM; other blocks such as a private key in the same file are ignored). */
  certificatePem?: string;
  federated?: FederatedCredential[];
}

export interface RegisteredApp {
  clientId: string;
  displayName: string;
  roles: string[];
  secret?: string;
  certificate?: {
    x509: X509Certificate;
    publicKey: KeyObject;
    /** base64url SHA-1 of the DER: the `x5t` header MSAL sends with `thumbprint` (RS256). */
    x5t: string;
    /** base64url SHA-256 of the DER: the `x5t#S256` header MSAL sends with `thumbprintSha256` (PS256). */
    x5tS256: string;
  };
  federated: Required<FederatedCredential>[];
}

/** One client assertion the token endpoint saw, accepted or not. */
export interface AssertionRecord {
  kind: 'certificate' | 'federated' | 'malformed';
  clientId: string;
  tenantId: string;
  accepted: boolean;
  /** The AADSTS number of the refusal. */
  aadsts?: number;
  /** Why it was refused (the error_description without trace/correlation ids). */
  reason?: string;
  header?: Record<string, unknown>;
  claims?: Record<string, unknown>;
  /** The assertion as sent (a secret: tests check it never shows up in output). */
  assertion: string;
}

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

export function registeredApp(registration: AppRegistration): RegisteredApp {
  const { clientId } = registration;
  let certificate: RegisteredApp['certificate'];
  if (registration.certificatePem !== undefined) {
    const block = CERTIFICATE_BLOCK.exec(registration.certificatePem);
    if (!block) throw new Error(`registerApp(${clientId}): certificatePem holds no CERTIFICATE block`);
    const x509 = new X509Certificate(block[0]);
    certificate = {
      x509,
      publicKey: x509.publicKey,
      x5t: createHash('sha1').update(x509.raw).digest('base64url'),
      x5tS256: createHash('sha256').update(x509.raw).digest('base64url'),
    };
  }
  return {
    clientId,
    displayName: registration.displayName ?? `edu-flow CI (${clientId.slice(0, 8)})`,
    roles: [...(registration.roles ?? DEFAULT_APP_ROLES)],
    secret: registration.secret,
    certificate,
    federated: (registration.federated ?? []).map((f) => ({ issuer: f.issuer, subject: f.subject, audience: f.audience ?? TOKEN_EXCHANGE_AUDIENCE })),
  };
}

/** The app's service principal object id in a tenant (the app token's `oid`). */
export const servicePrincipalId = (tenantId: string, clientId: string): string => stableUuid(`sp:${tenantId}:${clientId}`);

export type ClientAuthResult = { ok: true; method: 'secret' | 'certificate' | 'federated' } | { ok: false; status: number; error: string; aadsts: number; description: string };

export interface ClientAuthInput {
  app: RegisteredApp;
  form: Record<string, string>;
  tenantId: string;
  /** `${origin}/${tenant}/oauth2/v2.0/token` as the client reached it: a certificate assertion's `aud`. */
  tokenEndpoint: string;
  /** Verifies a federated assertion's signature (the emulator's external OIDC issuer). */
  verifyExternal(token: string): { ok: true; jwt: DecodedJwt } | { ok: false; reason: string };
  record(assertion: AssertionRecord): void;
}

/** Clock skew Entra tolerates on nbf / iat. */
const SKEW_SECONDS = 300;

const refuse = (status: number, error: string, aadsts: number, description: string): ClientAuthResult => ({ ok: false, status, error, aadsts, description });

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** The time window check shared by both kinds of assertion; a description when it fails. */
function timeProblem(claims: Record<string, unknown>, now: number): string | undefined {
  const { exp, nbf, iat } = claims;
  if (typeof exp !== 'number') return "Client assertion has no numeric 'exp' claim.";
  const from = typeof nbf === 'number' ? nbf : typeof iat === 'number' ? iat : undefined;
  if (nbf !== undefined && typeof nbf !== 'number') return "Client assertion has a non-numeric 'nbf' claim.";
  if (iat !== undefined && typeof iat !== 'number') return "Client assertion has a non-numeric 'iat' claim.";
  const window = `Current time: ${iso(now)}, assertion valid from ${from === undefined ? 'unknown' : iso(from)}, expiry time of assertion ${iso(exp)}.`;
  if (exp <= now) return `Client assertion is not within its valid time range. ${window}`;
  if ((typeof nbf === 'number' && nbf > now + SKEW_SECONDS) || (typeof iat === 'number' && iat > now + SKEW_SECONDS)) {
    return `Client assertion is not within its valid time range (issued or valid from the future). ${window}`;
  }
  return undefined;
}

const audiences = (aud: unknown): string[] => (Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : typeof aud === 'string' ? [aud] : []);

function certificateAssertion(input: ClientAuthInput, jwt: DecodedJwt, done: (accepted: boolean, aadsts?: number, reason?: string) => void): ClientAuthResult {
  const { app } = input;
  const fail = (aadsts: number, description: string) => {
    done(false, aadsts, description);
    return refuse(401, 'invalid_client', aadsts, description);
  };
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') {
    return fail(5002738, `Invalid JWT token. '${String(alg)}' is not a supported signature algorithm. Supported signing algorithms for a certificate are: 'RS256, PS256'.`);
  }
  const thumbprintHeader = alg === 'RS256' ? 'x5t' : 'x5t#S256';
  const thumbprint = jwt.header[thumbprintHeader];
  if (typeof thumbprint !== 'string' || thumbprint === '') {
    return fail(700027, `Client assertion failed signature validation. [Reason - a ${alg} client assertion must carry the '${thumbprintHeader}' header.]`);
  }
  const cert = app.certificate;
  const expected = cert && (alg === 'RS256' ? cert.x5t : cert.x5tS256);
  if (!cert || thumbprint !== expected) {
    return fail(
      700027,
      `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}' (${thumbprintHeader}), ${cert ? 'the app has one other certificate' : 'the app has no certificate'}. Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${app.clientId}'.]`,
    );
  }
  if (!verifyJwtSignature(jwt, alg, cert.publicKey)) {
    return fail(
      700027,
      `Client assertion contains an invalid signature. [Reason - The key was found, but the ${alg} signature verification failed. Thumbprint of key used by client: '${thumbprint}'.]`,
    );
  }
  const now = Math.floor(Date.now() / 1000);
  const validTo = Date.parse(cert.x509.validTo) / 1000;
  const validFrom = Date.parse(cert.x509.validFrom) / 1000;
  if (now > validTo || now < validFrom) {
    return fail(700027, `Client assertion failed signature validation. [Reason - The key used is expired or not yet valid (valid ${iso(validFrom)} to ${iso(validTo)}).]`);
  }
  const aud = audiences(jwt.claims.aud);
  if (!aud.some((a) => a.toLowerCase() === input.tokenEndpoint.toLowerCase())) {
    return fail(
      50013,
      `Assertion audience claim does not match the required value. The audience in the assertion was '${aud.join(', ')}' and the expected audience is '${input.tokenEndpoint}'.`,
    );
  }
  const time = timeProblem(jwt.claims, now);
  if (time) return fail(700024, time);
  done(true);
  return { ok: true, method: 'certificate' };
}

function federatedAssertion(input: ClientAuthInput, assertion: string, jwt: DecodedJwt, done: (accepted: boolean, aadsts?: number, reason?: string) => void): ClientAuthResult {
  const fail = (aadsts: number, description: string) => {
    done(false, aadsts, description);
    return refuse(400, 'invalid_client', aadsts, description);
  };
  const { iss, sub } = jwt.claims;
  const aud = audiences(jwt.claims.aud);
  const presented = `Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${aud.join(', ')}'.`;
  const record = input.app.federated.find((f) => f.issuer === iss && f.subject === sub && aud.includes(f.audience));
  if (!record) {
    return fail(
      70021,
      `No matching federated identity record found for presented assertion. ${presented} https://learn.microsoft.com/entra/workload-id/workload-identity-federation`,
    );
  }
  const verified = input.verifyExternal(assertion);
  if (!verified.ok) {
    return fail(70021, `No matching federated identity record found for presented assertion. ${presented} [Reason - ${verified.reason}.]`);
  }
  const time = timeProblem(jwt.claims, Math.floor(Date.now() / 1000));
  if (time) return fail(700024, time);
  done(true);
  return { ok: true, method: 'federated' };
}

/** Authenticates the client of a client_credentials request (the app is already known). */
export function authenticateClient(input: ClientAuthInput): ClientAuthResult {
  const { app, form } = input;
  const hasSecret = form.client_secret !== undefined && form.client_secret !== '';
  const hasAssertion = form.client_assertion !== undefined && form.client_assertion !== '';
  if (hasSecret && hasAssertion) {
    return refuse(400, 'invalid_request', 90015, "The request has both 'client_secret' and 'client_assertion'; send only one client credential.");
  }
  if (hasSecret) {
    if (app.secret !== undefined && form.client_secret === app.secret) return { ok: true, method: 'secret' };
    return refuse(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  if (!hasAssertion) {
    return refuse(401, 'invalid_client', 7000218, "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
  }
  if (form.client_assertion_type !== JWT_BEARER) {
    return refuse(400, 'invalid_request', 7000216, `'client_assertion_type' must be '${JWT_BEARER}', not '${form.client_assertion_type ?? ''}'.`);
  }

  const assertion = form.client_assertion;
  const jwt = decodeJwt(assertion);
  const base = { clientId: app.clientId, tenantId: input.tenantId, assertion };
  if (!jwt) {
    const reason = 'Invalid JWT token. The client assertion is not a JWS in compact serialization (header.payload.signature).';
    input.record({ ...base, kind: 'malformed', accepted: false, aadsts: 50027, reason });
    return refuse(400, 'invalid_client', 50027, reason);
  }
  // MSAL's certificate assertions are self-issued: iss = sub = client_id. Anything else is a
  // token from another issuer, presented for workload identity federation.
  const kind = jwt.claims.iss === app.clientId && jwt.claims.sub === app.clientId ? 'certificate' : 'federated';
  const done = (accepted: boolean, aadsts?: number, reason?: string) => input.record({ ...base, kind, accepted, aadsts, reason, header: jwt.header, claims: jwt.claims });
  return kind === 'certificate' ? certificateAssertion(input, jwt, done) : federatedAssertion(input, assertion, jwt, done);
}
