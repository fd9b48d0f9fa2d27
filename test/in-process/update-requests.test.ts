// The exact requests an update makes, with the HTTP stub standing in for the whole network: every
// expected request must be made, and no other. main() runs in this process with a fake sleep.
import { afterEach, describe, expect, test } from '@jest/globals';
import { forRead } from '../emulator/graph-common.js';
import { ROLE_GROUPS, SEED } from '../emulator/emulator.js';
import { seedFlows } from '../emulator/seed.js';
import { httpStub, type HttpStub } from '../helpers/http-stub.js';
import { runMain } from '../helpers/run-main.js';
import { fakeJwt, TENANT_ID, USER_TOKEN } from '../helpers/secrets.js';

const FLOW = `/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`;
const USER = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];

let stub: HttpStub;
afterEach(() => stub.verify());

const liveUserFlow = (): Record<string, unknown> => forRead(seedFlows(stub.graphUrl).get(`${SEED.setId}/${SEED.userFlowId}`) as Record<string, unknown>);
const run = (args: string[], token = USER_TOKEN) => runMain(args, { http: stub.http, env: { EDU_FLOW_GRAPH_URL: stub.graphUrl, EDU_FLOW_ACCESS_TOKEN: token } });

describe('update, request by request', () => {
  test('a flag alone: one GET of the flow, one PATCH of the member it changes', async () => {
    stub = httpStub();
    stub.on('GET', FLOW, { body: liveUserFlow() });
    stub.on('PATCH', FLOW, { status: 204 });
    const result = await run(['update', ...USER, '--student-age-group', 'adult']);
    expect(result.code).toBe(0);
    expect(JSON.parse(stub.calls[1].body ?? '')).toEqual({
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      managementOptions: { additionalAttributes: ['userGradeLevel'], additionalOptions: { allowStudentContactAssociation: false, studentAgeGroup: 'adult' } },
    });
    expect(stub.calls[1].headers.authorization).toBe(`Bearer ${USER_TOKEN}`);
  });

  test('a body with role-group binds: the flow and the role groups are read, then the PATCH', async () => {
    stub = httpStub();
    stub.on('GET', FLOW, { body: liveUserFlow() });
    stub.on('GET', '/external/industryData/roleGroups', { body: { value: Object.values(ROLE_GROUPS) } });
    stub.on('PATCH', FLOW, { status: 204 });
    const body = {
      '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow',
      creationOptions: {
        configurations: ['staff', 'students'].map((id) => ({
          'roleGroup@odata.bind': `${stub.graphUrl}/external/industryData/roleGroups/${id}`,
          defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: { $env: 'PW' } },
        })),
      },
    };
    const result = await runMain(['update', ...USER, '-f', '-'], {
      http: stub.http,
      stdin: JSON.stringify(body),
      env: { EDU_FLOW_GRAPH_URL: stub.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN, PW: 'Stub-Password-1!' },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('Stub-Password-1!');
  });

  test('a token without the write permission: exit 4 and no request at all', async () => {
    stub = httpStub();
    const result = await run(['update', ...USER, '--student-age-group', 'adult'], fakeJwt({ tid: TENANT_ID, scp: 'IndustryData-OutboundFlow.Read.All', exp: 4102444800 }));
    expect(result.code).toBe(4);
    expect(stub.calls).toEqual([]);
  });

  test('a reset connection on the PATCH: sent again after an announced wait', async () => {
    stub = httpStub();
    stub.on('GET', FLOW, { body: liveUserFlow() });
    stub.on('PATCH', FLOW, { networkError: 'ECONNRESET' }, { status: 204 });
    const result = await run(['update', ...USER, '--student-age-group', 'adult', '--retries', '1']);
    expect(result.code).toBe(0);
    expect(result.sleeps).toHaveLength(1);
    expect(stub.calls[1].body).toBe(stub.calls[2].body);
    expect(stub.calls[1].headers['client-request-id']).toBe(stub.calls[2].headers['client-request-id']);
  });

  test('a throttled read: the Retry-After is what the run waits', async () => {
    stub = httpStub();
    stub.on('GET', FLOW, { status: 429, headers: { 'retry-after': '2' }, body: { error: { code: 'TooManyRequests', message: 'slow down' } } }, { body: liveUserFlow() });
    stub.on('PATCH', FLOW, { status: 204 });
    const result = await run(['update', ...USER, '--student-age-group', 'adult']);
    expect(result.code).toBe(0);
    expect(result.sleeps).toEqual([2000]);
  });
});

describe('the stub itself', () => {
  test('an expectation no request used, and a request nobody expected, both fail verify()', async () => {
    const unused = httpStub();
    unused.on('GET', FLOW, { body: {} });
    expect(() => unused.verify()).toThrow('expected but not made: GET');
    const surprised = httpStub();
    const result = await runMain(['get', ...USER, '--retries', '0'], { http: surprised.http, env: { EDU_FLOW_GRAPH_URL: surprised.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN } });
    expect(result.code).toBe(6);
    expect(() => surprised.verify()).toThrow('unexpected request: GET');
    stub = httpStub(); // nothing expected of the shared one in this test
  });
});
