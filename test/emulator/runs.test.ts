// School Data Sync runs in the emulator, over real HTTPS: the clock tests move, the default
// schedule, scripted and on-demand runs, activities (with the flow expanded), statistics, the
// on-demand limit and the 10-hour skip, paging, tenants kept apart, subscribedSkus.
import { describe, expect, test } from '@jest/globals';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { DEFAULT_LIMIT_REPLY, FLOW_TYPES, SEED, seedIdsFor, TENANT_A, TENANT_B } from './emulator.js';
import { fakeJwt } from './jwt.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();

const NS = '#microsoft.graph.industryData';
const RUNS = '/external/industryData/runs';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A Sunday morning, 3 hours before the 12:00 UTC slot of the default schedule. */
const T0 = new Date('2026-12-06T09:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const isoAt = (ms: number) => at(ms).toISOString();
const TOKEN = 'test-token';
const TOKEN_B = fakeJwt({ tid: TENANT_B });

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  raw: string;
  body: any;
}

/** One request with node:https (no pooled socket, so reset() and close() leave nothing behind). */
function call(method: string, url: string, options: { token?: string | null; json?: unknown } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(options.json);
  }
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, raw, body: raw === '' ? undefined : JSON.parse(raw) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const graph = (method: string, path: string, options?: { token?: string | null; json?: unknown }) => call(method, `${emu.graphUrl}${path}`, options);

async function listRuns(token = TOKEN): Promise<any[]> {
  const res = await graph('GET', RUNS, { token });
  expect(res.status).toBe(200);
  return res.body.value;
}

async function activities(runId: string, query = '', token = TOKEN): Promise<any[]> {
  const res = await graph('GET', `${RUNS}/${runId}/activities${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.value;
}

const start = (token = TOKEN, json?: unknown) => graph('POST', `${RUNS}/start`, { token, json });

/** The clock at T0, only scripted runs. */
function scriptedOnly(): void {
  emu.clock.set(T0);
  emu.runs().scheduleEvery = null;
}

/** The seeded flows, their activities' names, and the readiness the expand test gives them. */
const SEEDED_FLOWS = [
  [SEED.userFlowId, FLOW_TYPES[0], 'User provisioning (Contoso district flows)', 'ready'],
  [SEED.classGroupFlowId, FLOW_TYPES[1], 'Class group provisioning (Contoso district flows)', 'ready'],
  [SEED.securityGroupFlowId, FLOW_TYPES[2], 'Security group provisioning (Contoso district flows)', 'expired'],
  [SEED.adminUnitFlowId, FLOW_TYPES[3], 'Administrative unit provisioning (Contoso district flows)', 'notReady'],
] as const;

describe('the clock', () => {
  test('reads the real time until set; advance() moves it from where it is and stops it there', () => {
    const before = Date.now();
    const real = emu.clock.now().getTime();
    expect(real).toBeGreaterThanOrEqual(before);
    expect(real).toBeLessThanOrEqual(Date.now());
    emu.clock.advance(HOUR);
    const advanced = emu.clock.now().getTime();
    expect(advanced - real).toBeGreaterThanOrEqual(HOUR);
    expect(advanced - Date.now()).toBeGreaterThan(HOUR - MINUTE);
    expect(emu.clock.now().getTime()).toBe(advanced); // stopped: the real time no longer moves it
    emu.clock.set('2026-12-06T09:00:00Z');
    expect(emu.clock.now().toISOString()).toBe(T0.toISOString());
    emu.clock.advance(-30 * MINUTE);
    expect(emu.clock.now().toISOString()).toBe(isoAt(-30 * MINUTE));
    emu.clock.now = () => at(5 * HOUR);
    emu.clock.advance(MINUTE); // from the replaced reading
    expect(emu.clock.now().toISOString()).toBe(isoAt(5 * HOUR + MINUTE));
  });

  test('a bad time is refused, and a replaced now() that gives no valid Date fails the request loudly', async () => {
    expect(() => emu.clock.set('not a date')).toThrow(RangeError);
    expect(() => emu.clock.set(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => emu.clock.advance(Number.NaN)).toThrow(RangeError);
    expect(() => emu.clock.advance(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    emu.clock.now = () => new Date('garbage');
    const res = await graph('GET', RUNS);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('emu.clock.now() must return a valid Date');
  });

  test('createdDateTime and lastModifiedDateTime of flows and sets are the emulator clock', async () => {
    emu.clock.set(T0);
    const patched = await graph('PATCH', `/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`, {
      json: { '@odata.type': FLOW_TYPES[0], createUnmatchedUsers: false },
    });
    expect(patched.status).toBe(204);
    expect(emu.flow(SEED.setId, SEED.userFlowId)?.lastModifiedDateTime).toBe(T0.toISOString());

    emu.clock.advance(HOUR);
    const created = await graph('POST', `/external/industryData/outboundProvisioningFlowSets/${SEED.emptySetId}/provisioningFlows`, {
      json: { '@odata.type': FLOW_TYPES[2], creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false } },
    });
    expect(created.status).toBe(201);
    expect(created.body.createdDateTime).toBe(isoAt(HOUR));
    expect(created.body.lastModifiedDateTime).toBe(isoAt(HOUR));

    emu.clock.advance(HOUR);
    const set = await graph('POST', '/external/industryData/outboundProvisioningFlowSets', { json: { displayName: 'Clocked set' } });
    expect(set.body.createdDateTime).toBe(isoAt(2 * HOUR));
    emu.clock.advance(HOUR);
    expect((await graph('PATCH', `/external/industryData/outboundProvisioningFlowSets/${set.body.id}`, { json: { displayName: 'Renamed' } })).status).toBe(204);
    expect(emu.flowSet(set.body.id)?.lastModifiedDateTime).toBe(isoAt(3 * HOUR));
  });
});

describe('runs over time', () => {
  test('a scripted run is not listed before its start, is running until start + duration, then shows its outcome', async () => {
    scriptedOnly();
    const id = emu.runs().schedule({ startAt: at(HOUR), durationMs: 30 * MINUTE, status: 'completedWithWarnings' });
    expect(id).toMatch(GUID);
    expect(await listRuns()).toEqual([]);
    expect((await graph('GET', `${RUNS}/${id}`)).status).toBe(404);

    emu.clock.advance(HOUR);
    const running = await listRuns();
    expect(running).toEqual([
      {
        '@odata.type': `${NS}.industryDataRun`,
        id,
        displayName: 'Run 2026-12-06 10:00 UTC',
        startDateTime: isoAt(HOUR),
        endDateTime: null,
        status: 'running',
        blockingError: null,
      },
    ]);
    const got = await graph('GET', `${RUNS}/${id}`);
    expect(got.status).toBe(200);
    expect(got.body['@odata.context']).toBe(`${emu.graphUrl}/$metadata#external/industryData/runs/$entity`);
    expect(got.body).toMatchObject(running[0]);

    emu.clock.advance(30 * MINUTE - 1);
    expect((await listRuns())[0].status).toBe('running');
    emu.clock.advance(1);
    const [ended] = await listRuns();
    expect(ended).toMatchObject({ status: 'completedWithWarnings', endDateTime: isoAt(90 * MINUTE), blockingError: null });
  });

  test('a failed run shows its blockingError only once it has ended', async () => {
    scriptedOnly();
    const blockingError = { code: 'sourceSystemUnavailable', message: 'The source system did not answer.' };
    const id = emu.runs().schedule({ startAt: T0, status: 'failed', blockingError });
    expect((await graph('GET', `${RUNS}/${id}`)).body).toMatchObject({ status: 'running', blockingError: null });
    emu.clock.advance(45 * MINUTE);
    expect((await graph('GET', `${RUNS}/${id}`)).body).toMatchObject({ status: 'failed', blockingError, endDateTime: isoAt(45 * MINUTE) });
  });

  test('the default schedule: nothing before the first reading, then a run at 12:00 and 00:00 UTC as the clock passes them', async () => {
    emu.clock.set(T0);
    expect(await listRuns()).toEqual([]); // the 00:00 run of that day is not invented
    emu.clock.advance(3 * HOUR - 1);
    expect(await listRuns()).toEqual([]);
    emu.clock.advance(1);
    const [noon] = await listRuns();
    expect(noon).toMatchObject({ displayName: 'Run 2026-12-06 12:00 UTC', startDateTime: '2026-12-06T12:00:00.000Z', status: 'running', endDateTime: null });
    expect(emu.runs().list()).toEqual([expect.objectContaining({ id: noon.id, kind: 'scheduled', origin: 'schedule', durationMs: 45 * MINUTE })]);
    emu.clock.advance(45 * MINUTE);
    expect((await listRuns())[0]).toMatchObject({ id: noon.id, status: 'completed', endDateTime: '2026-12-06T12:45:00.000Z' });
    expect((await activities(noon.id)).map((a) => a.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    emu.clock.set('2026-12-07T00:10:00Z');
    const runs = await listRuns();
    expect(runs.map((r) => [r.displayName, r.status])).toEqual([
      ['Run 2026-12-07 00:00 UTC', 'running'],
      ['Run 2026-12-06 12:00 UTC', 'completed'],
    ]);

    // Switched off: the clock passes 12:00 without a new run.
    emu.runs().scheduleEvery = null;
    emu.clock.set('2026-12-07T13:00:00Z');
    expect(await listRuns()).toHaveLength(2);
  });

  test('a scripted scheduled run stands in for the default run of the nearest slot', async () => {
    emu.clock.set(T0);
    const id = emu.runs().schedule({ startAt: at(2 * HOUR + 10 * MINUTE) }); // 11:10, the 12:00 slot's
    emu.clock.set('2026-12-06T13:00:00Z');
    expect((await listRuns()).map((r) => r.id)).toEqual([id]);
    emu.clock.set('2026-12-07T00:01:00Z');
    expect((await listRuns()).map((r) => r.displayName)).toEqual(['Run 2026-12-07 00:00 UTC', 'Run 2026-12-06 11:10 UTC']);
  });

  test('a clock moved years at once with the schedule on is a mistake the request reports', async () => {
    emu.clock.set(T0);
    await listRuns();
    emu.clock.advance(20 * 365 * 24 * HOUR);
    const res = await graph('GET', RUNS);
    expect(res.status).toBe(500);
    expect(res.body.error.message).toContain('scheduleEvery = null');
  });
});

describe('activities', () => {
  test('one per flow at the start, outboundFlowActivity, inProgress while running; $expand=activity brings the flow', async () => {
    scriptedOnly();
    const id = emu.runs().schedule({ startAt: T0 });
    const plain = await activities(id);
    expect(plain).toHaveLength(4);
    for (const [i, [, , displayName]] of SEEDED_FLOWS.entries()) {
      expect(plain[i]).toEqual({ '@odata.type': `${NS}.outboundFlowActivity`, id: expect.stringMatching(GUID), displayName, status: 'inProgress', blockingError: null });
      expect(plain[i]).not.toHaveProperty('activity');
    }
    expect(new Set(plain.map((a) => a.id)).size).toBe(4);

    // The expanded flow shows its readiness as it is now.
    for (const [flowId, , , readiness] of SEEDED_FLOWS) emu.flows.get(`${SEED.setId}/${flowId}`)!.readinessStatus = readiness;
    const expanded = await activities(id, '?$expand=activity');
    expect(expanded.map((a) => a.activity)).toEqual(SEEDED_FLOWS.map(([flowId, type, , readiness]) => ({ '@odata.type': type, id: flowId, readinessStatus: readiness })));
    expect(expanded.map((a) => a.id)).toEqual(plain.map((a) => a.id)); // the same activities, read again
    expect((await activities(id, '?%24expand=activity')).map((a) => a.activity.id)).toEqual(SEEDED_FLOWS.map(([flowId]) => flowId));

    const one = await graph('GET', `${RUNS}/${id}/activities/${plain[1].id}?$expand=activity`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: plain[1].id, activity: { id: SEED.classGroupFlowId } });
    expect((await graph('GET', `${RUNS}/${id}/activities/no-such-activity`)).status).toBe(404);
  });

  test('an $expand of anything but activity is 400', async () => {
    scriptedOnly();
    const id = emu.runs().schedule({ startAt: T0 });
    const res = await graph('GET', `${RUNS}/${id}/activities?$expand=flow`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain("'flow'");
  });

  test('a disabled flow is skipped from the start; scripted activities end as scripted, the rest as the run', async () => {
    scriptedOnly();
    emu.flows.get(`${SEED.setId}/${SEED.adminUnitFlowId}`)!.readinessStatus = 'disabled';
    const error = { code: 'classGroupLimit', message: 'Too many classes.' };
    const id = emu.runs().schedule({ startAt: T0, status: 'completedWithErrors', activities: { [SEED.classGroupFlowId]: { status: 'failed', blockingError: error } } });
    expect((await activities(id)).map((a) => a.status)).toEqual(['inProgress', 'inProgress', 'inProgress', 'skipped']);
    emu.clock.advance(45 * MINUTE);
    const ended = await activities(id, '?$expand=activity');
    expect(ended.map((a) => [a.status, a.blockingError])).toEqual([
      ['completedWithErrors', null],
      ['failed', error],
      ['completedWithErrors', null],
      ['skipped', null],
    ]);
    expect(ended[3].activity.readinessStatus).toBe('disabled');
  });

  test('a flow created after the run started has no activity in it, and one in the next run', async () => {
    scriptedOnly();
    const first = emu.runs().schedule({ startAt: T0 });
    emu.clock.advance(10 * MINUTE);
    const created = await graph('POST', `/external/industryData/outboundProvisioningFlowSets/${SEED.emptySetId}/provisioningFlows`, {
      json: { '@odata.type': FLOW_TYPES[2], creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false } },
    });
    expect(created.status).toBe(201);
    expect((await activities(first, '?$expand=activity')).map((a) => a.activity.id)).not.toContain(created.body.id);
    expect(await activities(first)).toHaveLength(4);

    const second = emu.runs().schedule({ startAt: at(HOUR) });
    emu.clock.advance(HOUR);
    const later = await activities(second, '?$expand=activity');
    expect(later).toHaveLength(5);
    expect(later[4]).toMatchObject({ displayName: `Security group provisioning (${SEED.emptySetDisplayName})`, activity: { id: created.body.id, readinessStatus: 'notReady' } });
  });

  test('a flow deleted since the run shows activity: null when expanded', async () => {
    scriptedOnly();
    const id = emu.runs().schedule({ startAt: T0 });
    expect(await activities(id)).toHaveLength(4);
    emu.flows.delete(`${SEED.setId}/${SEED.userFlowId}`);
    const expanded = await activities(id, '?$expand=activity');
    expect(expanded).toHaveLength(4);
    expect(expanded[0].activity).toBeNull();
  });
});

describe('getStatistics', () => {
  test('runId, status, activityStatistics and integer inboundTotals, the same on every read', async () => {
    scriptedOnly();
    const id = emu.runs().schedule({ startAt: T0, status: 'completedWithErrors' });
    const other = emu.runs().schedule({ startAt: T0 });
    emu.clock.advance(HOUR);
    const res = await graph('GET', `${RUNS}/${id}/getStatistics`);
    expect(res.status).toBe(200);
    expect(res.body['@odata.context']).toBe(`${emu.graphUrl}/$metadata#microsoft.graph.industryData.industryDataRunStatistics`);
    expect(res.body).toMatchObject({ '@odata.type': `${NS}.industryDataRunStatistics`, runId: id, status: 'completedWithErrors', activityStatistics: [] });
    const totals = res.body.inboundTotals;
    for (const key of ['people', 'groups', 'organizations', 'memberships', 'errors', 'warnings']) expect(Number.isInteger(totals[key])).toBe(true);
    expect(totals.errors).toBeGreaterThan(0);
    expect(totals.warnings).toBe(0);
    expect(totals.matchedPeopleByRole.reduce((n: number, r: { count: number }) => n + r.count, 0)).toBe(totals.people);
    // The same run, the same numbers; the SDKs' qualified function name answers alike.
    const again = await graph('GET', `${RUNS}/${id}/microsoft.graph.industryData.getStatistics()`);
    expect(again.body.inboundTotals).toEqual(totals);
    const clean = (await graph('GET', `${RUNS}/${other}/getStatistics`)).body.inboundTotals;
    expect(clean.errors).toBe(0);
    expect(clean.people).not.toBe(totals.people);
  });

  test('scripted totals and activity statistics replace the derived ones', async () => {
    scriptedOnly();
    const activityStatistics = [{ '@odata.type': `${NS}.inboundActivityResults`, activityId: 'a1', displayName: 'Inbound', status: 'completed', errors: 2, warnings: 0 }];
    const id = emu.runs().schedule({ startAt: T0, durationMs: 0, inboundTotals: { people: 7, errors: 2 }, activityStatistics });
    const body = (await graph('GET', `${RUNS}/${id}/getStatistics`)).body;
    expect(body.inboundTotals).toMatchObject({ people: 7, errors: 2 });
    expect(body.activityStatistics).toEqual(activityStatistics);
    expect(body.status).toBe('completed');
  });
});

describe('unknown runs', () => {
  test('404 itemNotFound for the run, its activities and its statistics', async () => {
    for (const path of [`${RUNS}/nope`, `${RUNS}/nope/activities`, `${RUNS}/nope/getStatistics`]) {
      const res = await graph('GET', path);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('itemNotFound');
      expect(res.body.error.message).toContain("'nope'");
    }
  });

  test('runs need a bearer token like every Graph route', async () => {
    expect((await graph('GET', RUNS, { token: null })).status).toBe(401);
    expect((await graph('POST', `${RUNS}/start`, { token: null })).status).toBe(401);
  });
});

describe('on-demand runs', () => {
  test('POST …/runs/start: 202 without a body, and a running on-demand run is listed first', async () => {
    emu.clock.set(T0);
    const earlier = emu.runs().schedule({ startAt: at(-HOUR), durationMs: 0 });
    const res = await start(TOKEN, { ignored: true }); // a body is ignored
    expect(res.status).toBe(202);
    expect(res.raw).toBe('');
    const runs = await listRuns();
    expect(runs.map((r) => r.id)[1]).toBe(earlier);
    expect(runs[0]).toMatchObject({ status: 'running', startDateTime: T0.toISOString(), displayName: 'Run 2026-12-06 09:00 UTC', endDateTime: null });
    const [started] = emu.runs().startedOnDemand();
    expect(started).toMatchObject({ id: runs[0].id, kind: 'onDemand', origin: 'start', status: 'running' });
    expect(started.activities).toHaveLength(4);
    // The SDKs' qualified action name starts one too.
    expect((await graph('POST', `${RUNS}/microsoft.graph.industryData.start`)).status).toBe(202);
    expect(emu.runs().startedOnDemand()).toHaveLength(2);
  });

  test('nextOnDemand scripts the next start once', async () => {
    scriptedOnly();
    emu.runs().nextOnDemand = { status: 'failed', durationMs: 5 * MINUTE, blockingError: { code: 'x', message: 'y' } };
    expect((await start()).status).toBe(202);
    expect(emu.runs().nextOnDemand).toBeUndefined();
    expect((await start()).status).toBe(202);
    emu.clock.advance(HOUR);
    expect((await listRuns()).map((r) => [r.status, r.endDateTime])).toEqual([
      ['completed', isoAt(45 * MINUTE)],
      ['failed', isoAt(5 * MINUTE)],
    ]);
  });

  test('the sixth start within 12 hours gets the limit reply; the limit frees up as the clock passes 12 hours', async () => {
    scriptedOnly();
    for (let i = 0; i < 5; i++) {
      expect((await start()).status).toBe(202);
      emu.clock.advance(MINUTE);
    }
    const refused = await start();
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('activityLimitReached');
    expect(refused.body.error.message).toMatch(/five successful runs every 12 hours/);
    expect(emu.runs().startedOnDemand()).toHaveLength(5);
    emu.clock.set(at(12 * HOUR - 1));
    expect((await start()).status).toBe(429);
    emu.clock.set(at(12 * HOUR)); // the first start has left the window
    expect((await start()).status).toBe(202);
    expect((await start()).status).toBe(429);
  });

  test('failed runs do not count toward the limit; scheduled and running ones do', async () => {
    scriptedOnly();
    emu.runs().schedule({ startAt: at(-HOUR), status: 'failed', durationMs: 0 });
    emu.runs().schedule({ startAt: at(-2 * HOUR), durationMs: 0 });
    emu.runs().schedule({ startAt: at(-13 * HOUR), durationMs: 0 }); // outside the window
    for (let i = 0; i < 4; i++) expect((await start()).status).toBe(202);
    expect((await start()).status).toBe(429);
  });

  test('limitReply switches the refusal to another status and code', async () => {
    scriptedOnly();
    emu.runs().limitReply = { status: 409, code: 'conflict', message: 'Run limit reached.', headers: { 'Retry-After': '3600' } };
    for (let i = 0; i < 5; i++) await start();
    const refused = await start();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'conflict', message: 'Run limit reached.' });
    expect(refused.headers['retry-after']).toBe('3600');
    expect(DEFAULT_LIMIT_REPLY.status).toBe(429);
  });

  test('an on-demand start skips the next scheduled run due within 10 hours; one due later runs', async () => {
    emu.clock.set(T0); // 09:00: the 12:00 run is 3 hours away
    expect((await start()).status).toBe(202);
    emu.clock.set('2026-12-06T13:00:00Z');
    expect((await listRuns()).map((r) => r.startDateTime)).toEqual([T0.toISOString()]);
    emu.clock.set('2026-12-07T00:05:00Z'); // the 00:00 run was 15 hours after the start
    expect((await listRuns()).map((r) => r.startDateTime)).toEqual(['2026-12-07T00:00:00.000Z', T0.toISOString()]);

    // At 01:00 the next run (12:00) is 11 hours away: not skipped.
    emu.clock.set('2026-12-07T01:00:00Z');
    expect((await start()).status).toBe(202);
    emu.clock.set('2026-12-07T12:01:00Z');
    expect((await listRuns()).map((r) => r.startDateTime)).toEqual(['2026-12-07T12:00:00.000Z', '2026-12-07T01:00:00.000Z', '2026-12-07T00:00:00.000Z', T0.toISOString()]);
  });
});

describe('paging and tenants', () => {
  test('runs and activities page by emu.pageSize, newest run first', async () => {
    scriptedOnly();
    const ids = [1, 2, 3, 4, 5].map((h) => emu.runs().schedule({ startAt: at(-h * HOUR), durationMs: 0 }));
    emu.pageSize = 2;
    const seen: string[] = [];
    let url: string | undefined = `${emu.graphUrl}${RUNS}`;
    let pages = 0;
    while (url !== undefined) {
      const res = await call('GET', url);
      expect(res.status).toBe(200);
      expect(res.body.value.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.value.map((r: { id: string }) => r.id));
      url = res.body['@odata.nextLink'];
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids);

    const first = await graph('GET', `${RUNS}/${ids[0]}/activities?$expand=activity`);
    expect(first.body.value).toHaveLength(2);
    expect(first.body['@odata.nextLink']).toContain('$expand=activity');
    const second = await call('GET', first.body['@odata.nextLink']);
    expect(second.body.value.map((a: { activity: { id: string } }) => a.activity.id)).toEqual([SEED.securityGroupFlowId, SEED.adminUnitFlowId]);
    expect(second.body['@odata.nextLink']).toBeUndefined();
  });

  test("each tenant has its own runs, activities and limit; emu.runs() is the default tenant's", async () => {
    emu.clock.set(T0);
    emu.runs().scheduleEvery = null;
    const b = emu.runs(TENANT_B);
    b.scheduleEvery = null;
    expect(emu.runs(TENANT_A)).toBe(emu.runs());
    expect(emu.runs(TENANT_B)).toBe(emu.tenant(TENANT_B).tenantRuns);
    const inB = b.schedule({ startAt: T0 });
    expect(await listRuns()).toEqual([]);
    expect((await listRuns(TOKEN_B)).map((r) => r.id)).toEqual([inB]);
    expect((await graph('GET', `${RUNS}/${inB}`)).status).toBe(404);
    const idsB = seedIdsFor(TENANT_B);
    expect((await activities(inB, '?$expand=activity', TOKEN_B)).map((a) => a.activity.id)).toEqual([
      idsB.userFlowId,
      idsB.classGroupFlowId,
      idsB.securityGroupFlowId,
      idsB.adminUnitFlowId,
    ]);
    // The scripted run, still running, is one of the five.
    for (let i = 0; i < 4; i++) expect((await start(TOKEN_B)).status).toBe(202);
    expect((await start(TOKEN_B)).status).toBe(429);
    expect((await start()).status).toBe(202); // the default tenant's limit is its own
    expect(b.startedOnDemand()).toHaveLength(4);
    expect(emu.runs().startedOnDemand()).toHaveLength(1);
  });
});

describe('the runs API for tests', () => {
  test('list() holds every run by start, with runs still ahead as notStarted', () => {
    scriptedOnly();
    const later = emu.runs().schedule({ startAt: at(HOUR), kind: 'onDemand' });
    const now = emu.runs().schedule({ startAt: T0 });
    expect(
      emu
        .runs()
        .list()
        .map((r) => [r.id, r.status, r.kind, r.activities.length]),
    ).toEqual([
      [now, 'running', 'scheduled', 4],
      [later, 'notStarted', 'onDemand', 0],
    ]);
    expect(emu.runs().find(later)).toBeUndefined();
    expect(
      emu
        .runs()
        .started()
        .map((r) => r.id),
    ).toEqual([now]);
  });

  test('bad scripts and switches are refused with the member named', () => {
    const runs = emu.runs();
    expect(() => runs.schedule({ startAt: new Date('nope') })).toThrow(/startAt/);
    expect(() => runs.schedule({ startAt: '2026-12-06' as unknown as Date })).toThrow(/startAt/);
    expect(() => runs.schedule({ startAt: T0, status: 'running' as 'completed' })).toThrow(/status/);
    expect(() => runs.schedule({ startAt: T0, kind: 'manual' as 'onDemand' })).toThrow(/kind/);
    expect(() => runs.schedule({ startAt: T0, durationMs: -1 })).toThrow(/durationMs/);
    expect(() => runs.schedule({ startAt: T0, activities: { x: { status: 'inProgress' as 'completed' } } })).toThrow(/activities\[x\]\.status/);
    expect(() => runs.schedule({ startAt: T0, blockingError: 'boom' as unknown as null })).toThrow(/blockingError/);
    expect(() => runs.schedule({ startAt: T0, activityStatistics: [1] as unknown as Record<string, unknown>[] })).toThrow(/activityStatistics/);
    expect(() => {
      runs.scheduleEvery = 1000;
    }).toThrow(RangeError);
    expect(() => {
      runs.defaultDurationMs = Number.NaN;
    }).toThrow(RangeError);
    expect(() => {
      runs.nextOnDemand = { status: 'done' as 'completed' };
    }).toThrow(/nextOnDemand\.status/);
    expect(() => {
      runs.limitReply = { status: 202, code: 'x', message: 'y' };
    }).toThrow(/limitReply\.status/);
    expect(() => {
      runs.limitReply = { status: 429, code: '', message: 'y' };
    }).toThrow(/limitReply\.code/);
    expect(runs.list()).toEqual([]); // nothing was added by the refused calls
    expect(runs.scheduleEvery).toBe(12 * HOUR);
    expect(runs.limitReply).toEqual(DEFAULT_LIMIT_REPLY);
  });

  test('reset() clears the runs and the switches, and puts the real time back on the same clock', async () => {
    const clock = emu.clock;
    emu.clock.set('2030-01-01T00:00:00Z');
    emu.runs().scheduleEvery = null;
    emu.runs().nextOnDemand = { status: 'failed' };
    emu.runs().schedule({ startAt: new Date('2029-12-31T23:00:00Z') });
    emu.runs(TENANT_B).schedule({ startAt: new Date('2029-12-31T23:00:00Z') });
    expect(await listRuns()).toHaveLength(1);
    emu.reset();
    expect(emu.clock).toBe(clock);
    expect(Math.abs(emu.clock.now().getTime() - Date.now())).toBeLessThan(MINUTE);
    expect(emu.runs().list()).toEqual([]);
    expect(emu.runs().scheduleEvery).toBe(12 * HOUR);
    expect(emu.runs().nextOnDemand).toBeUndefined();
    expect(emu.runs(TENANT_B).list()).toEqual([]);
  });
});

describe('seeded readiness', () => {
  test('the seeded flows: user, class group and security group ready, administrative unit notReady; a created flow notReady', async () => {
    const seeded = [SEED.userFlowId, SEED.classGroupFlowId, SEED.securityGroupFlowId, SEED.adminUnitFlowId].map((flowId) => emu.flow(SEED.setId, flowId)?.readinessStatus);
    expect(seeded).toEqual(['ready', 'ready', 'ready', 'notReady']);
    const idsB = seedIdsFor(TENANT_B);
    expect(emu.tenant(TENANT_B).flow(idsB.setId, idsB.userFlowId)?.readinessStatus).toBe('ready');
    const created = await graph('POST', `/external/industryData/outboundProvisioningFlowSets/${SEED.emptySetId}/provisioningFlows`, {
      json: { '@odata.type': FLOW_TYPES[2], creationOptions: { createBasedOnRoleGroup: true, createBasedOnOrgPlusRoleGroup: false } },
    });
    expect(created.body.readinessStatus).toBe('notReady');
  });
});

describe('subscribedSkus', () => {
  test('beta and v1.0 list the tenant SKUs in the subscribedSku shape: Sku1 but not Sku2', async () => {
    for (const version of ['beta', 'v1.0']) {
      const res = await call('GET', `${emu.origin}/${version}/subscribedSkus`, { token: TOKEN });
      expect(res.status).toBe(200);
      expect(res.body['@odata.context']).toBe(`${emu.origin}/${version}/$metadata#subscribedSkus`);
      const skus = res.body.value;
      expect(skus.map((s: { skuPartNumber: string }) => s.skuPartNumber)).toContain('Sku1');
      expect(skus.map((s: { skuPartNumber: string }) => s.skuPartNumber)).not.toContain('Sku2');
      for (const sku of skus) {
        expect(Object.keys(sku).sort()).toEqual(
          ['accountId', 'accountName', 'appliesTo', 'capabilityStatus', 'consumedUnits', 'id', 'prepaidUnits', 'servicePlans', 'skuId', 'skuPartNumber', 'subscriptionIds'].sort(),
        );
        expect(sku).toMatchObject({ accountId: TENANT_A, appliesTo: 'User', capabilityStatus: 'Enabled', skuId: expect.stringMatching(GUID) });
        expect(sku.id).toBe(`${TENANT_A}_${sku.skuId}`);
        expect(Object.keys(sku.prepaidUnits).sort()).toEqual(['enabled', 'lockedOut', 'suspended', 'warning']);
        expect(Number.isInteger(sku.consumedUnits)).toBe(true);
        expect(sku.servicePlans.length).toBeGreaterThan(0);
      }
    }
  });

  test('tests change the list per tenant, and subscribedSkusForbidden answers 403 Authorization_RequestDenied', async () => {
    emu.tenant(TENANT_B).subscribedSkus.push({ ...emu.tenant(TENANT_B).subscribedSkus[0], skuPartNumber: 'Sku2' });
    const inB = await call('GET', `${emu.origin}/v1.0/subscribedSkus`, { token: TOKEN_B });
    expect(inB.body.value.map((s: { skuPartNumber: string; accountId: string }) => [s.skuPartNumber, s.accountId])).toEqual([
      ['Sku1', TENANT_B],
      ['M365EDU_A3_STUUSEBNFT', TENANT_B],
      ['Sku2', TENANT_B],
    ]);
    emu.subscribedSkus = [];
    expect((await call('GET', `${emu.origin}/beta/subscribedSkus`, { token: TOKEN })).body.value).toEqual([]);
    emu.subscribedSkusForbidden = true;
    const denied = await call('GET', `${emu.origin}/beta/subscribedSkus`, { token: TOKEN });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('Authorization_RequestDenied');
    expect((await call('GET', `${emu.origin}/beta/subscribedSkus`, { token: TOKEN_B })).status).toBe(200);
    expect((await call('GET', `${emu.origin}/beta/subscribedSkus`, { token: null })).status).toBe(401);
  });
});
