// Environment for end-to-end runs that sign in against the emulator's Entra endpoints.
import { expect } from '@jest/globals';
import type { Emulator } from '../emulator/emulator.js';
import type { CliResult } from './run-cli.js';

/** Sign-in settings pointing at the emulator, with a config folder shared by a test's runs. */
export function signInEnv(emu: Emulator, configDir: string, tenant: string, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    EDU_FLOW_AUTHORITY_HOST: emu.origin,
    EDU_FLOW_GRAPH_URL: emu.graphUrl,
    EDU_FLOW_TENANT: tenant,
    EDU_FLOW_CONFIG_DIR: configDir,
    ...extra,
  };
}

/** Every spelling a token could leak in: plain, URL-encoded, base64 and base64url, and its payload. */
export function spellings(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), Buffer.from(secret).toString('base64url')];
  const payload = secret.split('.')[1];
  if (payload && payload.length > 20) forms.push(payload);
  return forms;
}

/** No access, refresh or id token the emulator ever issued appears in any output. */
export function expectNoIssuedTokens(emu: Emulator, ...results: CliResult[]): void {
  const tokens = [...emu.entra.issued.accessTokens, ...emu.entra.issued.refreshTokens, ...emu.entra.issued.idTokens];
  expect(tokens.length).toBeGreaterThan(0);
  const output = results.map((r) => `${r.stdout}\n${r.stderr}`).join('\n');
  for (const token of tokens) for (const form of spellings(token)) expect(output).not.toContain(form);
}
