import { describe, expect, test } from '@jest/globals';
import { checkWritePermission, flowSetWriteWarning, isAppOnlyToken, permissionHint, WRITE_PERMISSION } from '../../src/auth/preflight.js';
import { fakeJwt } from '../helpers/secrets.js';

describe('checkWritePermission: stop a write the token plainly cannot make', () => {
  test.each([
    ['delegated with the scope', { scp: `openid ${WRITE_PERMISSION} profile` }],
    ['delegated, full URI scope', { scp: `https://graph.microsoft.com/${WRITE_PERMISSION}` }],
    ['delegated, other casing', { scp: WRITE_PERMISSION.toLowerCase() }],
    ['app with the role', { roles: ['Other.Read.All', WRITE_PERMISSION] }],
    ['neither claim: cannot tell, let Graph decide', { tid: 't' }],
  ])('%s passes', (_name, claims) => {
    expect(checkWritePermission(fakeJwt(claims))).toBeUndefined();
  });

  test('a token that is not a JWT passes through', () => {
    expect(checkWritePermission('opaque-token-value')).toBeUndefined();
  });

  test('delegated without it: exit 4, names what it has and how to grant (delegated)', () => {
    const refusal = checkWritePermission(fakeJwt({ scp: 'IndustryData-OutboundFlow.Read.All User.Read' }));
    expect(refusal?.exitCode).toBe(4);
    expect(refusal?.message).toContain(`lacks the ${WRITE_PERMISSION} permission`);
    expect(refusal?.message).toContain('IndustryData-OutboundFlow.Read.All, User.Read');
    expect(refusal?.message).toContain('nothing was sent');
    expect(refusal?.hint).toBe(permissionHint('delegated'));
    expect(refusal?.hint).toContain('edu-flow login');
  });

  test('an app without the role: exit 4 with the application-permission steps', () => {
    const refusal = checkWritePermission(fakeJwt({ roles: ['IndustryData-OutboundFlow.Read.All'] }));
    expect(refusal?.exitCode).toBe(4);
    expect(refusal?.hint).toBe(permissionHint('application'));
    expect(refusal?.hint).toContain('Application permissions');
  });

  test('an app with no roles at all', () => {
    expect(checkWritePermission(fakeJwt({ roles: [] }))?.message).toContain('it has: none');
  });
});

describe('app-only flow-set writes', () => {
  const app = fakeJwt({ roles: [WRITE_PERMISSION], idtyp: 'app' });
  const user = fakeJwt({ scp: WRITE_PERMISSION });
  test('isAppOnlyToken', () => {
    expect(isAppOnlyToken(app)).toBe(true);
    expect(isAppOnlyToken(fakeJwt({ roles: [WRITE_PERMISSION] }))).toBe(true);
    expect(isAppOnlyToken(user)).toBe(false);
    expect(isAppOnlyToken('opaque')).toBe(false);
  });
  test.each([
    ['POST', '/external/industryData/outboundProvisioningFlowSets', app, true],
    ['PATCH', '/external/industryData/outboundProvisioningFlowSets/set-1', app, true],
    ['PATCH', '/external/industryData/outboundProvisioningFlowSets/set-1/provisioningFlows/f', app, false],
    ['DELETE', '/external/industryData/outboundProvisioningFlowSets/set-1', app, false],
    ['POST', '/external/industryData/outboundProvisioningFlowSets', user, false],
  ])('%s %s', (method, path, token, warns) => {
    expect(flowSetWriteWarning(method, path, token) !== undefined).toBe(warns);
  });
});

describe('the permission a write needs, by path', () => {
  test('an on-demand run needs IndustryData-Run.Start; flow writes need the flow permission', async () => {
    const { writePermissionFor, RUN_START_PERMISSION } = await import('../../src/auth/preflight.js');
    expect(writePermissionFor('/beta/external/industryData/runs/start')).toBe(RUN_START_PERMISSION);
    expect(writePermissionFor('/beta/external/industryData/runs/microsoft.graph.industryData.start')).toBe(RUN_START_PERMISSION);
    expect(writePermissionFor('/beta/external/industryData/outboundProvisioningFlowSets/s/provisioningFlows/f')).toBe(WRITE_PERMISSION);
    const token = fakeJwt({ scp: 'IndustryData-Run.Start IndustryData-Run.Read.All' });
    expect(checkWritePermission(token, RUN_START_PERMISSION)).toBeUndefined();
    expect(checkWritePermission(token)?.message).toContain(`lacks the ${WRITE_PERMISSION} permission`);
    expect(checkWritePermission(fakeJwt({ roles: [WRITE_PERMISSION] }), RUN_START_PERMISSION)?.hint).toBe(permissionHint('application', RUN_START_PERMISSION));
  });
});

describe('how a signed-in person gets a permission', () => {
  test('one of the default scopes: sign in again; another (the runs): sign in asking for it too', () => {
    expect(permissionHint('delegated')).toContain('run `edu-flow login` again');
    expect(permissionHint('delegated', 'IndustryData-Run.Start')).toContain(
      '`edu-flow login --scopes IndustryData-OutboundFlow.ReadWrite.All,IndustryData-ReferenceDefinition.Read.All,IndustryData-Run.Start`',
    );
  });
});
