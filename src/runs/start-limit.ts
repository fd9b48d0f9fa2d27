// The on-demand limit of SDS: at most 5 successful runs in 12 hours. What counts is not documented
// exactly; edu-flow counts the runs of the last 12 hours that did not fail (running ones included)
// and says when the oldest of them leaves the window.
import type { Run } from './model.js';

export const RUNS_PER_WINDOW = 5;
export const WINDOW_MS = 12 * 3600 * 1000;

export interface LimitState {
  /** Runs of the last 12 hours that count. */
  counted: number;
  /** When a slot frees up, if the limit is reached now. */
  nextAllowedAt?: Date;
}

export function startLimit(runs: Run[], now: Date): LimitState {
  const since = now.getTime() - WINDOW_MS;
  const counted = runs
    .filter((run) => run.status !== 'failed')
    .map((run) => Date.parse(run.startDateTime))
    .filter((start) => Number.isFinite(start) && start > since && start <= now.getTime())
    .sort((a, b) => a - b);
  if (counted.length < RUNS_PER_WINDOW) return { counted: counted.length };
  // The window must lose counted.length - 4 runs before one more fits.
  return { counted: counted.length, nextAllowedAt: new Date(counted[counted.length - RUNS_PER_WINDOW] + WINDOW_MS) };
}
