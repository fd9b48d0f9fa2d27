// Tests of the test emulator itself, through node's global fetch (which trusts the emulator's
// certificate because the test script sets NODE_EXTRA_CA_CERTS).
import { describe, expect, test } from '@jest/globals';
import { SEED, startEmulator, type Emulator } from './emulator.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

const AUTH = { authorization: 'Bearer test-token' };
const flowUrl = (flowId: string = SEED.userFlowId, setSegment = 'outboundProvisioningFlowSets') =>
  `${emu.graphUrl}/external/industryData/${setSegment}/${SEED.setId}/provisioningFlows/${flowId}`;
const patch = (body: unknown, headers: Record<string, string> = {}, flowId?: string) =>
  fetch(flowUrl(flowId), {
    method: 'PATCH',
    headers: { ...AUTH, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('default behaviour', () => {
  test('a Graph request without a bearer token is 401 InvalidAuthenticationToken', async () => {
    const attempts: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }];
    for (const headers of attempts) {
      const res = await fetch(flowUrl(), { headers });
      expect(res.status).toBe(401);
      expect(((await res.json()) as any).error.code).toBe('InvalidAuthenticationToken');
    }
    // Unknown Graph paths too: the token is checked before the route.
    expect((await fetch(`${emu.graphUrl}/me`)).status).toBe(401);
  });

  test('GET returns the seeded user flow as Graph does, on either path casing', async () => {
    const res = await fetch(flowUrl(), { headers: AUTH });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('request-id')).toMatch(UUID);
    const flow = (await res.json()) as any;
    expect(flow['@odata.context']).toBe(`${emu.graphUrl}/$metadata#external/industryData/outboundProvisioningFlowSets('${SEED.setId}')/provisioningFlows/$entity`);
    expect(flow).toMatchObject({
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      id: SEED.userFlowId,
      managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } },
    });
    const [staff, students] = flow.creationOptions.configurations;
    expect(staff.roleGroup).toMatchObject({ id: 'staff', displayName: 'Staff' });
    expect(students.roleGroup.id).toBe('students');
    expect(staff.defaultPasswordSettings.password).toBe('***************');

    const pascal = await fetch(flowUrl(SEED.adminUnitFlowId, 'OutboundProvisioningFlowSets'), { headers: AUTH });
    expect(pascal.status).toBe(200);
    expect(((await pascal.json()) as any)['@odata.type']).toBe('#microsoft.graph.industryData.administrativeUnitProvisioningFlow');
  });

  test('every seeded flow type is there', () => {
    const types = [SEED.userFlowId, SEED.classGroupFlowId, SEED.securityGroupFlowId, SEED.adminUnitFlowId].map((id) => emu.flows.get(`${SEED.setId}/${id}`)?.['@odata.type']);
    expect(types).toEqual(['user', 'classGroup', 'securityGroup', 'administrativeUnit'].map((t) => `#microsoft.graph.industryData.${t}ProvisioningFlow`));
  });

  test('PATCH is 204 with no body, and a later GET shows the merged flow', async () => {
    const res = await patch({
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      createUnmatchedUsers: false,
      creationOptions: {
        configurations: [
          {
            'roleGroup@odata.bind': 'https://graph.microsoft.com/beta/external/industryData/roleGroups/students',
            defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: 'S3cret!pass' },
            licenseSkus: ['SkuUpdated'],
          },
        ],
      },
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');

    const flow = (await (await fetch(flowUrl(), { headers: AUTH })).json()) as any;
    expect(flow.createUnmatchedUsers).toBe(false);
    expect(flow.managementOptions.additionalOptions.studentAgeGroup).toBe('minor'); // untouched member kept
    // The bind comes back expanded from the role-group store, as GET shows it.
    expect(flow.creationOptions.configurations).toEqual([
      {
        'roleGroup@odata.context': expect.stringMatching(/\/creationOptions\/configurations\/roleGroup\/\$entity$/),
        roleGroup: { id: 'students', displayName: 'Students', roles: [{ code: 'student' }] },
        defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: '***************' },
        licenseSkus: ['SkuUpdated'],
      },
    ]);
    // The service keeps the password it was sent (a read only ever shows the mask).
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/creationOptions/configurations/0/defaultPasswordSettings/password')).toBe('S3cret!pass');
    // What was sent is on record, as sent.
    expect((emu.requestsTo('PATCH')[0].json as any).creationOptions.configurations[0].defaultPasswordSettings.password).toBe('S3cret!pass');
  });

  test('PATCH of a missing flow is 404; a non-JSON body or content type is 400; unknown routes are 404', async () => {
    const missing = await patch({ createUnmatchedUsers: true }, {}, 'no-such-flow');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).error.code).toBe('itemNotFound');

    expect((await patch('{not json')).status).toBe(400);
    const wrongType = await patch({ createUnmatchedUsers: true }, { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as any).error.code).toBe('BadRequest');

    const other = await fetch(`${emu.graphUrl}/external/industryData/referenceDefinitions`, { headers: AUTH });
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).error.code).toEqual(expect.any(String));
  });
});

describe('scripted replies', () => {
  test('a queued 429 with Retry-After is answered first, then the default', async () => {
    emu.queue('PATCH', { status: 429, headers: { 'Retry-After': '1' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } });
    const first = await patch({ createUnmatchedUsers: false });
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect((await patch({ createUnmatchedUsers: false })).status).toBe(204);
    expect(emu.requestsTo('PATCH')).toHaveLength(2);
  });

  test('graphError sends the Graph error body, echoing client-request-id', async () => {
    emu.queue('PATCH', { graphError: { status: 400, code: 'BadRequest', message: "Invalid value for property 'displayName'." } });
    const res = await patch({ createUnmatchedUsers: false }, { 'client-request-id': 'c1d2e3f4-0000-4000-8000-000000000001' });
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.error).toEqual({
      code: 'BadRequest',
      message: "Invalid value for property 'displayName'.",
      innerError: {
        date: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/),
        'request-id': res.headers.get('request-id'),
        'client-request-id': 'c1d2e3f4-0000-4000-8000-000000000001',
      },
    });
    expect(res.headers.get('request-id')).toMatch(UUID);
    expect(res.headers.get('client-request-id')).toBe('c1d2e3f4-0000-4000-8000-000000000001');
  });

  test('drop resets the connection, and the request is still recorded', async () => {
    emu.queue('GET', { drop: true });
    await expect(fetch(flowUrl(), { headers: AUTH })).rejects.toThrow();
    expect(emu.requestsTo('GET')).toHaveLength(1);
    expect((await fetch(flowUrl(), { headers: AUTH })).status).toBe(200); // queue used up
  });

  test('requestsTo filters by method and keeps what was sent', async () => {
    await fetch(`${flowUrl()}?$select=id`, { headers: AUTH });
    await patch({ createUnmatchedUsers: true });
    await fetch(flowUrl(), { headers: AUTH });
    expect(emu.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'GET']);
    expect(emu.requestsTo('get')).toHaveLength(2);
    const [sent] = emu.requestsTo('PATCH');
    expect(sent.path).toBe(`/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`);
    expect(sent.rawBody).toBe('{"createUnmatchedUsers":true}');
    expect(sent.json).toEqual({ createUnmatchedUsers: true });
    expect(sent.headers.authorization).toBe('Bearer test-token');
    expect(emu.requests[0].query).toBe('$select=id');
  });

  test('close() returns promptly while a delayed reply is pending', async () => {
    // Its own emulator: closing the file's one would end it for the tests after this.
    const own = await startEmulator();
    own.queue('GET', { status: 200, body: {}, delayMs: 60_000 });
    const pending = fetch(`${own.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}`, { headers: AUTH }).then(
      () => 'answered',
      () => 'failed',
    );
    while (own.requests.length === 0) await new Promise((r) => setTimeout(r, 5));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('failed');
  });
});

describe('reset', () => {
  /** Everything a test can observe of the emulator's Graph state and switches. */
  const snapshot = (e: Emulator) => ({
    flows: [...e.flows.entries()],
    sets: [...e.sets.entries()],
    roleGroups: [...e.roleGroups.entries()],
    resets: e.resets,
    pageSize: e.pageSize,
    nextLinkOrigin: e.nextLinkOrigin,
    ignoreOnPatch: [...e.ignoreOnPatch],
    roleGroupsForbidden: e.roleGroupsForbidden,
    graphAcceptsOnlyIssuedTokens: e.graphAcceptsOnlyIssuedTokens,
    requests: e.requests.length,
    issued: e.entra.issued,
    minted: e.oidc.minted.length,
  });

  test('puts back the seed data, every switch and queue, and a fresh Entra ID, on the same port', async () => {
    const fresh = await startEmulator();
    const pristine = snapshot(fresh);
    await fresh.close();
    expect(snapshot(emu)).toEqual({ ...pristine, flows: expect.anything(), requests: 0 });

    const origin = emu.origin;
    expect((await patch({ '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', createUnmatchedUsers: false })).status).toBe(204);
    emu.flows.delete(`${SEED.setId}/${SEED.classGroupFlowId}`);
    emu.sets.clear();
    emu.resets.push('x/y');
    emu.pageSize = 1;
    emu.nextLinkOrigin = 'https://evil.example';
    emu.ignoreOnPatch.add('/createUnmatchedUsers');
    emu.roleGroupsForbidden = true;
    emu.graphAcceptsOnlyIssuedTokens = true;
    emu.entra.interval = 5;
    emu.oidc.mint({ sub: 'repo:x' });
    emu.queue('GET', { status: 503 });
    expect(snapshot(emu)).not.toEqual(pristine);

    emu.reset();
    expect(emu.origin).toBe(origin);
    const after = snapshot(emu);
    expect({ ...after, flows: after.flows.map(([key]) => key) }).toEqual({ ...pristine, flows: pristine.flows.map(([key]) => key), requests: 0 });
    expect(emu.flowValue(SEED.setId, SEED.userFlowId, '/createUnmatchedUsers')).toBe(fresh.flowValue(SEED.setId, SEED.userFlowId, '/createUnmatchedUsers'));
    expect(emu.entra.interval).toBe(fresh.entra.interval);
    // The queued 503 is gone: the next GET gets the seeded flow.
    expect((await fetch(flowUrl(), { headers: AUTH })).status).toBe(200);
  });
});
