// A read from Graph as a check sees it: what it returned, or why it failed. A failed read fails
// only the checks that needed it; the other checks still run. An interruption is never an outcome:
// Ctrl-C stops the whole run.
import { EduFlowError, GraphError, InterruptedError } from '../../errors.js';
import type { CheckId, DoctorCheck } from './model.js';

export type ReadOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Runs one read; its failure becomes the outcome, except an interruption (or a run already aborted), which is thrown. */
export async function attempt<T>(signal: AbortSignal, read: () => Promise<T>): Promise<ReadOutcome<T>> {
  try {
    return { ok: true, value: await read() };
  } catch (error) {
    if (error instanceof InterruptedError) throw error;
    if (signal.aborted) throw signal.reason;
    return { ok: false, error };
  }
}

/** Graph's HTTP status of a failed read; undefined for a network failure or anything else. */
export function statusOf(error: unknown): number | undefined {
  return error instanceof GraphError ? error.info.status : undefined;
}

/** Graph refused the read for want of a permission (403). */
export const isForbidden = (error: unknown): boolean => statusOf(error) === 403;

/** The error's message as it is (the reporter scrubs secrets and control characters on output). */
export function messageOf(error: unknown): string {
  if (error instanceof Error && error.message !== '') return error.message;
  return String(error);
}

/** A check that could not be made because a read failed (network, 5xx, a refusal): `fail`, with the error's message and hint. */
export function failedRead(id: CheckId, title: string, what: string, error: unknown): DoctorCheck {
  const hint = error instanceof EduFlowError ? error.hint : undefined;
  return {
    id,
    status: 'fail',
    title,
    reason: `could not read ${what}: ${messageOf(error)}`,
    fix: hint ?? 'run doctor again; --verbose shows each request and its answer',
  };
}
