import { describe, expect, test } from '@jest/globals';
import { backoffMs, decideRetry, isIdempotent, parseRetryAfter, type Failure, type Method } from '../../src/graph/retry-policy.js';

const status = (code: number, retryAfterMs?: number): Failure => ({ kind: 'status', status: code, retryAfterMs });
const network = (code: string): Failure => ({ kind: 'network', code });
const MAX_WAIT = 120_000;
/** random() = 0.5: the jitter is then exactly half of the random half. */
const half = () => 0.5;
const first = (method: Method, failure: Failure) => decideRetry(method, failure, 1, 3, MAX_WAIT, half);

describe('isIdempotent', () => {
  test.each([
    ['GET', true],
    ['PATCH', true],
    ['DELETE', true],
    ['POST', false],
  ] as const)('%s → %s', (method, expected) => {
    expect(isIdempotent(method)).toBe(expected);
  });
});

describe('decideRetry: PATCH, DELETE and GET', () => {
  const idempotent: Method[] = ['PATCH', 'DELETE', 'GET'];

  describe.each(idempotent)('%s', (method) => {
    test.each([408, 429, 500, 502, 503, 504])('status %i is retried with backoff', (code) => {
      expect(first(method, status(code))).toEqual({ retry: true, waitMs: 750, becauseOf: 'backoff' });
    });

    test.each([400, 401, 403, 404, 405, 409, 412, 422, 501, 505])('status %i is not retried', (code) => {
      expect(first(method, status(code))).toEqual({ retry: false, why: 'not-retryable' });
    });

    test('a non-retryable status is not retried even with Retry-After', () => {
      expect(first(method, status(400, 1000))).toEqual({ retry: false, why: 'not-retryable' });
    });

    test.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED'])('network %s is retried', (code) => {
      expect(first(method, network(code))).toEqual({ retry: true, waitMs: 750, becauseOf: 'backoff' });
    });

    test.each(['ENOTFOUND', 'CERT_HAS_EXPIRED', 'ERR_TLS_CERT_ALTNAME_INVALID', 'UNKNOWN'])('network %s is not retried', (code) => {
      expect(first(method, network(code))).toEqual({ retry: false, why: 'not-retryable' });
    });

    test('Retry-After is honoured instead of backoff', () => {
      expect(first(method, status(429, 7000))).toEqual({ retry: true, waitMs: 7000, becauseOf: 'retry-after' });
      expect(first(method, status(503, 0))).toEqual({ retry: true, waitMs: 0, becauseOf: 'retry-after' });
    });
  });
});

describe('decideRetry: POST only when it provably was not processed', () => {
  test.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'])('network %s (never sent) is retried', (code) => {
    expect(first('POST', network(code))).toEqual({ retry: true, waitMs: 750, becauseOf: 'backoff' });
  });

  test.each(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED'])('network %s (maybe processed) is not retried', (code) => {
    expect(first('POST', network(code))).toEqual({ retry: false, why: 'not-retryable' });
  });

  test.each([429, 503])('status %i WITH Retry-After is retried after it', (code) => {
    expect(first('POST', status(code, 2000))).toEqual({ retry: true, waitMs: 2000, becauseOf: 'retry-after' });
  });

  test.each([429, 503])('status %i WITHOUT Retry-After is not retried', (code) => {
    expect(first('POST', status(code))).toEqual({ retry: false, why: 'not-retryable' });
  });

  test.each([408, 500, 502, 504])('status %i is not retried, even with Retry-After', (code) => {
    expect(first('POST', status(code))).toEqual({ retry: false, why: 'not-retryable' });
    expect(first('POST', status(code, 1000))).toEqual({ retry: false, why: 'not-retryable' });
  });

  test.each([400, 401, 403, 404, 409])('status %i is not retried', (code) => {
    expect(first('POST', status(code))).toEqual({ retry: false, why: 'not-retryable' });
  });

  test('a POST 429 with a too-long Retry-After → wait-too-long', () => {
    expect(decideRetry('POST', status(429, 600_000), 1, 3, MAX_WAIT, half)).toEqual({ retry: false, why: 'wait-too-long', waitMs: 600_000 });
  });
});

describe('decideRetry: exhaustion', () => {
  test('attempts 1..retries are retried; attempt retries+1 is exhausted', () => {
    for (let attempt = 1; attempt <= 3; attempt++) {
      expect(decideRetry('PATCH', status(503), attempt, 3, MAX_WAIT, half).retry).toBe(true);
    }
    expect(decideRetry('PATCH', status(503), 4, 3, MAX_WAIT, half)).toEqual({ retry: false, why: 'exhausted' });
  });

  test('with Retry-After too', () => {
    expect(decideRetry('DELETE', status(429, 1000), 2, 1, MAX_WAIT, half)).toEqual({ retry: false, why: 'exhausted' });
  });

  test('--retries 0: the first failure is final', () => {
    expect(decideRetry('PATCH', network('ECONNRESET'), 1, 0, MAX_WAIT, half)).toEqual({ retry: false, why: 'exhausted' });
  });

  test('a non-retryable failure says so, not "exhausted"', () => {
    expect(decideRetry('PATCH', status(404), 9, 3, MAX_WAIT, half)).toEqual({ retry: false, why: 'not-retryable' });
  });
});

describe('decideRetry: Retry-After beyond --max-wait', () => {
  test('is not waited for, even on the first attempt', () => {
    expect(decideRetry('PATCH', status(429, 120_001), 1, 3, 120_000, half)).toEqual({ retry: false, why: 'wait-too-long', waitMs: 120_001 });
  });

  test('exactly --max-wait is waited for', () => {
    expect(decideRetry('PATCH', status(503, 120_000), 1, 3, 120_000, half)).toEqual({ retry: true, waitMs: 120_000, becauseOf: 'retry-after' });
  });

  test('wait-too-long wins over exhausted (the user learns when to retry)', () => {
    expect(decideRetry('PATCH', status(503, 300_000), 4, 3, 120_000, half)).toEqual({ retry: false, why: 'wait-too-long', waitMs: 300_000 });
  });

  test('--max-wait 0: any positive Retry-After is too long', () => {
    expect(decideRetry('GET', status(429, 1), 1, 3, 0, half)).toMatchObject({ retry: false, why: 'wait-too-long' });
  });

  test('backoff is capped at --max-wait instead of refusing', () => {
    expect(decideRetry('PATCH', status(503), 3, 5, 1000, () => 1)).toEqual({ retry: true, waitMs: 1000, becauseOf: 'backoff' });
  });
});

describe('backoff', () => {
  test('exponential: ceilings 1 s, 2 s, 4 s, 8 s … with random() = 1', () => {
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, () => 1))).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  test('jitter: between half the ceiling and the ceiling', () => {
    expect(backoffMs(3, () => 0)).toBe(2000);
    expect(backoffMs(3, () => 0.5)).toBe(3000);
    expect(backoffMs(3, () => 0.999999)).toBe(4000);
  });

  test('the random source is used', () => {
    expect(backoffMs(2, () => 0.25)).not.toBe(backoffMs(2, () => 0.75));
  });

  test('capped at 30 s, however many attempts', () => {
    expect(backoffMs(6, () => 1)).toBe(30_000);
    expect(backoffMs(50, () => 1)).toBe(30_000);
    expect(backoffMs(50, () => 0)).toBe(15_000);
    expect(backoffMs(10_000, () => 1)).toBe(30_000);
  });

  test('decideRetry passes its random source to the backoff', () => {
    expect(decideRetry('PATCH', status(500), 2, 3, MAX_WAIT, () => 0)).toEqual({ retry: true, waitMs: 1000, becauseOf: 'backoff' });
    expect(decideRetry('PATCH', status(500), 2, 3, MAX_WAIT, () => 1)).toEqual({ retry: true, waitMs: 2000, becauseOf: 'backoff' });
    expect(decideRetry('PATCH', status(500), 20, 30, MAX_WAIT, () => 1)).toEqual({ retry: true, waitMs: 30_000, becauseOf: 'backoff' });
  });
});

describe('parseRetryAfter', () => {
  const now = new Date('2025-10-15T12:00:00Z');

  test('absent → undefined', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test.each([
    ['0', 0],
    ['5', 5000],
    [' 30 ', 30_000],
    ['120', 120_000],
    ['1.5', 1500],
    ['0.25', 250],
  ])('seconds %j → %i ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  test('an HTTP date is relative to now', () => {
    expect(parseRetryAfter('Wed, 15 Oct 2025 12:00:42 GMT', now)).toBe(42_000);
    expect(parseRetryAfter('Wed, 15 Oct 2025 12:05:00 GMT', now)).toBe(300_000);
  });

  test('an HTTP date depends on the injected now', () => {
    expect(parseRetryAfter('Wed, 15 Oct 2025 12:01:00 GMT', new Date('2025-10-15T12:00:30Z'))).toBe(30_000);
  });

  test('the obsolete RFC 850 date form', () => {
    expect(parseRetryAfter('Wednesday, 15-Oct-25 12:00:10 GMT', now)).toBe(10_000);
  });

  test('a date in the past → 0, not negative', () => {
    expect(parseRetryAfter('Tue, 14 Oct 2025 12:00:00 GMT', now)).toBe(0);
  });

  test.each(['', '   ', 'soon', 'abc', '-1', '-5', '1e3', '5s', '5 minutes', '+5', '.5', 'NaN', 'Infinity'])('garbage %j → undefined (backoff applies)', (header) => {
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });

  test.each(['later 1', 'Tue 5'])('garbage with a number %j → undefined, not a date in 2001', (header) => {
    // Date.parse is lenient: "later 1" is 2001-01-01, which would mean "retry now".
    expect(parseRetryAfter(header, now)).toBeUndefined();
  });

  test('a garbage Retry-After does not make a POST 503 retryable', () => {
    const failure = status(503, parseRetryAfter('later 1', now));
    expect(decideRetry('POST', failure, 1, 3, MAX_WAIT, half)).toEqual({ retry: false, why: 'not-retryable' });
  });
});
