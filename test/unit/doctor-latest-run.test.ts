// Unit: doctor's latest-run check over runs given newest first (as listRuns reads them): each run
// status, no run at all, a 403, and a read that failed for another reason.
import { describe, expect, test } from '@jest/globals';
import { GraphError, UnavailableError } from '../../src/errors.js';
import type { Run } from '../../src/runs/model.js';
import { elapsed, latestRunCheck } from '../../src/runs/doctor/latest-run.js';

const NOW = new Date('2026-03-02T12:00:00Z');
const run = (status: string, extra: Partial<Run> = {}): Run => ({
  id: 'run-1',
  displayName: 'Run 2026-03-02 09:30 UTC',
  startDateTime: '2026-03-02T09:30:00Z',
  endDateTime: status === 'running' ? null : '2026-03-02T10:00:00Z',
  status,
  ...extra,
});
const check = (...runs: Run[]) => latestRunCheck({ ok: true, value: runs }, NOW);

describe('latestRunCheck', () => {
  test('only the newest run counts', () => {
    expect(check(run('completed'), run('failed', { id: 'older' }))).toMatchObject({ id: 'runs.latest', status: 'ok', subject: 'run "Run 2026-03-02 09:30 UTC" (id run-1)' });
  });

  test('running: ok, saying since when', () => {
    expect(check(run('running'))).toMatchObject({ status: 'ok', reason: 'running since 2026-03-02T09:30:00Z (2 h 30 min)' });
  });

  test('completed: ok; with warnings: a warning with a fix', () => {
    expect(check(run('completed'))).toMatchObject({ status: 'ok', reason: 'completed at 2026-03-02T10:00:00Z, without errors or warnings' });
    const warned = check(run('completedWithWarnings'));
    expect(warned.status).toBe('warn');
    expect(warned.fix).toContain('edu-flow runs get run-1');
  });

  test('failed: a failure with the blocking error in short', () => {
    const failed = check(run('failed', { blockingError: { code: 'SourceFileMissing', message: 'the users file is empty', details: [{ code: 'x' }] } }));
    expect(failed).toMatchObject({ status: 'fail', reason: 'failed at 2026-03-02T10:00:00Z: SourceFileMissing: the users file is empty' });
    expect(failed.fix).toContain('edu-flow runs get run-1');
    expect(check(run('failed', { blockingError: null, endDateTime: null })).reason).toBe('failed (no blocking error given)');
  });

  test('completed with errors: a failure, with the blocking error when there is one', () => {
    const errors = check(run('completedWithErrors', { blockingError: { message: 'some records had no email' } }));
    expect(errors.status).toBe('fail');
    expect(errors.reason).toContain('records whose required data did not pass were left out: some records had no email');
  });

  test('a status edu-flow does not know: a warning with the value', () => {
    expect(check(run('unknownFutureValue'))).toMatchObject({ status: 'warn', reason: 'status "unknownFutureValue": edu-flow does not know whether it went well' });
  });

  test('no run yet: a warning', () => {
    expect(check()).toMatchObject({ status: 'warn', reason: 'no run yet: SDS has not applied the flows' });
  });

  test('a 403: skipped with a warning naming IndustryData-Run.Read.All', () => {
    const forbidden = new GraphError({ status: 403, message: 'Forbidden', method: 'GET', url: 'https://g/beta/external/industryData/runs' });
    const result = latestRunCheck({ ok: false, error: forbidden }, NOW);
    expect(result.status).toBe('warn');
    expect(result.reason).toContain('IndustryData-Run.Read.All');
  });

  test('any other failed read fails the check with its message and hint', () => {
    const result = latestRunCheck({ ok: false, error: new UnavailableError('no answer from g within 30 s (--timeout)', { hint: 'raise --timeout' }) }, NOW);
    expect(result).toMatchObject({ status: 'fail', reason: 'could not read the runs: no answer from g within 30 s (--timeout)', fix: 'raise --timeout' });
  });
});

describe('elapsed', () => {
  test.each([
    ['2026-03-02T11:59:30Z', 'under a minute'],
    ['2026-03-02T11:20:00Z', '40 min'],
    ['2026-03-02T10:00:00Z', '2 h'],
    ['2026-03-02T09:55:00Z', '2 h 5 min'],
  ])('%s → %s', (from, words) => {
    expect(elapsed(from, NOW)).toBe(words);
  });

  test('a time that is not one: nothing', () => {
    expect(elapsed('yesterday-ish', NOW)).toBeUndefined();
  });
});
