// Unit: one tenant's checks over a scripted Graph client (no network): the order of the checks,
// which reads go out (role groups and licences only when a flow refers to them), a failed read
// failing only the checks that needed it, and an interruption ending the run instead of becoming
// a check.
import { describe, expect, test } from '@jest/globals';
import type { Credential } from '../../src/auth/credential.js';
import { GraphError, InterruptedError, UnavailableError } from '../../src/errors.js';
import type { GraphClient, GraphResponse } from '../../src/graph/client.js';
import { tenantChecks } from '../../src/runs/doctor/tenant-checks.js';
import { unreachableCheck } from '../../src/runs/doctor/run-doctor.js';
import { AuthError } from '../../src/errors.js';
import { fakeJwt } from '../helpers/secrets.js';

const NS = '#microsoft.graph.industryData';
const ROOT = '/external/industryData';
const SETS = `${ROOT}/outboundProvisioningFlowSets`;
const TOKEN = fakeJwt({ roles: ['IndustryData-OutboundFlow.ReadWrite.All', 'IndustryData-Run.Start', 'IndustryData-ReferenceDefinition.Read.All'] });
const CREDENTIAL: Credential = { token: TOKEN, source: 'test' };

type Answer = unknown | Error;

/** A Graph client answering each GET path from the table (an Error is thrown), recording the paths asked. */
function scriptedGraph(answers: Record<string, Answer>): { graph: GraphClient; asked: string[] } {
  const asked: string[] = [];
  const graph: GraphClient = {
    baseUrl: 'https://graph.example/beta',
    async request(method, target): Promise<GraphResponse> {
      asked.push(target);
      if (method !== 'GET') throw new Error(`doctor must only read; it sent ${method} ${target}`);
      if (!(target in answers)) throw new Error(`no scripted answer for ${target}`);
      const answer = answers[target];
      if (answer instanceof Error) throw answer;
      return { status: 200, body: answer, clientRequestId: 'c', attempts: 1, credential: CREDENTIAL };
    },
    preflightWrite: async () => CREDENTIAL,
    credential: async () => CREDENTIAL,
  };
  return { graph, asked };
}

const list = (...value: unknown[]) => ({ value });
const userFlow = (configurations: unknown[]) => ({
  '@odata.type': `${NS}.userProvisioningFlow`,
  id: 'u1',
  readinessStatus: 'ready',
  managementOptions: { additionalOptions: { studentAgeGroup: 'minor' } },
  creationOptions: { configurations },
});
const healthy = (): Record<string, Answer> => ({
  [SETS]: list({ id: 's1', displayName: 'North' }),
  [`${SETS}/s1/provisioningFlows`]: list(userFlow([{ roleGroup: { id: 'staff' }, licenseSkus: ['SKU_A'] }])),
  [`${ROOT}/roleGroups`]: list({ id: 'staff' }, { id: 'students' }),
  '/subscribedSkus': list({ skuId: 'a-id', skuPartNumber: 'SKU_A' }),
  [`${ROOT}/runs`]: list({ id: 'r1', startDateTime: '2026-01-01T00:00:00Z', endDateTime: '2026-01-01T01:00:00Z', status: 'completed' }),
});
const graphError = (status: number, message: string) => new GraphError({ status, message, method: 'GET', url: 'https://graph.example/beta/x' });
const run = (graph: GraphClient, signal = new AbortController().signal) => tenantChecks({ graph, token: TOKEN, signal, now: () => new Date('2026-01-01T02:00:00Z') });

describe('tenantChecks', () => {
  test('all well: every check ok, in a fixed order, and nothing but reads', async () => {
    const { graph, asked } = scriptedGraph(healthy());
    const checks = await run(graph);
    expect(checks.map((check) => `${check.id}:${check.status}`)).toEqual([
      'permissions.read-flows:ok',
      'permissions.write-flows:ok',
      'permissions.read-runs:ok',
      'permissions.start-runs:ok',
      'permissions.read-role-groups:ok',
      'flow.readiness:ok',
      'flow.age-group:ok',
      'flow.role-groups:ok',
      'flow.licence-skus:ok',
      'runs.latest:ok',
    ]);
    expect(asked.sort()).toEqual([`${ROOT}/roleGroups`, `${ROOT}/runs`, SETS, `${SETS}/s1/provisioningFlows`, '/subscribedSkus'].sort());
  });

  test('no binds and no licences: the role groups and subscribedSkus are not read', async () => {
    const answers = healthy();
    answers[`${SETS}/s1/provisioningFlows`] = list(userFlow([{}]));
    const { graph, asked } = scriptedGraph(answers);
    await run(graph);
    expect(asked).not.toContain(`${ROOT}/roleGroups`);
    expect(asked).not.toContain('/subscribedSkus');
  });

  test('the flows cannot be read (5xx): each flow check fails with the message; the runs are still checked', async () => {
    const answers = healthy();
    answers[SETS] = graphError(503, 'Service Unavailable');
    const checks = await run(scriptedGraph(answers).graph);
    const flowChecks = checks.filter((check) => check.id.startsWith('flow.'));
    expect(flowChecks.map((check) => check.id)).toEqual(['flow.readiness', 'flow.age-group', 'flow.role-groups', 'flow.licence-skus']);
    for (const check of flowChecks) expect(check).toMatchObject({ status: 'fail', reason: 'could not read the flow sets and flows: Service Unavailable' });
    expect(checks.find((check) => check.id === 'runs.latest')?.status).toBe('ok');
  });

  test('the runs cannot be read (network): only the runs check fails', async () => {
    const answers = healthy();
    answers[`${ROOT}/runs`] = new UnavailableError('graph.example closed the connection');
    const checks = await run(scriptedGraph(answers).graph);
    expect(checks.filter((check) => check.status !== 'ok').map((check) => [check.id, check.status, check.reason])).toEqual([
      ['runs.latest', 'fail', 'could not read the runs: graph.example closed the connection'],
    ]);
  });

  test('403s on role groups, subscribedSkus and runs: three warnings, nothing failed', async () => {
    const answers = healthy();
    for (const path of [`${ROOT}/roleGroups`, '/subscribedSkus', `${ROOT}/runs`]) answers[path] = graphError(403, 'Forbidden');
    const checks = await run(scriptedGraph(answers).graph);
    expect(checks.filter((check) => check.status !== 'ok').map((check) => `${check.id}:${check.status}`)).toEqual([
      'flow.role-groups:warn',
      'flow.licence-skus:warn',
      'runs.latest:warn',
    ]);
  });

  test('an interruption is not a check: it ends the run', async () => {
    const answers = healthy();
    answers[`${ROOT}/runs`] = new InterruptedError('SIGINT');
    await expect(run(scriptedGraph(answers).graph)).rejects.toBeInstanceOf(InterruptedError);
  });

  test('a run already aborted: a read that fails then is the abort, not a failed check', async () => {
    const controller = new AbortController();
    const reason = new InterruptedError('SIGTERM');
    controller.abort(reason);
    const answers = healthy();
    answers[SETS] = new Error('socket torn down by the abort');
    await expect(run(scriptedGraph(answers).graph, controller.signal)).rejects.toBe(reason);
  });
});

describe('unreachableCheck', () => {
  test('one failed check with the error and its hint', () => {
    expect(unreachableCheck(new AuthError('not signed in', { hint: 'run `edu-flow login`' }))).toEqual({
      id: 'tenant.reachable',
      status: 'fail',
      title: 'reach the tenant',
      reason: 'not signed in',
      fix: 'run `edu-flow login`',
    });
    expect(unreachableCheck(new Error('boom')).fix).toContain('edu-flow status');
  });
});
