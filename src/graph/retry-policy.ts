/**
 * When to try a Graph request again, and how long to wait first. A POST is tried again only when it provably was not processed.
 * Pure functions, so every rule has a unit test without a server.
 */

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** What went wrong with one attempt: an HTTP status, or a network error code. */
export type Failure = { kind: 'status'; status: number; retryAfterMs?: number } | { kind: 'network'; code: string };

export type RetryDecision =
  | { retry: true; waitMs: number; becauseOf: 'retry-after' | 'backoff' }
  | { retry: false; why: 'not-retryable' | 'exhausted' }
  | { retry: false; why: 'wait-too-long'; waitMs: number };

const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures after which an idempotent request may safely be sent again. */
const RETRYABLE_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED']);
/** Network failures that prove the request never reached a server: safe even for a POST. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

const BACKOFF_BASE_MS = 1000;
const BACKOFF_CAP_MS = 30_000;

export function isIdempotent(method: Method): boolean {
  return method !== 'POST';
}

/**
 * `attempt` counts from 1 (the attempt that just failed); `retries` is how many more are allowed
 * after the first. A Retry-After beyond `maxWaitMs` is not waited for at all.
 */
export function decideRetry(method: Method, failure: Failure, attempt: number, retries: number, maxWaitMs: number, random: () => number = Math.random): RetryDecision {
  if (!isRetryable(method, failure)) return { retry: false, why: 'not-retryable' };
  const retryAfterMs = failure.kind === 'status' ? failure.retryAfterMs : undefined;
  if (retryAfterMs !== undefined && retryAfterMs > maxWaitMs) return { retry: false, why: 'wait-too-long', waitMs: retryAfterMs };
  if (attempt > retries) return { retry: false, why: 'exhausted' };
  if (retryAfterMs !== undefined) return { retry: true, waitMs: retryAfterMs, becauseOf: 'retry-after' };
  return { retry: true, waitMs: Math.min(backoffMs(attempt, random), maxWaitMs), becauseOf: 'backoff' };
}

function isRetryable(method: Method, failure: Failure): boolean {
  if (isIdempotent(method)) {
    return failure.kind === 'status' ? RETRYABLE_STATUSES.has(failure.status) : RETRYABLE_NETWORK.has(failure.code);
  }
  // A POST (create, reset) may already have been applied unless the failure proves otherwise.
  if (failure.kind === 'network') return NEVER_SENT.has(failure.code);
  return (failure.status === 429 || failure.status === 503) && failure.retryAfterMs !== undefined;
}

/** Capped exponential backoff with jitter: half fixed, half random, so clients spread out. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_CAP_MS);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * Retry-After is seconds or an HTTP date (RFC 9110). Graph sends seconds. Unparseable values
 * count as absent, so backoff applies.
 */
export function parseRetryAfter(header: string | undefined, now: Date): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  // Only the three HTTP-date forms: Date.parse alone reads "later 1" as the year 2001.
  const gmt = IMF_FIXDATE.test(value) || RFC850_DATE.test(value) ? value : ASCTIME_DATE.test(value) ? `${value} GMT` : undefined;
  if (gmt === undefined) return undefined;
  const date = Date.parse(gmt);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now.getTime());
}

const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850_DATE = /^[A-Z][a-z]+, \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
/** asctime has no zone; HTTP says it is GMT, so say so before parsing (else: local time). */
const ASCTIME_DATE = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
