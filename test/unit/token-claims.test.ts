import { describe, expect, test } from '@jest/globals';
import { describePrincipal, readTokenClaims, type TokenClaims } from '../../src/auth/token-claims.js';

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
/** A fake, unsigned JWT: header.payload. (no signature). */
const jwt = (payload: unknown) => `${b64url({ typ: 'JWT', alg: 'none' })}.${b64url(payload)}.`;

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const APP = '0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

describe('readTokenClaims', () => {
  test('a delegated token gives tid and upn', () => {
    const claims = readTokenClaims(jwt({ tid: TENANT, upn: 'admin@lincoln.edu', scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: 1760529600 }));
    expect(claims).toEqual({ tid: TENANT, upn: 'admin@lincoln.edu', scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: 1760529600 });
    expect(claims?.tid).toBe(TENANT);
    expect(describePrincipal(claims)).toBe('admin@lincoln.edu');
  });

  test('a signed token (with a signature part) reads the same', () => {
    expect(readTokenClaims(`${jwt({ tid: TENANT })}c2lnbmF0dXJl`)?.tid).toBe(TENANT);
  });

  test('non-ASCII claims survive base64url', () => {
    expect(readTokenClaims(jwt({ name: 'Jürgen Müller', upn: 'jürgen@schule.de' }))?.upn).toBe('jürgen@schule.de');
  });

  test('padding-free base64url with "-" and "_" decodes', () => {
    const payload = { upn: '???>>>~~~', tid: 'x' };
    const token = jwt(payload);
    expect(token.split('.')[1]).toMatch(/[-_]/);
    expect(readTokenClaims(token)).toEqual(payload);
  });

  test.each([
    ['an opaque token', 'EwBwA8l6BAAUkj1oDq0g4iPzTjQ2qW5e3+abc=='],
    ['two parts', `${b64url({})}.${b64url({ tid: TENANT })}`],
    ['a JWE (five parts)', `a.${b64url({ tid: TENANT })}.c.d.e`],
    ['an empty string', ''],
    ['a payload that is not JSON', `${b64url({})}.${b64url('not json {')}.`],
    ['a payload of base64 garbage', 'eyJhbGciOiJub25lIn0.!!!***.'],
    ['a JSON array payload', `${b64url({})}.${b64url([1, 2])}.`],
    ['a JSON string payload', `${b64url({})}.${b64url('"tid"')}.`],
    ['a null payload', `${b64url({})}.${b64url('null')}.`],
    ['an empty payload', `${b64url({})}..`],
  ])('%s → undefined', (_what, token) => {
    expect(readTokenClaims(token)).toBeUndefined();
  });
});

describe('describePrincipal', () => {
  test('upn, then preferred_username, then unique_name', () => {
    expect(describePrincipal({ upn: 'u@x', preferred_username: 'p@x', unique_name: 'n@x' })).toBe('u@x');
    expect(describePrincipal({ preferred_username: 'p@x', unique_name: 'n@x' })).toBe('p@x');
    expect(describePrincipal({ unique_name: 'n@x' })).toBe('n@x');
  });

  test('an app-only token: "app <name> (<appid>)"', () => {
    const claims = readTokenClaims(jwt({ tid: TENANT, app_displayname: 'SDS Pipeline', appid: APP, roles: ['IndustryData-OutboundFlow.ReadWrite.All'] }));
    expect(describePrincipal(claims)).toBe(`app SDS Pipeline (${APP})`);
    expect(claims?.tid).toBe(TENANT);
  });

  test('an app-only v2 token: azp instead of appid', () => {
    expect(describePrincipal({ app_displayname: 'CI', azp: APP })).toBe(`app CI (${APP})`);
  });

  test('an app without a display name: "app (<appid>)"', () => {
    expect(describePrincipal({ appid: APP })).toBe(`app (${APP})`);
  });

  test('a display name without an id', () => {
    expect(describePrincipal({ app_displayname: 'CI' })).toBe('app CI');
  });

  test('a user name wins over app claims', () => {
    expect(describePrincipal({ upn: 'u@x', appid: APP, app_displayname: 'Graph CLI' })).toBe('u@x');
  });

  test('nothing to say → undefined', () => {
    expect(describePrincipal(undefined)).toBeUndefined();
    expect(describePrincipal({})).toBeUndefined();
    expect(describePrincipal({ tid: TENANT } as TokenClaims)).toBeUndefined();
  });

  test('an opaque token describes no one', () => {
    expect(describePrincipal(readTokenClaims('opaque-token-value'))).toBeUndefined();
  });
});
