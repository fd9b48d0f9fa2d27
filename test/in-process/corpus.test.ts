// The bad-input corpus: every file under test/corpus/bodies/ and every id in test/corpus/cases.json,
// run through the CLI's main() in this process (no process per case) against one local emulator.
//
// A bad case must end (jest's timeout is the liveness guard) with its exit code (2 or 3), a message naming the
// problem (on stderr for `update`; in the JSON report on stdout for `validate`), no stack trace,
// and no request at all reaching the emulator. An accepted case (exit 0) must send exactly one
// PATCH holding the body. Cases too big or too awkward to commit (over 4 MiB, 100 000 levels deep,
// a 10 000-character id) are described in the manifest under "generate" and built here, in a
// temporary folder.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, SEED, type Emulator } from '../emulator/emulator.js';
import { seedFlows } from '../emulator/seed.js';
import { makeTempDir, REPO_ROOT } from '../helpers/run-cli.js';
import { runMain } from '../helpers/run-main.js';
import { USER_TOKEN } from '../helpers/secrets.js';

const CORPUS = path.join(REPO_ROOT, 'test/corpus');

/** How a body is built at test time instead of being committed. */
type Generate =
  /** `text`, then spaces up to exactly `bytes` bytes: a body that is valid apart from its size. */
  | { kind: 'padded'; text: string; bytes: number }
  /** `open` × depth, then `close` × depth, inside {"createUnmatchedUsers": …}. */
  | { kind: 'nested'; open: string; close: string; depth: number }
  /** `text` × count (ids). */
  | { kind: 'repeat'; text: string; count: number };

interface CorpusCase {
  /** A committed body, relative to test/corpus/. */
  file?: string;
  /** The test name of a case without a file (ids, generated bodies). */
  name?: string;
  /** "id": `value` (or the generated value) goes to `flag`, with a valid body. */
  kind?: 'id';
  flag?: '--set-id' | '--flow-id';
  value?: string;
  generate?: Generate;
  command?: 'update' | 'validate';
  /** validate --type. */
  type?: string;
  /** More command-line arguments (e.g. --strict). */
  args?: string[];
  exit: number;
  /** Bad cases: a fragment of the message that names the problem. */
  message?: string;
  /** Bad cases: the JSON pointer the problem is reported at ("" = the whole body). */
  pointer?: string;
  /** Accepted update cases: what the PATCH body must hold (toMatchObject). */
  patch?: Record<string, unknown>;
}

const CASES = JSON.parse(readFileSync(path.join(CORPUS, 'cases.json'), 'utf8')) as CorpusCase[];

const caseName = (c: CorpusCase): string => c.file ?? c.name ?? JSON.stringify(c);
const BAD = CASES.filter((c) => c.exit !== 0).map((c) => [caseName(c), c] as const);
const ACCEPTED = CASES.filter((c) => c.exit === 0).map((c) => [caseName(c), c] as const);

/** A body every id case carries: valid, and a change to the seeded user flow (so a slip would PATCH). */
const VALID_BODY = '{"createUnmatchedUsers": false}';
const FLOW_KEY = `${SEED.setId}/${SEED.userFlowId}`;
const FLOW_PATH = `/beta/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`;

let emu: Emulator;
let dir: string;
beforeAll(async () => {
  emu = await startEmulator();
  dir = makeTempDir('edu-flow-corpus-');
});
afterAll(async () => {
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function generated(g: Generate): string | Buffer {
  switch (g.kind) {
    case 'padded': {
      const text = Buffer.from(g.text, 'utf8');
      return Buffer.concat([text, Buffer.alloc(g.bytes - text.length, ' ')]);
    }
    case 'nested':
      return `{"createUnmatchedUsers": ${g.open.repeat(g.depth)}${g.close.repeat(g.depth)}}`;
    case 'repeat':
      return g.text.repeat(g.count);
  }
}

/** The body file a case runs with: the committed one, or one written now into the temp folder. */
function bodyFileOf(c: CorpusCase, index: number): string {
  if (c.file !== undefined) return path.join(CORPUS, c.file);
  const file = path.join(dir, `case-${index}.json`);
  writeFileSync(file, c.kind === 'id' || c.generate === undefined ? VALID_BODY : generated(c.generate));
  return file;
}

function idOf(c: CorpusCase): string {
  if (c.generate !== undefined) return generated(c.generate).toString();
  if (c.value === undefined) throw new Error(`id case ${caseName(c)} has neither value nor generate`);
  return c.value;
}

interface CliResult {
  code: number;
  signal: null;
  stdout: string;
  stderr: string;
}

async function run(c: CorpusCase, index: number): Promise<CliResult> {
  const file = bodyFileOf(c, index);
  const command = c.command ?? 'update';
  const args: string[] = [command];
  if (command === 'update') {
    const ids: Record<string, string> = { '--set-id': SEED.setId, '--flow-id': SEED.userFlowId };
    if (c.kind === 'id') ids[c.flag ?? '--flow-id'] = idOf(c);
    args.push('--set-id', ids['--set-id'], '--flow-id', ids['--flow-id']);
  }
  if (c.type !== undefined) args.push('--type', c.type);
  args.push(...(c.args ?? []), '-f', file);
  // The corpus is about reading and checking bodies; some accepted ones replace the seeded user
  // configurations without their default passwords, which update refuses unless told to drop them.
  if (command === 'update') args.push('--drop-default-passwords');
  // Every run could reach the emulator, token included: only the CLI's own checks keep it quiet.
  const result = await runMain(args, { env: { EDU_FLOW_GRAPH_URL: emu.graphUrl, EDU_FLOW_ACCESS_TOKEN: USER_TOKEN } });
  return { code: result.code, signal: null, stdout: result.stdout, stderr: result.stderr };
}

interface ReportedProblem {
  pointer: string;
  line?: number;
  column?: number;
  message: string;
}

/** What a bad case did, in one object, so a failure shows all of it at once. */
function outcome(c: CorpusCase, result: CliResult, sent: string[]) {
  const stackLines = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => line.startsWith('    at '));
  const fragment = c.message ?? '';
  if ((c.command ?? 'update') === 'validate') {
    let report: { valid?: boolean; errors?: ReportedProblem[] } | string;
    try {
      report = JSON.parse(result.stdout) as { valid?: boolean; errors?: ReportedProblem[] };
    } catch {
      report = result.stdout;
    }
    const errors = typeof report === 'string' ? [] : (report.errors ?? []);
    const named = errors.some((e) => e.message.includes(fragment) && (c.pointer === undefined || e.pointer === c.pointer));
    return {
      exit: result.code,
      signal: result.signal,
      valid: typeof report === 'string' ? report : report.valid,
      // The expected fragment (and pointer) when a reported error has them; else the whole report.
      problem: named ? { message: fragment, pointer: c.pointer } : report,
      // The report on stdout is the answer; stderr says in one line why the exit is not 0.
      stderr:
        /^(error: |\{"error":).+ is not a valid .+: \d+ problems? \(listed in the report on stdout\)/.test(result.stderr) && result.stderr.trim().split('\n').length === 1
          ? 'one line: why'
          : result.stderr,
      stackLines,
      sent,
    };
  }
  const pointerShown = c.pointer === undefined || result.stderr.includes(`${c.pointer === '' ? '(body)' : c.pointer}: `);
  return {
    exit: result.code,
    signal: result.signal,
    // The expected fragment when stderr has it (and names the pointer); else all of stderr.
    problem: result.stderr.includes(fragment) && pointerShown ? { message: fragment, pointer: c.pointer } : result.stderr,
    stdout: result.stdout, // stdout carries data only: a failure writes nothing there
    stackLines,
    sent,
  };
}

describe('bad input: the expected exit code and message, no stack trace, nothing sent', () => {
  test.each(BAD)('%s', async (_name, c) => {
    const index = CASES.indexOf(c);
    const before = emu.requests.length;
    const result = await run(c, index);
    const sent = emu.requests.slice(before).map((r) => `${r.method} ${r.path}`);
    const expected =
      (c.command ?? 'update') === 'validate'
        ? { exit: c.exit, signal: null, valid: false, problem: { message: c.message, pointer: c.pointer }, stderr: 'one line: why', stackLines: [], sent: [] }
        : { exit: c.exit, signal: null, problem: { message: c.message, pointer: c.pointer }, stdout: '', stackLines: [], sent: [] };
    expect(outcome(c, result, sent)).toEqual(expected);
  });
});

describe('accepted input: exit 0 and exactly one PATCH holding the body', () => {
  test.each(ACCEPTED)('%s', async (_name, c) => {
    // Each accepted case starts from the seeded flow, so it is a change whatever ran before it.
    const seeded = seedFlows(emu.graphUrl).get(FLOW_KEY);
    if (seeded === undefined) throw new Error(`the seed has no flow ${FLOW_KEY}`);
    emu.flows.set(FLOW_KEY, seeded);
    const before = emu.requests.length;
    const result = await run(c, CASES.indexOf(c));
    const patches = emu.requests.slice(before).filter((r) => r.method === 'PATCH');
    expect({ exit: result.code, patches: patches.length }).toEqual({ exit: 0, patches: 1 });
    expect(patches[0].path).toBe(FLOW_PATH);
    expect(patches[0].json).toMatchObject(c.patch ?? {});
    expect(result.stderr).not.toMatch(/^ {4}at /m);
  });
});

test('the corpus holds at least 60 bad cases, and the accepted encodings', () => {
  expect(BAD.length).toBeGreaterThanOrEqual(60);
  expect(ACCEPTED.map(([name]) => name)).toEqual(
    expect.arrayContaining([expect.stringMatching(/utf8-bom/), expect.stringMatching(/utf16le-bom/), expect.stringMatching(/utf16be-bom/)]),
  );
});
