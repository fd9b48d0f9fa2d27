// The requests `runs get`, `runs wait` and `plan` make, with the HTTP stub standing in for Graph: a service
// that refuses `$expand=activity` (it is not documented) is asked again without it, and the
// activities are then shown by their names, and a wait judges the run itself.
import { afterEach, expect, test } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeTempDir } from '../helpers/run-cli.js';
import { httpStub, type HttpStub } from '../helpers/http-stub.js';
import { runMain } from '../helpers/run-main.js';
import { fakeJwt } from '../helpers/secrets.js';

const RUN = '918d4a8f-599b-4f6a-b409-e892855db534';
const TOKEN = fakeJwt({ tid: '11111111-2222-3333-4444-555555555555', scp: 'IndustryData-Run.Read.All IndustryData-OutboundFlow.Read.All', exp: 4102444800 });
const run = { id: RUN, displayName: 'Run 2026-12-06 12:00 UTC', startDateTime: '2026-12-06T12:00:00Z', endDateTime: '2026-12-06T12:45:00Z', status: 'completed' };
const activities = { value: [{ '@odata.type': '#microsoft.graph.industryData.outboundFlowActivity', id: 'a1', displayName: 'Contoso user flow', status: 'completed' }] };
const expandRefused = { status: 400, body: { error: { code: 'BadRequest', message: "Parsing OData Select and Expand failed: Could not find a property named 'activity'." } } };

let stub: HttpStub;
afterEach(() => stub.verify());
const cli = (args: string[]) => runMain(args, { http: stub.http, env: { EDU_FLOW_GRAPH_URL: stub.graphUrl, EDU_FLOW_ACCESS_TOKEN: TOKEN } });

test('runs get: $expand refused (400), asked again without it; each activity shown by its name', async () => {
  stub = httpStub();
  stub.on('GET', `/external/industryData/runs/${RUN}`, { body: run });
  stub.on('GET', `/external/industryData/runs/${RUN}/activities`, expandRefused, { body: activities });
  const result = await cli(['runs', 'get', RUN, '-o', 'text']);
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('Contoso user flow');
  expect(stub.calls.filter((c) => c.url.includes('/activities')).map((c) => new URL(c.url).search)).toEqual(['?$expand=activity', '']);
});

test('runs wait: activities that name no flow — the run itself is judged, and the result says so', async () => {
  stub = httpStub();
  const flow = '/external/industryData/outboundProvisioningFlowSets/s1/provisioningFlows/f1';
  stub.on('GET', flow, { body: { '@odata.type': '#microsoft.graph.industryData.userProvisioningFlow', id: 'f1', lastModifiedDateTime: '2026-12-06T09:00:00Z' } });
  stub.on('GET', '/external/industryData/runs', { body: { value: [run] } });
  stub.on('GET', `/external/industryData/runs/${RUN}/activities`, expandRefused, { body: activities });
  const result = await cli(['runs', 'wait', '--set-id', 's1', '--flow-id', 'f1', '-o', 'json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ outcome: 'applied', run: { id: RUN } });
  expect(result.stderr).toContain('do not name their flows');
});

test('plan: a flow list that fails (after its retries) fails the plan with exit 6, and the other reads under way are let finish', async () => {
  stub = httpStub();
  const folder = makeTempDir();
  writeFileSync(path.join(folder, 'edu-flow.json'), '{"format": "edu-flow-folder/1"}');
  const sets = '/external/industryData/outboundProvisioningFlowSets';
  stub.on('GET', sets, {
    body: {
      value: [
        { id: 's1', displayName: 'North' },
        { id: 's2', displayName: 'South' },
      ],
    },
  });
  stub.on('GET', `${sets}/s1/provisioningFlows`, { body: { value: [] } });
  stub.on('GET', `${sets}/s2/provisioningFlows`, { status: 503, body: { error: { code: 'serviceNotAvailable', message: 'busy' } } });
  const result = await cli(['plan', folder, '--retries', '0']);
  expect(result.code).toBe(6);
  expect(stub.calls).toHaveLength(3);
});
