import type { Context, Env } from '../context.js';
import { resolveEnvRefs, type EnvRefMode } from './env-refs.js';
import type { SecretScrubber } from '../secrets.js';
import { InvalidInputError, UsageError } from '../errors.js';
import { collectPasswords } from '../secrets.js';
import { applyEdits, type BodyEdit } from './flags.js';
import { locate, parseBody, type ParsedBody, type Position } from './parse.js';
import type { Problem } from '../problem.js';
import { readBodyText, readStdinText } from './read.js';
import { checkBody, findDeprecated, ODATA_TYPE_OF, selectKind, type BodyKind } from './schema-check.js';
import { KIND_NAMES } from './kinds.js';

export interface BodySource {
  /** `-f` as given: a path, or "-" for stdin. */
  file?: string;
  /** Property flags and --set edits, in the order they apply (flags win over the file). */
  edits: readonly BodyEdit[];
  /** The command's flags that can stand in for a body, named in the "no body" hint (e.g. "--display-name"). */
  bodyFlags?: string;
}

/**
 * Where the body comes from: `-f`, else edits alone, else a piped
 * stdin; a terminal stdin with nothing else is "no body" (exit 2), never a silent wait.
 */
export async function loadBody(ctx: Context, source: BodySource): Promise<ParsedBody> {
  let parsed: ParsedBody;
  refuseIgnoredStdin(ctx, source);
  if (source.file !== undefined) {
    const { text, origin } = await readBodyText(source.file, ctx.io.stdin);
    parsed = parseBody(text, origin);
  } else if (source.edits.length > 0) {
    parsed = { value: {}, origin: 'the command line', positions: new Map() };
  } else if (!ctx.io.stdinIsTTY) {
    const { text, origin } = await readStdinText(ctx.io.stdin);
    if (text.trim() === '') throw noBody(source.bodyFlags, 'stdin was empty');
    parsed = parseBody(text, origin);
  } else {
    throw noBody(source.bodyFlags);
  }
  // `$schema` helps editors; Graph does not know it.
  delete parsed.value.$schema;
  applyEdits(parsed.value, source.edits);
  // From here on, no output of this run may show a body password, whatever prints it.
  for (const password of collectPasswords(parsed.value)) ctx.secrets.add(password);
  return parsed;
}

/**
 * A body piped in while -f names a file (or only flags give the body) would be silently ignored:
 * refused instead, before anything is read or sent. Only input already waiting counts, so an idle
 * stdin (a CI runner's open, empty pipe) never stops a run.
 */
function refuseIgnoredStdin(ctx: Context, source: BodySource): void {
  if (source.file === '-' || ctx.io.stdinIsTTY || !(source.file !== undefined || source.edits.length > 0)) return;
  if (!ctx.io.stdinHasInput?.()) return;
  if (source.file !== undefined) {
    throw new UsageError(`-f ${source.file} and a body piped into stdin: edu-flow reads only one`, { hint: 'use -f - to read the piped body, or stop piping into edu-flow' });
  }
  const flags = [...new Set(source.edits.map((e) => e.flag))].join(', ');
  throw new UsageError(`a body is piped into stdin, but without -f - it is not read (the body comes from ${flags})`, {
    hint: 'add -f - to read the piped body (the flags then edit it), or stop piping into edu-flow',
  });
}

function noBody(bodyFlags: string | undefined, why?: string): UsageError {
  return new UsageError(`no body given${why ? ` (${why})` : ''}`, {
    hint: `pass -f body.json, -f - to read stdin, ${bodyFlags ? 'pipe a body in, ' : 'or pipe a body in'}${bodyFlags ? `or use ${bodyFlags}` : ''}`,
  });
}

export interface CheckOptions {
  requestedKind?: BodyKind;
  strict: boolean;
  graphUrl: string;
  edits: readonly BodyEdit[];
  /** `{"$env": NAME}` passwords: resolved from here (update, create) or only checked (validate). */
  envRefs?: { env: Env; mode: EnvRefMode };
  /** update/diff: missing required members are judged after the merge over the live flow. */
  deferMissing?: boolean;
}

export interface BodyReport {
  kind: BodyKind;
  errors: Problem[];
  warnings: Problem[];
}

/** Schema, code checks and deprecations, with every problem placed in the source. */
export function inspectBody(parsed: ParsedBody, options: CheckOptions, secrets?: SecretScrubber): BodyReport {
  const references = options.envRefs ? resolveEnvRefs(parsed.value, options.envRefs.env, options.envRefs.mode) : { errors: [], warnings: [], secrets: [] };
  for (const secret of references.secrets) secrets?.add(secret);
  const selected = selectKind(parsed.value, options.requestedKind);
  const errors = [...references.errors, ...selected.problems];
  if (selected.problems.length === 0) {
    // An unresolved reference is reported once, as itself, not again as "not a string".
    const referenceErrors = new Set(references.errors.map((p) => p.pointer));
    errors.push(...checkBody(parsed.value, selected.kind, { graphUrl: options.graphUrl, deferMissing: options.deferMissing }).filter((p) => !referenceErrors.has(p.pointer)));
  }
  const deprecated = findDeprecated(parsed.value, selected.kind);
  const warnings: Problem[] = [...references.warnings];
  if (options.strict) errors.push(...deprecated.map((p) => ({ ...p, message: `${p.message} (an error under --strict)` })));
  else warnings.push(...deprecated);
  return {
    kind: selected.kind,
    errors: errors.map((p) => place(p, parsed, options.edits)),
    warnings: warnings.map((p) => place(p, parsed, options.edits)),
  };
}

/** Adds line:column, or names the flag when the member came from the command line. */
function place(problem: Problem, parsed: ParsedBody, edits: readonly BodyEdit[]): Problem {
  const edit = [...edits].reverse().find((e) => problem.pointer === e.pointer || problem.pointer.startsWith(`${e.pointer}/`));
  if (edit) return { pointer: problem.pointer, message: `${problem.message} (set by ${edit.flag})` };
  const at: Position | undefined = locate(problem.pointer, parsed.positions);
  return at ? { pointer: problem.pointer, line: at.line, column: at.column, message: problem.message } : problem;
}

/** Validation for a command that is about to send: errors stop it (exit 3), warnings are shown. */
export function requireValid(parsed: ParsedBody, report: BodyReport): void {
  if (report.errors.length > 0) {
    const n = report.errors.length;
    throw new InvalidInputError(`${parsed.origin}: the body is not a valid ${KIND_NAMES[report.kind]} (${n} problem${n === 1 ? '' : 's'}); nothing was sent`, {
      details: report.errors,
      origin: parsed.origin,
    });
  }
}

/** The `@odata.type` Graph needs on a PATCH; an absent one means a user flow. */
export function withODataType(body: Record<string, unknown>, kind: BodyKind): Record<string, unknown> {
  if (body['@odata.type'] !== undefined) return body;
  return { '@odata.type': ODATA_TYPE_OF[kind], ...body };
}

export { KIND_NAMES };
