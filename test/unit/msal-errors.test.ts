import { describe, expect, test } from '@jest/globals';
import { fromMsalError } from '../../src/auth/msal-errors.js';
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
