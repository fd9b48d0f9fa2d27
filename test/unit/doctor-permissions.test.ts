// Unit: doctor's permission checks, from the claims of made-up tokens (delegated `scp`, app
// `roles`, neither, not a JWT): which are ok, warnings or failures, and the fix each one gives.
import { describe, expect, test } from '@jest/globals';
import type { DoctorCheck } from '../../src/runs/doctor/model.js';
import { grantedPermissions, holdsAny } from '../../src/auth/preflight.js';
import { grantHint, permissionChecks } from '../../src/runs/doctor/permissions.js';
import { fakeJwt } from '../helpers/secrets.js';

const byId = (checks: DoctorCheck[]): Record<string, DoctorCheck> => Object.fromEntries(checks.map((check) => [check.id, check]));
const statuses = (checks: DoctorCheck[]): Record<string, string> => Object.fromEntries(checks.map((check) => [check.id, check.status]));

describe('permissionChecks', () => {
  test('an app with every permission: five checks, all ok, each naming what granted it', () => {
    const token = fakeJwt({
      roles: ['IndustryData-OutboundFlow.ReadWrite.All', 'IndustryData-Run.Start', 'IndustryData-ReferenceDefinition.Read.All'],
    });
    const checks = permissionChecks(token);
    expect(statuses(checks)).toEqual({
      'permissions.read-flows': 'ok',
      'permissions.write-flows': 'ok',
      'permissions.read-runs': 'ok',
      'permissions.start-runs': 'ok',
      'permissions.read-role-groups': 'ok',
    });
    // Run.Start covers reading runs too.
    expect(byId(checks)['permissions.read-runs'].reason).toBe('IndustryData-Run.Start (application)');
    expect(checks.every((check) => check.fix === undefined)).toBe(true);
  });

  test('a delegated token that can only read flows: reading is ok, the rest are warnings, none fails', () => {
    const checks = permissionChecks(fakeJwt({ scp: 'openid profile IndustryData-OutboundFlow.Read.All' }));
    expect(statuses(checks)).toEqual({
      'permissions.read-flows': 'ok',
      'permissions.write-flows': 'warn',
      'permissions.read-runs': 'warn',
      'permissions.start-runs': 'warn',
      'permissions.read-role-groups': 'warn',
    });
    const runs = byId(checks)['permissions.read-runs'];
    expect(runs.reason).toBe(
      'the delegated token lacks IndustryData-Run.Read.All or IndustryData-Run.Start: the runs cannot be read, so whether SDS applied the flows cannot be told',
    );
    // The fix keeps the scopes held, drops the OpenID ones, and asks for the missing one by name.
    expect(runs.fix).toContain('Grant admin consent for IndustryData-Run.Read.All (delegated)');
    expect(runs.fix).toContain('`edu-flow login --scopes IndustryData-OutboundFlow.Read.All,IndustryData-Run.Read.All`');
    expect(byId(checks)['permissions.write-flows'].reason).toContain('doctor itself only reads');
  });

  test('without any flow permission, reading flows fails; the app fix goes through API permissions', () => {
    const checks = permissionChecks(fakeJwt({ roles: ['IndustryData-Run.Read.All'] }));
    const read = byId(checks)['permissions.read-flows'];
    expect(read.status).toBe('fail');
    expect(read.reason).toContain('lacks IndustryData-OutboundFlow.Read.All or IndustryData-OutboundFlow.ReadWrite.All');
    expect(read.fix).toContain('App registrations → the app → API permissions');
    expect(read.fix).toContain('IndustryData-OutboundFlow.Read.All → Grant admin consent');
    expect(byId(checks)['permissions.read-runs'].status).toBe('ok');
    expect(byId(checks)['permissions.start-runs'].status).toBe('warn');
  });

  test('scopes as full URIs and in another letter case still count', () => {
    const checks = permissionChecks(fakeJwt({ scp: 'https://graph.microsoft.com/industrydata-outboundflow.readwrite.all' }));
    expect(byId(checks)['permissions.read-flows'].status).toBe('ok');
    expect(byId(checks)['permissions.write-flows'].status).toBe('ok');
  });

  test.each([
    ['an opaque token', 'not-a-jwt-at-all', 'it is not a JWT'],
    ['a JWT with neither scp nor roles', fakeJwt({ tid: 't', upn: 'someone@school.edu' }), 'it carries neither scp nor roles'],
    ['a JWT whose payload is not JSON', 'aGVhZGVy.bm90IGpzb24.c2ln', 'it is not a JWT'],
  ])('%s: one warning, "cannot tell"', (_what, token, why) => {
    const checks = permissionChecks(token);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ id: 'permissions.token', status: 'warn', reason: `cannot tell: the token does not say (${why})` });
    expect(checks[0].fix).toBeDefined();
  });

  test('roles that are not all strings: the strings count, the rest are ignored', () => {
    const checks = permissionChecks(fakeJwt({ roles: [42, null, 'IndustryData-OutboundFlow.Read.All'] }));
    expect(byId(checks)['permissions.read-flows'].status).toBe('ok');
    expect(byId(checks)['permissions.write-flows'].status).toBe('warn');
  });
});

describe('grantedPermissions, holdsAny, grantHint', () => {
  test('delegated wins over roles when both are there (as the write preflight reads them)', () => {
    expect(grantedPermissions(fakeJwt({ scp: 'A B', roles: ['C'] }))).toEqual({ kind: 'delegated', granted: ['A', 'B'] });
    expect(grantedPermissions(fakeJwt({ roles: ['C'] }))).toEqual({ kind: 'application', granted: ['C'] });
    expect(grantedPermissions('opaque')).toBeUndefined();
  });

  test('holdsAny names the permission found, or nothing', () => {
    const permissions = { kind: 'application' as const, granted: ['Directory.Read.All'] };
    expect(holdsAny(permissions, ['Organization.Read.All', 'directory.read.all'])).toBe('directory.read.all');
    expect(holdsAny(permissions, ['Organization.Read.All'])).toBeUndefined();
  });

  test('a delegated hint names each scope once', () => {
    const hint = grantHint('IndustryData-Run.Start', 'delegated', ['IndustryData-Run.Start', 'offline_access', 'X']);
    expect(hint).toContain('`edu-flow login --scopes IndustryData-Run.Start,X`');
  });
});
