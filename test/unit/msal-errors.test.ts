import { describe, expect, test } from '@jest/globals';
import { entraDescription, fromMsalError } from '../../src/auth/msal-errors.js';
import { AuthError, InterruptedError, UnavailableError } from '../../src/errors.js';

const AGAIN = 'run `edu-flow login`';

describe('fromMsalError: the exit code follows what went wrong', () => {
  test.each([
    ['invalid_grant (a ServerError in MSAL)', { name: 'ServerError', errorCode: 'invalid_grant', errorMessage: 'AADSTS70000: revoked' }],
    ['interaction required', { name: 'InteractionRequiredAuthError', errorCode: 'interaction_required', errorMessage: 'AADSTS50076' }],
    ['no tokens found', { name: 'InteractionRequiredAuthError', errorCode: 'no_tokens_found', errorMessage: '' }],
    ['a sub-error', { name: 'ServerError', errorCode: 'invalid_grant', subError: 'bad_token', errorMessage: 'x' }],
  ])('%s → sign in again (exit 4)', (_name, error) => {
    const mapped = fromMsalError(error, AGAIN);
    expect(mapped).toBeInstanceOf(AuthError);
    expect(mapped.exitCode).toBe(4);
    expect(mapped.hint).toBe(AGAIN);
    expect(mapped.message).toContain('expired or was revoked');
  });

  test('declined and expired device codes: exit 4 with plain words', () => {
    const declined = fromMsalError({ name: 'ServerError', errorCode: 'post_request_failed', errorMessage: 'authorization_declined: the user declined' }, AGAIN);
    expect(declined.exitCode).toBe(4);
    expect(declined.message).toBe('sign-in was declined at the device-code page');
    const expired = fromMsalError({ name: 'ServerError', errorCode: 'post_request_failed', errorMessage: 'expired_token: code expired' }, AGAIN);
    expect(expired.exitCode).toBe(4);
    expect(expired.message).toContain('expired before it was used');
  });

  test.each([
    ['a network error', { name: 'ClientAuthError', errorCode: 'network_error', errorMessage: 'fetch failed' }],
    ['endpoints not resolved', { name: 'ClientAuthError', errorCode: 'endpoints_resolution_error', errorMessage: 'x' }],
    ['a 503 from the token endpoint', { name: 'ServerError', errorCode: 'temporarily_unavailable', errorMessage: 'x', status: 503 }],
    ['MSAL throttling (empty code)', { name: 'ServerError', errorCode: '', errorMessage: 'throttled' }],
    ['a 503 while polling a device code', { name: 'ServerError', errorCode: 'post_request_failed', errorMessage: 'temporarily_unavailable: AADSTS…' }],
  ])('%s → unavailable (exit 6)', (_name, error) => {
    const mapped = fromMsalError(error, AGAIN);
    expect(mapped).toBeInstanceOf(UnavailableError);
    expect(mapped.exitCode).toBe(6);
  });

  test('invalid_client names the client id setting', () => {
    const mapped = fromMsalError({ name: 'ServerError', errorCode: 'invalid_client', errorMessage: 'AADSTS7000215: Invalid client secret provided.' }, AGAIN);
    expect(mapped.exitCode).toBe(4);
    expect(mapped.hint).toContain('--client-id');
  });

  test('a cancelled device-code wait is an interruption (130)', () => {
    const mapped = fromMsalError({ name: 'ClientAuthError', errorCode: 'device_code_polling_cancelled' }, AGAIN);
    expect(mapped).toBeInstanceOf(InterruptedError);
    expect(mapped.exitCode).toBe(130);
  });

  test('anything else is still exit 4 with the first line of the reason', () => {
    const mapped = fromMsalError({ name: 'ServerError', errorCode: 'invalid_scope', errorMessage: 'AADSTS70011: bad scope\nTrace ID: 1' }, AGAIN);
    expect(mapped.exitCode).toBe(4);
    expect(mapped.message).toBe('sign-in failed: invalid_scope: AADSTS70011: bad scope');
  });

  test('our own errors pass through unchanged', () => {
    const ours = new AuthError('mine');
    expect(fromMsalError(ours, AGAIN)).toBe(ours);
  });
});

describe("Entra's error descriptions", () => {
  const DESCRIPTION =
    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d'.";
  const WITH_IDS = `${DESCRIPTION}\r\nTrace ID: 0f6a2c1e-1111-2222-3333-444455556666\r\nCorrelation ID: 7b8c9d0e-aaaa-bbbb-cccc-ddddeeeeffff\r\nTimestamp: 2026-12-03 10:00:00Z`;

  test('shown whole, on one line, without the trace id, correlation id and timestamp', () => {
    const mapped = fromMsalError({ name: 'ServerError', errorCode: 'invalid_client', errorMessage: WITH_IDS }, AGAIN);
    expect(mapped.exitCode).toBe(4);
    expect(mapped.message).toBe(`the sign-in service refused the application credentials: ${DESCRIPTION}`);
    expect(mapped.message).not.toMatch(/Trace ID|Correlation ID|Timestamp/);
  });

  test('several lines become one; a description past 1500 characters is cut at a sentence end, marked', () => {
    expect(entraDescription('AADSTS1: first line.\nsecond line.')).toBe('AADSTS1: first line. second line.');
    const long = `${'This sentence repeats. '.repeat(100)}End.`;
    const cut = entraDescription(long);
    expect(cut.endsWith('repeats. …')).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(1502);
  });
});

test("MSAL's own layout of a server error: the description part, whole", () => {
  const msal =
    'Error(s): 7000215 - Timestamp: 2026-12-03 10:00:00Z - Description: AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID. Trace ID: 0f6a Correlation ID: 7b8c Timestamp: 2026-12-03 10:00:00Z - Correlation ID: 7b8c - Trace ID: 0f6a';
  expect(entraDescription(msal)).toBe(
    'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.',
  );
});
