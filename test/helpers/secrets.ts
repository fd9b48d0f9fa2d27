// Secrets used by end-to-end tests, and the check that none of them reached an output.
import { expect } from '@jest/globals';
import type { CliResult } from './run-cli.js';

const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned JWT: the CLI reads claims (never verifies), Graph in the emulator only wants "Bearer …". */
export function fakeJwt(claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

export const TENANT_ID = '11111111-2222-3333-4444-555555555555';
export const ADMIN_UPN = 'sds-admin@contoso.edu';
export const USER_TOKEN = fakeJwt({ tid: TENANT_ID, upn: ADMIN_UPN, scp: 'IndustryData-OutboundFlow.ReadWrite.All', exp: 4102444800 });
export const BODY_PASSWORD = 'Welcome-To-School-2025!';

/** Neither the token, its payload, nor a body password may appear anywhere the CLI wrote. */
export function expectNoSecrets(result: CliResult, secrets: string[] = [USER_TOKEN, BODY_PASSWORD]): void {
  const all = `${result.stdout}\n${result.stderr}`;
  for (const secret of secrets) {
    expect(all).not.toContain(secret);
    // A token's payload alone would still leak the identity claims and is as good as the token here.
    const payload = secret.split('.')[1];
    if (payload && payload.length > 20) expect(all).not.toContain(payload);
  }
}
