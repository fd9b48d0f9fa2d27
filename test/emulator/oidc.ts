// An external OpenID Connect issuer at `${origin}/oidc` (what Kubernetes, GitHub Actions or any
// workload identity provider is to Entra ID), and a stand-in for GitHub Actions' ID token
// endpoint (ACTIONS_ID_TOKEN_REQUEST_URL / ACTIONS_ID_TOKEN_REQUEST_TOKEN).
//
// Its tokens are real RS256 JWTs: the Entra token endpoint verifies federated client assertions
// against this issuer's public key. The keys are committed fixtures, because generating a
// 2048-bit RSA key costs ~0.4 s on the CI machine.
import { createPrivateKey, createPublicKey, randomBytes, randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { decodeJwt, signJwt, verifyJwtSignature, type DecodedJwt } from './jwt.js';
import type { RecordedRequest, Reply, Route } from './types.js';

/** The audience Entra expects in a federated assertion unless a credential says otherwise. */
export const TOKEN_EXCHANGE_AUDIENCE = 'api://AzureADTokenExchange';
/** emu.oidc.githubSubject's initial value: the `sub` GitHub gives a workflow run on main. */
export const DEFAULT_GITHUB_SUBJECT = 'repo:contoso/sds-flows:ref:refs/heads/main';

export interface OidcMintClaims {
  sub: string;
  /** Default TOKEN_EXCHANGE_AUDIENCE. */
  aud?: string;
  /** Default emu.oidc.issuer. */
  iss?: string;
  /** exp = now + this (default 600). 0 or less gives a token that has already expired. */
  expiresInSeconds?: number;
  /** More claims to put in (they win over the computed ones). */
  extra?: Record<string, unknown>;
}

export interface OidcIssuer {
  /** `${origin}/oidc` — also served: /oidc/.well-known/openid-configuration and /oidc/keys (JWKS). */
  readonly issuer: string;
  /** An RS256 JWT signed with the issuer's key: {iss, sub, aud, iat, nbf, exp, jti, ...extra}. */
  mint(claims: OidcMintClaims): string;
  /** Same claims and header (same kid), but signed with another key: must be refused. */
  mintWithWrongKey(claims: OidcMintClaims): string;
  /** The secret the GitHub stand-in requires as `Authorization: Bearer …` (ACTIONS_ID_TOKEN_REQUEST_TOKEN). */
  readonly requestToken: string;
  /** `${origin}/_actions/idtoken?api-version=2.0` (ACTIONS_ID_TOKEN_REQUEST_URL; clients append `&audience=…`). */
  readonly actionsRequestUrl: string;
  /** The `sub` the GitHub stand-in mints for; settable (default DEFAULT_GITHUB_SUBJECT). */
  githubSubject: string;
  /** Every JWT minted so far (mint, mintWithWrongKey and the GitHub stand-in), for leak checks. */
  readonly minted: string[];
}

/** The issuer plus what only the emulator uses. */
export interface OidcStore extends OidcIssuer {
  /** Is this a JWT signed RS256 with the issuer's key? Returns the decoded token if so. */
  verify(token: string): { ok: true; jwt: DecodedJwt } | { ok: false; reason: string };
  routes: Route[];
}

let keys: { signing: KeyObject; wrong: KeyObject; kid: string } | undefined;
function issuerKeys() {
  keys ??= {
    signing: createPrivateKey(readFileSync(new URL('../fixtures/oidc-issuer-key.pem', import.meta.url))),
    wrong: createPrivateKey(readFileSync(new URL('../fixtures/oidc-wrong-key.pem', import.meta.url))),
    kid: 'edu-flow-emulator-oidc-1',
  };
  return keys;
}

function header(request: RecordedRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `repo:OWNER/REPO:ref:REF` → the repository and ref claims GitHub adds beside `sub`. */
function githubClaims(sub: string): Record<string, unknown> {
  const m = /^repo:([^:]+):ref:(.+)$/.exec(sub);
  if (!m) return {};
  const [owner] = m[1].split('/');
  return {
    repository: m[1],
    repository_owner: owner,
    ref: m[2],
    ref_type: m[2].startsWith('refs/tags/') ? 'tag' : 'branch',
    event_name: 'push',
    runner_environment: 'github-hosted',
  };
}

export function createOidcIssuer(origin: string): OidcStore {
  const issuer = `${origin}/oidc`;
  const minted: string[] = [];

  const sign = (key: KeyObject, claims: OidcMintClaims): string => {
    const now = Math.floor(Date.now() / 1000);
    const exp = now + (claims.expiresInSeconds ?? 600);
    const iat = Math.min(now, exp - 60);
    const token = signJwt(
      'RS256',
      { typ: 'JWT', kid: issuerKeys().kid },
      { iss: claims.iss ?? issuer, sub: claims.sub, aud: claims.aud ?? TOKEN_EXCHANGE_AUDIENCE, iat, nbf: iat, exp, jti: randomUUID(), ...claims.extra },
      key,
    );
    minted.push(token);
    return token;
  };

  const oidc: OidcStore = {
    issuer,
    mint: (claims) => sign(issuerKeys().signing, claims),
    mintWithWrongKey: (claims) => sign(issuerKeys().wrong, claims),
    requestToken: randomBytes(24).toString('base64url'),
    actionsRequestUrl: `${origin}/_actions/idtoken?api-version=2.0`,
    githubSubject: DEFAULT_GITHUB_SUBJECT,
    minted,
    verify(token) {
      const jwt = decodeJwt(token);
      if (!jwt) return { ok: false, reason: 'the assertion is not a JWS in compact form' };
      if (jwt.header.alg !== 'RS256') return { ok: false, reason: `the assertion is signed ${String(jwt.header.alg)}, not RS256` };
      if (!verifyJwtSignature(jwt, 'RS256', createPublicKey(issuerKeys().signing))) {
        return { ok: false, reason: "the assertion's signature does not verify with the issuer's keys" };
      }
      return { ok: true, jwt };
    },
    routes: [],
  };

  function discovery(): Reply {
    return {
      status: 200,
      body: {
        issuer,
        jwks_uri: `${issuer}/keys`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public', 'pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'repository', 'ref'],
      },
    };
  }

  function jwks(): Reply {
    const jwk = createPublicKey(issuerKeys().signing).export({ format: 'jwk' });
    return { status: 200, body: { keys: [{ ...jwk, kid: issuerKeys().kid, use: 'sig', alg: 'RS256' }] } };
  }

  /** GitHub's answer shape: {"count":1,"value":"<jwt>"}; errors are {"message":"…"}. */
  function actionsIdToken(ctx: { request: RecordedRequest }): Reply {
    const authorization = header(ctx.request, 'authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer !== oidc.requestToken) {
      return { status: 401, body: { message: bearer === undefined ? 'Bearer token required (ACTIONS_ID_TOKEN_REQUEST_TOKEN).' : 'Invalid or expired request token.' } };
    }
    const query = new URLSearchParams(ctx.request.query);
    if (query.get('api-version') !== '2.0') {
      return { status: 400, body: { message: "The query must keep 'api-version=2.0' from ACTIONS_ID_TOKEN_REQUEST_URL." } };
    }
    const aud = query.get('audience') || TOKEN_EXCHANGE_AUDIENCE;
    const value = oidc.mint({ sub: oidc.githubSubject, aud, extra: githubClaims(oidc.githubSubject) });
    return { status: 200, body: { count: 1, value } };
  }

  oidc.routes = [
    { method: 'GET', path: /^\/oidc\/\.well-known\/openid-configuration$/, auth: 'none', handle: discovery },
    { method: 'GET', path: /^\/oidc\/keys$/, auth: 'none', handle: jwks },
    { method: 'GET', path: /^\/_actions\/idtoken$/, auth: 'none', handle: actionsIdToken },
  ];
  return oidc;
}
