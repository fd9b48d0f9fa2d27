import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/files.js';
import { tokenCacheDir } from './msal-app.js';

/**
 * Which cached account a profile signed in with, and with which scopes, so later commands ask
 * MSAL for exactly that (a scope mismatch makes every silent call refresh). Holds no secret.
 */
export interface AccountRecord {
  homeAccountId: string;
  username: string;
  tenantId: string;
  scopes: string[];
  signedInAt: string;
}

export function accountRecordPath(configDir: string, profile: string): string {
  return join(tokenCacheDir(configDir), `${profile}.account.json`);
}

export async function readAccountRecord(configDir: string, profile: string): Promise<AccountRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(accountRecordPath(configDir, profile), 'utf8')) as Partial<AccountRecord>;
    if (typeof parsed.homeAccountId !== 'string' || !Array.isArray(parsed.scopes)) return undefined;
    return parsed as AccountRecord;
  } catch {
    return undefined; // missing or unreadable: fall back to the first cached account
  }
}

export async function writeAccountRecord(configDir: string, profile: string, record: AccountRecord): Promise<void> {
  await writeFileAtomic(accountRecordPath(configDir, profile), `${JSON.stringify(record, null, 2)}\n`);
}

export async function removeAccountRecord(configDir: string, profile: string): Promise<void> {
  await rm(accountRecordPath(configDir, profile), { force: true });
}
