// SDS runs as Graph beta returns them (microsoft.graph.industryData): a run every 12 hours (or on
// demand), with one activity per flow. Statuses may grow: anything not listed here is shown as it
// comes and treated as not finished well.

/** A Graph publicError: what failed a run or an activity. */
export interface PublicError {
  code?: string | null;
  message?: string | null;
  target?: string | null;
  details?: { code?: string | null; message?: string | null; target?: string | null }[] | null;
}

export type RunStatus = 'running' | 'failed' | 'completed' | 'completedWithErrors' | 'completedWithWarnings' | (string & {});
export type ActivityStatus = 'inProgress' | 'skipped' | 'failed' | 'completed' | 'completedWithErrors' | 'completedWithWarnings' | (string & {});

/** industryDataRun */
export interface Run {
  id: string;
  displayName?: string;
  startDateTime: string;
  /** null while the run is going. */
  endDateTime?: string | null;
  status: RunStatus;
  blockingError?: PublicError | null;
}

/** industryDataRunActivity (outboundFlowActivity for a provisioning flow). */
export interface RunActivity {
  id: string;
  '@odata.type'?: string;
  displayName?: string;
  status: ActivityStatus;
  blockingError?: PublicError | null;
  /** The flow the activity ran, when Graph expanded it ($expand=activity). */
  activity?: { id?: string; '@odata.type'?: string; readinessStatus?: string } | null;
}

/** How a run or an activity ended, for exit codes and checklists. */
export type Verdict = 'ok' | 'warning' | 'failed' | 'going';

export function runVerdict(status: RunStatus): Verdict {
  if (status === 'running') return 'going';
  if (status === 'completed') return 'ok';
  if (status === 'completedWithWarnings') return 'warning';
  return 'failed';
}

export function activityVerdict(status: ActivityStatus): Verdict {
  if (status === 'inProgress') return 'going';
  if (status === 'completed') return 'ok';
  if (status === 'completedWithWarnings' || status === 'skipped') return 'warning';
  return 'failed';
}

/** "BadRequest: the source file is empty" — the error in short, for a table cell. */
export function errorInShort(error: PublicError | null | undefined): string {
  if (!error) return '';
  return [error.code, error.message].filter((part) => typeof part === 'string' && part !== '').join(': ');
}
