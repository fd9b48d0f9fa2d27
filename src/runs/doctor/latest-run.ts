// How SDS's latest run went: the newest run (by start) is what the tenant's users look like now.
// A run that failed or completed with errors left records out; one with warnings left values out.
import { errorInShort, type Run } from '../model.js';
import type { DoctorCheck } from './model.js';
import { failedRead, isForbidden, type ReadOutcome } from './read-outcome.js';

const TITLE = 'latest run';

const subjectOf = (run: Run): string => `run ${run.displayName ? `"${run.displayName}" ` : ''}(id ${run.id})`;

/** `2 h 5 min`, `40 min`, `under a minute`: how long since a moment. */
export function elapsed(from: string, now: Date): string | undefined {
  const start = Date.parse(from);
  if (Number.isNaN(start)) return undefined;
  const minutes = Math.floor((now.getTime() - start) / 60_000);
  if (minutes < 1) return 'under a minute';
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}` : `${minutes} min`;
}

const ended = (run: Run): string => (run.endDateTime ? ` at ${run.endDateTime}` : '');
const blocking = (run: Run): string => {
  const short = errorInShort(run.blockingError);
  return short ? `: ${short}` : '';
};

/** One check from the runs read newest first (listRuns); a 403 is a warning: the check is skipped. */
export function latestRunCheck(runs: ReadOutcome<Run[]>, now: Date): DoctorCheck {
  if (!runs.ok) {
    if (isForbidden(runs.error)) {
      return {
        id: 'runs.latest',
        status: 'warn',
        title: TITLE,
        reason: 'skipped: the token may not read runs (403: IndustryData-Run.Read.All is missing)',
        fix: 'grant IndustryData-Run.Read.All (the permissions checks above say how), then run doctor again',
      };
    }
    return failedRead('runs.latest', TITLE, 'the runs', runs.error);
  }
  const run = runs.value[0];
  if (run === undefined) {
    return {
      id: 'runs.latest',
      status: 'warn',
      title: TITLE,
      reason: 'no run yet: SDS has not applied the flows',
      fix: 'SDS runs every 12 hours; `edu-flow runs start` starts one now (IndustryData-Run.Start)',
    };
  }
  const subject = subjectOf(run);
  const details = `\`edu-flow runs get ${run.id}\` shows each flow's activity and its error`;
  switch (run.status) {
    case 'running': {
      const since = elapsed(run.startDateTime, now);
      return { id: 'runs.latest', status: 'ok', title: TITLE, subject, reason: `running since ${run.startDateTime}${since ? ` (${since})` : ''}` };
    }
    case 'completed':
      return { id: 'runs.latest', status: 'ok', title: TITLE, subject, reason: `completed${ended(run)}, without errors or warnings` };
    case 'completedWithWarnings':
      return {
        id: 'runs.latest',
        status: 'warn',
        title: TITLE,
        subject,
        reason: `completed with warnings${ended(run)}: optional values that did not pass were left out${blocking(run)}`,
        fix: details,
      };
    case 'completedWithErrors':
      return {
        id: 'runs.latest',
        status: 'fail',
        title: TITLE,
        subject,
        reason: `completed with errors${ended(run)}: records whose required data did not pass were left out${blocking(run)}`,
        fix: `${details}; fix the source data or the flow, then wait for the next run`,
      };
    case 'failed':
      return {
        id: 'runs.latest',
        status: 'fail',
        title: TITLE,
        subject,
        reason: `failed${ended(run)}${blocking(run) || ' (no blocking error given)'}`,
        fix: `${details}; fix what the error names, then wait for the next run or start one (\`edu-flow runs start\`)`,
      };
    default:
      return {
        id: 'runs.latest',
        status: 'warn',
        title: TITLE,
        subject,
        reason: `status ${JSON.stringify(run.status)}: edu-flow does not know whether it went well`,
        fix: details,
      };
  }
}
