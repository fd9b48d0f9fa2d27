// In process against the emulator, on the emulator's clock: the runs commands, and "did my change
// reach SDS?" — a wait that ends in success, one that ends in a failed activity, one that times
// out — and the on-demand limit. The run's fake sleeps move one clock that the CLI and the
// emulated service both read, so hours pass in milliseconds.
import { beforeEach, describe, expect, test } from '@jest/globals';
import { SEED } from '../emulator/emulator.js';
import { runMain, type MainResult } from '../helpers/run-main.js';
import { fakeJwt, USER_TOKEN } from '../helpers/secrets.js';
import { useEmulator } from '../helpers/use-emulator.js';

const emu = useEmulator();
const HOUR = 3600_000;
const START = Date.parse('2026-12-06T09:00:00Z');
let clock = START;
const USER_FLOW = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
/** A signed-in admin who may change flows, read runs and start them. */
const ADMIN_TOKEN = fakeJwt({
  tid: '11111111-2222-3333-4444-555555555555',
  upn: 'sds-admin@contoso.edu',
  scp: 'IndustryData-OutboundFlow.ReadWrite.All IndustryData-Run.Read.All IndustryData-Run.Start',
  exp: 4102444800,
});

beforeEach(() => {
  clock = START;
  emu.clock.now = () => new Date(clock);
});

const cli = (args: string[], env: Record<string, string | undefined> = {}): Promise<MainResult> =>
  runMain(args, {
    env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: ADMIN_TOKEN, ...env },
    now: () => new Date(clock),
    onSleep: (ms) => {
      clock += ms;
    },
  });
const json = <T = Record<string, unknown>>(result: MainResult): T => JSON.parse(result.stdout) as T;
/** The user flow, changed at the clock's time (its lastModifiedDateTime is the emulator clock's). */
const changeUserFlow = async (): Promise<void> => {
  const result = await cli(['update', ...USER_FLOW, '--student-age-group', 'adult']);
  expect(result.code).toBe(0);
};

describe('runs list, get, stats', () => {
  test('newest first with status, times and the blocking error; one run with one activity per flow; statistics', async () => {
    emu.runs().scheduleEvery = null;
    const ok = emu.runs().schedule({ startAt: new Date(START - 10 * HOUR) });
    const bad = emu.runs().schedule({ startAt: new Date(START - 2 * HOUR), status: 'failed', blockingError: { code: 'SourceUnavailable', message: 'the SIS export was empty' } });
    const list = await cli(['runs', 'list', '-o', 'json']);
    expect(list.code).toBe(0);
    expect(json<{ id: string; status: string }[]>(list).map((r) => [r.id, r.status])).toEqual([
      [bad, 'failed'],
      [ok, 'completed'],
    ]);
    const text = await cli(['runs', 'list', '-o', 'text']);
    expect(text.stdout).toContain('SourceUnavailable: the SIS export was empty');
    expect((await cli(['runs', 'list', '--top', '1', '-o', 'json'])).stdout).not.toContain(ok);

    const got = await cli(['runs', 'get', ok, '-o', 'json']);
    expect(got.code).toBe(0);
    const run = json<{ status: string; activities: { status: string; activity?: { id: string } }[] }>(got);
    expect(run.status).toBe('completed');
    expect(run.activities.map((a) => a.activity?.id).sort()).toEqual([SEED.userFlowId, SEED.classGroupFlowId, SEED.securityGroupFlowId, SEED.adminUnitFlowId].sort());
    const gotText = await cli(['runs', 'get', bad, '-o', 'text']);
    expect(gotText.stdout).toContain('user provisioning flow');

    const stats = await cli(['runs', 'stats', ok, '-o', 'json']);
    expect(stats.code).toBe(0);
    expect(json(stats)).toMatchObject({ runId: ok, status: 'completed' });
    expect((await cli(['runs', 'get', 'no-such-run'])).code).toBe(5);
  });
});

describe('runs wait', () => {
  test('ends in success: the first run after the change, waited for with back-off, and the flow activity completed (exit 0)', async () => {
    await changeUserFlow();
    const result = await cli(['runs', 'wait', ...USER_FLOW, '-o', 'json']);
    expect(result.code).toBe(0);
    const value = json<{ outcome: string; run: { startDateTime: string }; activity: { status: string } }>(result);
    expect(value.outcome).toBe('applied');
    expect(value.activity.status).toBe('completed');
    // The default schedule: the 12:00 run after a 09:00 change, ended 45 minutes later.
    expect(value.run.startDateTime).toBe('2026-12-06T12:00:00.000Z');
    expect(clock).toBeGreaterThanOrEqual(Date.parse('2026-12-06T12:45:00Z'));
    expect(result.stderr).toContain('the change reached SDS');
    // In a log, one line per change of state, not one per poll.
    expect(result.stderr.split('waiting for a run that starts after the change')).toHaveLength(2);
    // Back-off: 15 s first, then half as long again each time, never above 5 minutes.
    expect(result.sleeps.slice(0, 3)).toEqual([15_000, 22_500, 33_750]);
    expect(Math.max(...result.sleeps)).toBe(300_000);
  });

  test("ends in a failed activity: the run completed with errors, the flow's activity failed (exit 12), with SDS's words", async () => {
    emu.runs().scheduleEvery = null;
    await changeUserFlow();
    emu.runs().schedule({
      startAt: new Date(START + 2 * HOUR),
      status: 'completedWithErrors',
      activities: { [SEED.userFlowId]: { status: 'failed', blockingError: { code: 'InvalidLicense', message: 'the SKU Sku2 is not available' } } },
    });
    const result = await cli(['runs', 'wait', '--set-name', 'Contoso district flows', '--flow-type', 'user']);
    expect(result.code).toBe(12);
    expect(result.stderr).toContain("the flow's activity ended failed: the SKU Sku2 is not available");
    expect(result.stderr).toContain('InvalidLicense');
  });

  test('a run that started before the change does not count; none after it within --max-wait: exit 13', async () => {
    emu.runs().scheduleEvery = null;
    emu.runs().schedule({ startAt: new Date(START - HOUR) });
    await changeUserFlow();
    const result = await cli(['runs', 'wait', ...USER_FLOW, '--max-wait', '3600', '-o', 'json']);
    expect(result.code).toBe(13);
    expect(json(result)).toMatchObject({ outcome: 'timeout', run: null });
    expect(result.stderr).toContain('no run started after the change');
    expect(clock - START).toBeGreaterThanOrEqual(HOUR);
    expect(clock - START).toBeLessThan(HOUR + 60_000);
  });

  test('a covering run still going at --max-wait: exit 13 naming it', async () => {
    emu.runs().scheduleEvery = null;
    await changeUserFlow();
    const id = emu.runs().schedule({ startAt: new Date(START + 10 * 60_000), durationMs: 5 * HOUR });
    const result = await cli(['runs', 'wait', ...USER_FLOW, '--max-wait', '1800']);
    expect(result.code).toBe(13);
    expect(result.stderr).toContain(`run ${id}, which covers the change, did not end within --max-wait`);
  });

  test('update --wait-run: the update, then the wait, in one command (exit 0, the result carries the run)', async () => {
    const result = await cli(['update', ...USER_FLOW, '--student-age-group', 'notAdult', '--wait-run', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(json(result)).toMatchObject({ changed: true, run: { outcome: 'applied' } });
    expect(emu.requestsTo('PATCH')).toHaveLength(1);
  });
});

describe('runs start', () => {
  test('--yes starts an on-demand run (202) and names it; the sixth within 12 hours is refused with when to try again (exit 5)', async () => {
    emu.runs().scheduleEvery = null;
    for (let i = 0; i < 5; i++) {
      const started = await cli(['runs', 'start', '--yes', '-o', 'json']);
      expect(started.code).toBe(0);
      expect(json(started)).toMatchObject({ status: 202, started: true, run: { status: 'running' } });
      expect(started.stderr).toContain('tenant');
      clock += HOUR;
    }
    expect(emu.runs().startedOnDemand()).toHaveLength(5);
    const refused = await cli(['runs', 'start', '--yes']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('SDS refused the on-demand run: it allows 5 successful runs per 12 hours');
    // The first of the five started at 09:00: a slot frees up at 21:00.
    expect(refused.stderr).toContain('try again after 2026-12-06T21:00:00.000Z');
    clock = Date.parse('2026-12-06T21:00:01Z');
    expect((await cli(['runs', 'start', '--yes'])).code).toBe(0);
  });

  test('the refusal read another way (a 409 naming the limit) is explained the same', async () => {
    emu.runs().limitReply = { status: 409, code: 'conflict', message: 'Run start limit reached for this tenant.' };
    for (let i = 0; i < 5; i++) expect((await cli(['runs', 'start', '--yes'])).code).toBe(0);
    const refused = await cli(['runs', 'start', '--yes']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toContain('SDS refused the on-demand run');
  });

  test('without a terminal and --yes: exit 2, nothing sent; --plan counts and sends nothing; a token without IndustryData-Run.Start: exit 4 first', async () => {
    const noYes = await cli(['runs', 'start']);
    expect(noYes.code).toBe(2);
    expect(emu.requests).toHaveLength(0);
    const dryRun = await cli(['runs', 'start', '--dry-run', '-o', 'json']);
    expect(dryRun.code).toBe(0);
    expect(json(dryRun)).toMatchObject({ method: 'POST', url: `${emu.graphUrl}/external/industryData/runs/start` });
    expect(emu.requests).toHaveLength(0);
    const plan = await cli(['runs', 'start', '--plan', '-o', 'json']);
    expect(plan.code).toBe(0);
    expect(json(plan)).toMatchObject({ plan: true, operation: 'runs start', runsInLast12Hours: 0 });
    // USER_TOKEN may change flows, not start runs.
    const noPermission = await cli(['runs', 'start', '--yes'], { EDU_FLOW_ACCESS_TOKEN: USER_TOKEN });
    expect(noPermission.code).toBe(4);
    expect(noPermission.stderr).toContain('IndustryData-Run.Start');
    expect(emu.requestsTo('POST')).toHaveLength(0);
  });
});
