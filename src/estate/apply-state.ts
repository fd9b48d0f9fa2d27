// The progress of an apply, written after every finished step, so that after a failure or Ctrl-C
// `apply --resume` goes on where the run stopped: finished tenants are not read again and finished
// steps are not repeated. Kept in the state folder (private, written atomically), one file per
// folder and fleet file, unless --state-file names one.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Env } from '../context.js';
import { stateDir } from '../config/folders.js';
import { writeFileAtomic } from '../config/files.js';
import { InvalidInputError } from '../errors.js';

export const APPLY_STATE_FORMAT = 'edu-flow-apply-state/1';

export type TenantProgress = 'pending' | 'running' | 'done' | 'failed' | 'interrupted';

export interface TenantState {
  status: TenantProgress;
  tenant: string | null;
  /** Keys of the steps written and verified, in order. */
  done: string[];
  /** Ids of objects the run created, by step key. */
  created: Record<string, string>;
  error?: string;
}

export interface ApplyState {
  format: typeof APPLY_STATE_FORMAT;
  folder: string;
  fleet?: string;
  /** The folder's digest when the apply started: resume refuses a folder that changed since. */
  digest: string;
  startedAt: string;
  updatedAt: string;
  finished: boolean;
  tenants: Record<string, TenantState>;
}

/** `--state-file`, else `<state folder>/apply/<hash of the folder's and fleet file's absolute paths>.json`. */
export function applyStatePath(env: Env, folder: string, fleet: string | undefined, flag?: string): string {
  if (flag) return flag;
  const key = createHash('sha256')
    .update(`${resolve(folder)}\0${fleet ? resolve(fleet) : ''}`)
    .digest('hex')
    .slice(0, 24);
  return join(stateDir(env), 'apply', `${key}.json`);
}

/** The state file, or undefined when there is none; a damaged one is exit 3 naming it. */
export async function readApplyState(path: string): Promise<ApplyState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const state = JSON.parse(text) as ApplyState;
    if (state.format !== APPLY_STATE_FORMAT || typeof state.tenants !== 'object' || state.tenants === null) throw new Error('not an apply state');
    return state;
  } catch {
    throw new InvalidInputError(`${path} is not an apply state edu-flow can read`, {
      hint: 'run apply without --resume: it plans again from the tenant, so nothing finished is repeated',
    });
  }
}

/** Holds the state in memory and writes it whole, atomically, on every change (0600 in a private folder). */
export interface ApplyStateStore {
  readonly path: string;
  readonly state: ApplyState;
  tenant(name: string): TenantState;
  save(): Promise<void>;
}

export function applyStateStore(path: string, state: ApplyState, now: () => Date, scrub: (text: string) => string): ApplyStateStore {
  // Writes are chained: concurrent tenants never interleave two writes of the same file.
  let last: Promise<void> = Promise.resolve();
  return {
    path,
    state,
    tenant(name) {
      state.tenants[name] ??= { status: 'pending', tenant: null, done: [], created: {} };
      return state.tenants[name];
    },
    save() {
      state.updatedAt = now().toISOString();
      // Error messages are kept for the record: scrubbed of the run's secrets like every output.
      const text = scrub(`${JSON.stringify(state, null, 2)}\n`);
      last = last.catch(() => undefined).then(() => writeFileAtomic(path, text));
      return last;
    },
  };
}

export function newApplyState(folder: string, fleet: string | undefined, digest: string, now: Date): ApplyState {
  const at = now.toISOString();
  return { format: APPLY_STATE_FORMAT, folder, ...(fleet ? { fleet } : {}), digest, startedAt: at, updatedAt: at, finished: false, tenants: {} };
}
