// Writing an export: each file whole or not at all (writeFileAtomic), only where the
// folder is new, empty, or an earlier export. Files edu-flow did not write there (a README, CI
// files) are left alone; the set folders and flow files of the earlier export that the tenant no
// longer has are removed, so the folder always says what the tenant holds.
import { readdir, readFile, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../config/files.js';
import { UsageError } from '../errors.js';
import { FLOW_FILE_OF, MANIFEST_FILE, SET_FILE, SETS_DIR } from './layout.js';

/** An exported file's mode: others may read it (it holds no secret), only its owner write it. */
const PUBLIC_FILE_MODE = 0o644;

export interface WriteSummary {
  written: number;
  unchanged: number;
  removed: string[];
}

export async function writeEstateFolder(root: string, files: Map<string, string>): Promise<WriteSummary> {
  await checkTarget(root);
  const summary: WriteSummary = { written: 0, unchanged: 0, removed: [] };
  for (const [relative, text] of files) {
    const path = join(root, relative);
    if ((await readIfExists(path)) === text) {
      summary.unchanged++;
      continue;
    }
    // Files for git, readable as any source file is; written whole or not at all.
    await writeFileAtomic(path, text, PUBLIC_FILE_MODE, 'shared');
    summary.written++;
  }
  summary.removed = await removeStale(root, files);
  return summary;
}

/** New, empty, or holding an earlier export (its edu-flow.json): anything else is not overwritten. */
async function checkTarget(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new UsageError(`--out ${root} is a file, not a folder`);
  const entries = await readdir(root);
  if (entries.length > 0 && !entries.includes(MANIFEST_FILE)) {
    throw new UsageError(`--out ${root} is a folder that holds other files and no ${MANIFEST_FILE}: edu-flow does not write into it`, {
      hint: 'export into a new or empty folder, or into one an earlier export wrote',
    });
  }
}

/** Set folders and flow files of an earlier export that this one did not write. */
async function removeStale(root: string, files: Map<string, string>): Promise<string[]> {
  const removed: string[] = [];
  const owned = new Set([SET_FILE, ...Object.values(FLOW_FILE_OF)]);
  const sets = await readdir(join(root, SETS_DIR), { withFileTypes: true }).catch(() => []);
  for (const entry of sets) {
    if (!entry.isDirectory()) continue;
    const dir = `${SETS_DIR}/${entry.name}`;
    for (const name of await readdir(join(root, dir))) {
      if (owned.has(name) && !files.has(`${dir}/${name}`)) {
        await rm(join(root, dir, name));
        removed.push(`${dir}/${name}`);
      }
    }
    // An emptied set folder goes too; one holding someone's own files stays.
    await rmdir(join(root, dir)).catch(() => undefined);
  }
  return removed.sort();
}

const readIfExists = (path: string): Promise<string | undefined> => readFile(path, 'utf8').catch(() => undefined);
