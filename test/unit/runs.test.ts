// Unit: the pure parts of runs — which run covers a change, how a run and a flow's activity are
// judged, and the on-demand limit's count and next free slot.
import { describe, expect, test } from '@jest/globals';
import type { Run, RunActivity } from '../../src/runs/model.js';
import { activityOf, coveringRun } from '../../src/runs/read.js';
import { startLimit } from '../../src/runs/start-limit.js';
import { judge } from '../../src/runs/wait.js';

const run = (id: string, start: string, status: Run['status'] = 'completed', extra: Partial<Run> = {}): Run => ({ id, startDateTime: start, status, ...extra });
const activity = (flowId: string | undefined, status: RunActivity['status'], extra: Partial<RunActivity> = {}): RunActivity => ({
  id: `a-${flowId}`,
  status,
  ...(flowId ? { activity: { id: flowId } } : {}),
  ...extra,
});

describe('coveringRun', () => {
  const runs = [run('c', '2026-12-06T12:00:00Z'), run('a', '2026-12-05T12:00:00Z'), run('b', '2026-12-06T00:00:00Z')];
  test('the first run that started after the change, whatever order Graph lists them in', () => {
    expect(coveringRun(runs, new Date('2026-12-05T18:00:00Z'))?.id).toBe('b');
    expect(coveringRun(runs, new Date('2026-12-06T00:00:00Z'))?.id).toBe('c');
    expect(coveringRun(runs, new Date('2026-12-06T12:00:01Z'))).toBeUndefined();
  });
});

describe('judge', () => {
  const done = run('r', '2026-12-06T00:00:00Z', 'completedWithErrors');
  test("the flow's own activity decides: completed (other flows' errors do not matter), with warnings, failed, with errors, skipped", () => {
    expect(judge(done, [activity('f', 'completed'), activity('g', 'failed')], 'F', 'x')).toMatchObject({ outcome: 'applied', warnings: false });
    expect(judge(done, [activity('f', 'completedWithWarnings')], 'f', 'x')).toMatchObject({ outcome: 'applied', warnings: true });
    expect(judge(done, [activity('f', 'failed', { blockingError: { code: 'X', message: 'source file empty' } })], 'f', 'x')).toMatchObject({
      outcome: 'failed',
      reason: "the flow's activity ended failed: source file empty",
    });
    expect(judge(done, [activity('f', 'completedWithErrors')], 'f', 'x')).toMatchObject({ outcome: 'failed' });
    expect(judge(done, [activity('f', 'skipped')], 'f', 'x')).toMatchObject({ outcome: 'failed' });
  });
  test('a failed run fails whatever the activity says; a run without this flow fails', () => {
    expect(judge(run('r', 'x', 'failed', { blockingError: { message: 'cancelled by the system' } }), [activity('f', 'completed')], 'f', 'x')).toMatchObject({
      outcome: 'failed',
      reason: 'the run failed: cancelled by the system',
    });
    expect(judge(done, [activity('g', 'completed')], 'f', 'x')).toMatchObject({ outcome: 'failed' });
  });
  test('activities that name no flow: the run itself is judged, and the result says so', () => {
    expect(judge(run('r', 'x', 'completed'), [activity(undefined, 'completed')], 'f', 'x')).toMatchObject({
      outcome: 'applied',
      note: expect.stringContaining('do not name their flows'),
    });
    expect(judge(run('r', 'x', 'completedWithErrors'), [activity(undefined, 'completed')], 'f', 'x')).toMatchObject({ outcome: 'failed' });
  });
  test('activityOf matches the expanded flow id ignoring case', () => {
    expect(activityOf([activity('ABC', 'completed')], 'abc')?.status).toBe('completed');
  });
});

describe('startLimit', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const at = (hoursAgo: number, status: Run['status'] = 'completed') => run(`r${hoursAgo}`, new Date(now.getTime() - hoursAgo * 3600_000).toISOString(), status);
  test('counts the runs of the last 12 hours that did not fail, running ones too', () => {
    expect(startLimit([at(1), at(2, 'running'), at(3, 'failed'), at(13)], now)).toEqual({ counted: 2 });
  });
  test('at the limit, the next slot frees up when the oldest counted run leaves the window', () => {
    const runs = [at(1), at(2), at(3), at(4), at(11)];
    expect(startLimit(runs, now)).toEqual({ counted: 5, nextAllowedAt: new Date(now.getTime() + 1 * 3600_000) });
    const six = [...runs, at(10)];
    expect(startLimit(six, now).nextAllowedAt).toEqual(new Date(now.getTime() + 2 * 3600_000));
  });
});
