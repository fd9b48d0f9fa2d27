// Unit: doctor's checks of the flows, as pure functions over live sets built by hand — readiness,
// age groups, role-group binds and licence SKUs — with the reads they need given as outcomes
// (a value, a 403, a 5xx, a network failure).
import { describe, expect, test } from '@jest/globals';
import { GraphError, UnavailableError } from '../../src/errors.js';
import type { LiveSetRead } from '../../src/estate/export-files.js';
import { ageGroupChecks } from '../../src/runs/doctor/age-group.js';
import { flowsOf, type DoctorFlow } from '../../src/runs/doctor/flows-of.js';
import { licenceSkuChecks, licenceUsesOf, subscribedSkusOf, type SubscribedSku } from '../../src/runs/doctor/licence-skus.js';
import type { DoctorCheck } from '../../src/runs/doctor/model.js';
import type { ReadOutcome } from '../../src/runs/doctor/read-outcome.js';
import { readinessChecks } from '../../src/runs/doctor/readiness.js';
import { roleGroupBindChecks, roleGroupBindsOf } from '../../src/runs/doctor/role-group-binds.js';

const NS = '#microsoft.graph.industryData';

const graphError = (status: number, message = `HTTP ${status}`): GraphError =>
  new GraphError({ status, message, method: 'GET', url: 'https://graph.example/beta/x' }, { hint: `hint for ${status}` });

function userFlow(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    '@odata.type': `${NS}.userProvisioningFlow`,
    id,
    readinessStatus: 'ready',
    managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } },
    creationOptions: {
      configurations: [
        { roleGroup: { id: 'staff', displayName: 'Staff' }, licenseSkus: ['STANDARDWOFFPACK_FACULTY'] },
        { roleGroup: { id: 'students' }, licenseSkus: ['314c4481-f395-4525-be8b-2ec4bb1e9d91'] },
      ],
    },
    ...extra,
  };
}

const otherFlow = (type: string, id: string, readinessStatus: unknown = 'ready'): Record<string, unknown> => ({ '@odata.type': `${NS}.${type}`, id, readinessStatus });

function live(...sets: [string, Record<string, unknown>[]][]): DoctorFlow[] {
  const read: LiveSetRead[] = sets.map(([name, flows], index) => ({ set: { id: `set-${index + 1}`, displayName: name }, flows }));
  return flowsOf(read);
}

const ok = <T>(value: T): ReadOutcome<T> => ({ ok: true, value });
const failed = (error: unknown): ReadOutcome<never> => ({ ok: false, error });
const only = (checks: DoctorCheck[]): DoctorCheck => {
  expect(checks).toHaveLength(1);
  return checks[0];
};

describe('flowsOf', () => {
  test('each flow with its set, its kind (undefined for a type edu-flow does not know), and its id', () => {
    const flows = live(['North', [userFlow('u1'), otherFlow('futureProvisioningFlow', 'f1')]], ['South', []]);
    expect(flows.map(({ setId, setName, id, kind }) => ({ setId, setName, id, kind }))).toEqual([
      { setId: 'set-1', setName: 'North', id: 'u1', kind: 'user' },
      { setId: 'set-1', setName: 'North', id: 'f1', kind: undefined },
    ]);
  });
});

describe('readiness', () => {
  test('every flow ready: one ok', () => {
    const check = only(readinessChecks(live(['North', [userFlow('u1'), otherFlow('classGroupProvisioningFlow', 'c1')]])));
    expect(check).toMatchObject({ id: 'flow.readiness', status: 'ok', reason: 'all 2 flows are ready' });
  });

  test('each status that is not ready has its own verdict; ready flows are not listed then', () => {
    const flows = live([
      'North',
      [
        otherFlow('classGroupProvisioningFlow', 'ready-1'),
        otherFlow('classGroupProvisioningFlow', 'not-ready', 'notReady'),
        otherFlow('securityGroupProvisioningFlow', 'disabled', 'disabled'),
        otherFlow('administrativeUnitProvisioningFlow', 'failed', 'failed'),
        otherFlow('userProvisioningFlow', 'expired', 'expired'),
        otherFlow('classGroupProvisioningFlow', 'future', 'unknownFutureValue'),
        otherFlow('classGroupProvisioningFlow', 'absent', null),
        otherFlow('classGroupProvisioningFlow', 'odd', 7),
      ],
    ]);
    const checks = readinessChecks(flows);
    const verdicts = checks.map((check) => [check.subject?.match(/\(id (.*)\)$/)?.[1], check.status]);
    expect(verdicts).toEqual([
      ['not-ready', 'warn'],
      ['disabled', 'warn'],
      ['failed', 'fail'],
      ['expired', 'fail'],
      ['future', 'warn'],
      ['absent', 'warn'],
      ['odd', 'warn'],
    ]);
    expect(checks[0].reason).toBe('notReady: SDS has not finished setting it up');
    expect(checks[0].subject).toBe('class group provisioning flow in "North" (id not-ready)');
    expect(checks[4].reason).toContain('readinessStatus unknownFutureValue');
    expect(checks[5].reason).toContain('readinessStatus not given');
    expect(checks[6].reason).toContain('readinessStatus 7');
    expect(checks.every((check) => typeof check.fix === 'string' && check.fix !== '')).toBe(true);
  });

  test('a tenant without flows: a warning (SDS provisions nothing)', () => {
    expect(only(readinessChecks([]))).toMatchObject({ status: 'warn', reason: 'the tenant has no provisioning flows: SDS provisions nothing' });
  });
});

describe('age groups', () => {
  test('every user flow sets studentAgeGroup: one ok naming the values; other flow types do not count', () => {
    const flows = live(
      ['North', [userFlow('u1'), otherFlow('classGroupProvisioningFlow', 'c1')]],
      ['South', [userFlow('u2', { managementOptions: { additionalOptions: { studentAgeGroup: 'adult' } } })]],
    );
    expect(only(ageGroupChecks(flows))).toMatchObject({ id: 'flow.age-group', status: 'ok', reason: 'every user flow sets studentAgeGroup (minor, adult)' });
  });

  test('markAllStudentsAsMinors still there: a warning with the deprecation, the migrate fix and the flow ids', () => {
    const flow = userFlow('u1', { managementOptions: { additionalOptions: { markAllStudentsAsMinors: true, studentAgeGroup: 'minor' } } });
    const check = only(ageGroupChecks(live(['North', [flow]])));
    expect(check.status).toBe('warn');
    expect(check.reason).toBe('it still carries markAllStudentsAsMinors (true), which is deprecated: it stopped returning data on 2025-10-15');
    expect(check.fix).toContain('use studentAgeGroup instead (true → "minor")');
    expect(check.fix).toContain('`edu-flow get --set-id set-1 --flow-id u1 --body | edu-flow migrate | edu-flow update --set-id set-1 --flow-id u1 -f -`');
    expect(check.subject).toBe('user provisioning flow in "North" (id u1)');
  });

  test('markAllStudentsAsMinors without studentAgeGroup: one warning that says both', () => {
    const flow = userFlow('u1', { managementOptions: { additionalOptions: { markAllStudentsAsMinors: false } } });
    const check = only(ageGroupChecks(live(['North', [flow]])));
    expect(check.reason).toContain('markAllStudentsAsMinors (false)');
    expect(check.reason).toContain("no studentAgeGroup, students' ageGroup is not set");
  });

  test.each([
    ['absent', { additionalOptions: {} }],
    ['null', { additionalOptions: { studentAgeGroup: null } }],
    ['no additionalOptions', {}],
    ['managementOptions not an object', 'nonsense'],
  ])('no age-group setting (%s): a warning with the update fix', (_what, managementOptions) => {
    const check = only(ageGroupChecks(live(['North', [userFlow('u1', { managementOptions })]])));
    expect(check).toMatchObject({ status: 'warn', reason: "no age-group setting: students' ageGroup is not set" });
    expect(check.fix).toContain('`edu-flow update --set-id set-1 --flow-id u1 --student-age-group minor`');
  });

  test('no user flow: ok, nothing to check', () => {
    expect(only(ageGroupChecks(live(['North', [otherFlow('classGroupProvisioningFlow', 'c1')]])))).toMatchObject({ status: 'ok' });
  });
});

describe('role-group binds', () => {
  const flows = live(['North', [userFlow('u1')]], ['South', [userFlow('u2', { creationOptions: { configurations: [{ roleGroup: { id: 'teachers' } }] } })]]);
  const binds = roleGroupBindsOf(flows);

  test('binds come from the expanded roleGroup, or from a bind URL; configurations without either are left out', () => {
    const more = live([
      'East',
      [
        userFlow('u3', {
          creationOptions: {
            configurations: [{ 'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/head%20office' }, { licenseSkus: [] }, 'not an object'],
          },
        }),
      ],
    ]);
    expect(roleGroupBindsOf(more).map((bind) => bind.roleGroupId)).toEqual(['head office']);
    expect(binds.map((bind) => `${bind.flow.id}:${bind.roleGroupId}`)).toEqual(['u1:staff', 'u1:students', 'u2:teachers']);
  });

  test('a bind to a role group the tenant lacks fails, naming the flow, the set and the group', () => {
    const checks = roleGroupBindChecks(binds, ok(['staff', 'students']));
    const check = only(checks);
    expect(check).toMatchObject({ id: 'flow.role-groups', status: 'fail', subject: 'user provisioning flow in "South" (id u2)' });
    expect(check.reason).toBe('it binds role group "teachers", which the tenant does not have (it has: staff, students): SDS cannot provision those users');
    expect(check.fix).toContain('edu-flow role-groups list');
  });

  test('every bind holds: one ok', () => {
    expect(only(roleGroupBindChecks(binds, ok(['staff', 'students', 'teachers'])))).toMatchObject({
      status: 'ok',
      reason: 'every bind names a role group the tenant has (staff, students, teachers)',
    });
  });

  test('a 403 on the role groups: a warning, the check skipped and why', () => {
    const check = only(roleGroupBindChecks(binds, failed(graphError(403))));
    expect(check.status).toBe('warn');
    expect(check.reason).toContain('skipped');
    expect(check.reason).toContain('IndustryData-ReferenceDefinition.Read.All');
  });

  test('a 5xx or a network failure fails the check with the message and the hint; never swallowed', () => {
    const server = only(roleGroupBindChecks(binds, failed(graphError(503, 'Service Unavailable'))));
    expect(server).toMatchObject({ status: 'fail', reason: 'could not read the role groups: Service Unavailable', fix: 'hint for 503' });
    const network = only(roleGroupBindChecks(binds, failed(new UnavailableError('graph.example refused the connection'))));
    expect(network).toMatchObject({ status: 'fail', reason: 'could not read the role groups: graph.example refused the connection' });
    expect(network.fix).toContain('--verbose');
  });

  test('no binds: ok without a read', () => {
    expect(only(roleGroupBindChecks([], undefined))).toMatchObject({ status: 'ok' });
  });
});

describe('licence SKUs', () => {
  const flows = live(['North', [userFlow('u1')]], ['South', [userFlow('u2', { creationOptions: { configurations: [{ licenseSkus: ['Sku-Gone', 'Sku-Gone', 42] }] } })]]);
  const uses = licenceUsesOf(flows);
  const subscribed: SubscribedSku[] = subscribedSkusOf([
    { skuId: '314C4481-F395-4525-BE8B-2EC4BB1E9D91', skuPartNumber: 'STANDARDWOFFPACK_STUDENT' },
    { skuId: '94763226-9b3c-4e75-a931-5c89701abe66', skuPartNumber: 'standardwoffpack_faculty' },
    { skuId: 17 },
  ]);
  const appToken = (roles: string[]) => ({ kind: 'application' as const, granted: roles });

  test('uses: every string SKU, once per flow', () => {
    expect(uses.map((use) => `${use.flow.id}:${use.sku}`)).toEqual(['u1:STANDARDWOFFPACK_FACULTY', 'u1:314c4481-f395-4525-be8b-2ec4bb1e9d91', 'u2:Sku-Gone']);
  });

  test('matched by skuId or skuPartNumber, ignoring case; a SKU the tenant lacks fails, naming the SKU, flow and set', () => {
    const check = only(licenceSkuChecks(uses, ok(subscribed), undefined));
    expect(check).toMatchObject({ id: 'flow.licence-skus', status: 'fail', subject: 'user provisioning flow in "South" (id u2)' });
    expect(check.reason).toContain('licence SKU "Sku-Gone" is not one the tenant subscribes to');
    expect(check.reason).toContain('STANDARDWOFFPACK_STUDENT (314C4481-F395-4525-BE8B-2EC4BB1E9D91)');
  });

  test('all subscribed: one ok', () => {
    const check = only(licenceSkuChecks(uses.slice(0, 2), ok(subscribed), undefined));
    expect(check).toMatchObject({ status: 'ok' });
  });

  test('a 403: skipped with a warning, whatever the claims say', () => {
    for (const permissions of [undefined, appToken(['Organization.Read.All'])]) {
      const check = only(licenceSkuChecks(uses, failed(graphError(403)), permissions));
      expect(check).toMatchObject({ status: 'warn', reason: 'skipped: the token may not read subscribedSkus (Organization.Read.All)' });
    }
    expect(only(licenceSkuChecks(uses, failed(graphError(403)), appToken([]))).fix).toContain('Organization.Read.All → Grant admin consent');
  });

  test('another refusal: skipped only when the claims lack every permission that reads it; else a failure', () => {
    expect(only(licenceSkuChecks(uses, failed(graphError(400)), appToken(['IndustryData-OutboundFlow.Read.All']))).status).toBe('warn');
    expect(only(licenceSkuChecks(uses, failed(graphError(400)), appToken(['Directory.Read.All']))).status).toBe('fail');
    // A token that does not say cannot show the permission is absent.
    expect(only(licenceSkuChecks(uses, failed(graphError(401)), undefined)).status).toBe('fail');
  });

  test('throttling, 5xx and network failures fail the check with the message, even when the claims lack the permission', () => {
    for (const error of [graphError(429), graphError(500, 'boom'), new UnavailableError('no answer')]) {
      const check = only(licenceSkuChecks(uses, failed(error), appToken([])));
      expect(check.status).toBe('fail');
      expect(check.reason).toContain('could not read subscribedSkus: ');
    }
  });

  test('no SKU assigned: ok without a read', () => {
    expect(only(licenceSkuChecks([], undefined, undefined))).toMatchObject({ status: 'ok' });
  });
});
