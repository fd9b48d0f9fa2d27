// Reading a folder of files (see layout.ts) into parsed documents, offline. Every problem of
// every file is gathered into one error (exit 3), so a pull request shows them all at once.
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { FlowKind } from '../body/kinds.js';
import { parseBody, type ParsedBody } from '../body/parse.js';
import { readBodyText } from '../body/read.js';
import { EduFlowError, InvalidInputError } from '../errors.js';
import type { Problem } from '../problem.js';
import { FLOW_FILE_OF, flowKindOfFile, FOLDER_FORMAT, MANIFEST_FILE, SET_FILE, SETS_DIR } from './layout.js';

export interface FolderFlowFile {
  kind: FlowKind;
  parsed: ParsedBody;
}

export interface FolderSet {
  /** `sets/<folder>`, relative to the folder. */
  dir: string;
  set: ParsedBody;
  flows: FolderFlowFile[];
}

export interface EstateFolder {
  /** The folder as given. */
  root: string;
  /** What is wrong with the folder's layout or a file's text; the files that could be read are in `sets`. */
  problems: FileProblem[];
  /** sha256 of every file's path and text: apply --resume checks the folder did not change. */
  digest: string;
  sets: FolderSet[];
}

/** A problem in one file of the folder, named by its path (relative to the folder). */
export interface FileProblem extends Problem {
  file: string;
}

/** One exit-3 error for every problem of the folder, each detail naming its file (relative to the folder). */
export function folderProblems(root: string, problems: FileProblem[]): InvalidInputError {
  const n = problems.length;
  return new InvalidInputError(`${root}: ${n} problem${n === 1 ? '' : 's'} in the folder; nothing was sent`, {
    details: problems,
    origin: root,
    hint: 'fix the files, then run plan again (`edu-flow validate -f <file>` checks one file)',
  });
}

const NO_STDIN = new PassThrough();

export async function readEstateFolder(root: string): Promise<EstateFolder> {
  await requireFolder(root);
  const problems: FileProblem[] = [];
  const texts: [string, string][] = [];
  const read = async (relative: string): Promise<ParsedBody | undefined> => {
    try {
      const { text } = await readBodyText(join(root, relative), NO_STDIN);
      texts.push([relative, text]);
      if (text.trim() === '') {
        problems.push({ file: relative, pointer: '', message: 'the file is empty' });
        return undefined;
      }
      return parseBody(text, relative);
    } catch (error) {
      if (!(error instanceof EduFlowError)) throw error;
      problems.push({
        file: relative,
        pointer: '',
        message: error.details.length ? error.details.map((d) => `${d.line ? `${d.line}:${d.column} ` : ''}${d.message}`).join('; ') : error.message,
      });
      return undefined;
    }
  };

  if (!(await stat(join(root, MANIFEST_FILE)).catch(() => undefined))) {
    throw new InvalidInputError(`${root} is not an edu-flow folder: it has no ${MANIFEST_FILE}`, {
      hint: `\`edu-flow export --out ${root}\` writes one from a tenant; a folder made by hand needs ${MANIFEST_FILE} holding {"format": "${FOLDER_FORMAT}"}`,
    });
  }
  const manifest = await read(MANIFEST_FILE);
  if (manifest && manifest.value.format !== FOLDER_FORMAT) {
    problems.push({
      file: MANIFEST_FILE,
      pointer: '/format',
      message: `must be "${FOLDER_FORMAT}" (this edu-flow reads that format), not ${JSON.stringify(manifest.value.format)}`,
    });
  }

  const sets: FolderSet[] = [];
  for (const entry of await listEntries(join(root, SETS_DIR))) {
    const dir = `${SETS_DIR}/${entry.name}`;
    if (!entry.isDirectory()) {
      if (entry.name.endsWith('.json')) problems.push({ file: dir, pointer: '', message: `a flow set is a folder under ${SETS_DIR}/ holding ${SET_FILE}, not a file` });
      continue;
    }
    const names = (await listEntries(join(root, dir))).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name);
    if (!names.includes(SET_FILE)) {
      problems.push({ file: dir, pointer: '', message: `has no ${SET_FILE} (each set folder holds the set's ${SET_FILE} and its flow files)` });
      continue;
    }
    const set = await read(`${dir}/${SET_FILE}`);
    const flows: FolderFlowFile[] = [];
    for (const name of names.sort()) {
      if (name === SET_FILE) continue;
      const kind = flowKindOfFile(name);
      if (kind === undefined) {
        problems.push({ file: `${dir}/${name}`, pointer: '', message: `not a file edu-flow knows: a set folder holds ${SET_FILE} and ${Object.values(FLOW_FILE_OF).join(', ')}` });
        continue;
      }
      const parsed = await read(`${dir}/${name}`);
      if (parsed) flows.push({ kind, parsed });
    }
    if (set) sets.push({ dir, set, flows });
  }
  return { root, problems, digest: digestOf(texts), sets };
}

async function requireFolder(root: string): Promise<void> {
  const info = await stat(root).catch(() => undefined);
  if (!info) throw new InvalidInputError(`cannot read the folder ${root}: it does not exist`, { hint: '`edu-flow export --out <dir>` writes a folder from a tenant' });
  if (!info.isDirectory()) throw new InvalidInputError(`${root} is a file, not a folder`, { hint: 'plan and apply take the folder `edu-flow export` wrote' });
}

async function listEntries(path: string) {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

function digestOf(texts: [string, string][]): string {
  const hash = createHash('sha256');
  for (const [path, text] of [...texts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) hash.update(`${path}\0${text}\0`);
  return hash.digest('hex');
}
