import type { Context } from '../../context.js';
import { KIND_NAMES, loadBody } from '../../body/prepare.js';
import { UsageError } from '../../errors.js';
import { findDeprecated, kindOfODataType, ODATA_TYPE_OF } from '../../body/schema-check.js';
import type { Reporter } from '../../ui/reporter.js';
import { collectPasswords, maskPasswords } from '../../secrets.js';
import { isRecord } from '../../body/is-record.js';

export interface MigrateOptions {
  file?: string;
}

/** What `migrateBody` made of a body: the new body and what to tell the person about it. */
export interface MigrateResult {
  /** A new object: the input is never changed. */
  body: Record<string, unknown>;
  /** True when a member was rewritten or removed. */
  changed: boolean;
  /** For stderr, as "note: …". */
  notes: string[];
  /** For stderr, as "warning: …": something a person should look at. */
  warnings: string[];
}

const DEPRECATED = 'markAllStudentsAsMinors';
const REPLACEMENT = 'studentAgeGroup';
const PATH = `managementOptions.additionalOptions.${DEPRECATED}`;
const POINTER = `/managementOptions/additionalOptions/${DEPRECATED}`;

/**
 * Offline, no token: the body with its deprecated members rewritten, as pretty
 * JSON on stdout whatever --output says (it is the input of `update -f -`); notes and warnings on
 * stderr. Exit 0 also when there is nothing to migrate.
 */
export async function runMigrate(ctx: Context, reporter: Reporter, options: MigrateOptions): Promise<number | void> {
  if (options.file === undefined && ctx.io.stdinIsTTY) {
    throw new UsageError('no body given', { hint: 'pass -f body.json, -f - to read stdin, or pipe a body in: `edu-flow get … --body | edu-flow migrate`' });
  }
  const parsed = await loadBody(ctx, { file: options.file, edits: [] });
  const result = migrateBody(parsed.value);
  for (const note of result.notes) reporter.info(`note: ${note}`);
  for (const warning of result.warnings) reporter.warn(warning);
  // A body password never reaches stdout; mask it outright (the scrubber would miss a
  // password shorter than 4 characters) and say what that means for the next command.
  const passwords = collectPasswords(result.body).filter((p) => p !== '' && !/^\*+$/.test(p));
  if (passwords.length > 0) {
    reporter.warn(
      'the body holds a password, which edu-flow never prints: it is shown as "********", which update and create refuse. ' +
        'Put the real password back, write it as {"$env": "VARIABLE_NAME"}, or leave defaultPasswordSettings out to keep the current one',
    );
  }
  const output = maskPasswords(result.body);
  // Always JSON: the text form of a body is its JSON.
  reporter.data(output, JSON.stringify(output, null, 2));
}

/**
 * The pure rewrite of `managementOptions.additionalOptions.markAllStudentsAsMinors` in a user
 * flow body (it stopped returning data on 2025-10-15):
 * - `true` → `"studentAgeGroup": "minor"`, in the place markAllStudentsAsMinors stood;
 * - `false` and `null` → removed; studentAgeGroup is left as it was (none is added);
 * - with a studentAgeGroup already there, that one wins, with a warning when the two disagree;
 * - any other value is left alone, with a warning.
 * Bodies of other flow types, and bodies with an unknown `@odata.type`, are returned unchanged.
 */
export function migrateBody(body: Record<string, unknown>): MigrateResult {
  const result: MigrateResult = { body: structuredClone(body), changed: false, notes: [], warnings: [] };
  const odataType = body['@odata.type'];
  if (odataType !== undefined && odataType !== ODATA_TYPE_OF.user) {
    const kind = typeof odataType === 'string' ? kindOfODataType(odataType) : undefined;
    if (kind === undefined) {
      result.warnings.push(`@odata.type ${JSON.stringify(odataType)} is not a type edu-flow knows: the body is left unchanged (\`edu-flow validate\` says more)`);
    } else {
      result.notes.push(`nothing to migrate: a ${KIND_NAMES[kind]} body has no deprecated members edu-flow rewrites`);
      warnLeftovers(result, kind, new Set());
    }
    return result;
  }

  const handled = new Set<string>();
  const management = result.body.managementOptions;
  const options = isRecord(management) ? management.additionalOptions : undefined;
  if (isRecord(management) && isRecord(options) && Object.hasOwn(options, DEPRECATED)) {
    const rewritten = rewriteAdditionalOptions(options, result);
    if (rewritten !== undefined) {
      management.additionalOptions = rewritten;
      result.changed = true;
    }
    handled.add(POINTER);
  }
  warnLeftovers(result, 'user', handled);
  if (!result.changed && result.warnings.length === 0) result.notes.push('nothing to migrate: the body has no deprecated members');
  return result;
}

/** The new additionalOptions, or undefined when the value cannot be migrated (left alone). */
function rewriteAdditionalOptions(options: Record<string, unknown>, result: MigrateResult): Record<string, unknown> | undefined {
  const value = options[DEPRECATED];
  if (value !== true && value !== false && value !== null) {
    result.warnings.push(
      `${PATH} is ${JSON.stringify(value)}, not true, false or null: it is left as it is. ` + `Replace it by hand with "${REPLACEMENT}" ("minor", "notAdult", "adult" or null)`,
    );
    return undefined;
  }
  const hasGroup = Object.hasOwn(options, REPLACEMENT);
  const group = options[REPLACEMENT];
  const addGroup = value === true && !hasGroup;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(options)) {
    if (key === DEPRECATED) {
      if (addGroup) define(out, REPLACEMENT, 'minor');
    } else {
      define(out, key, member);
    }
  }

  if (hasGroup) {
    const shown = JSON.stringify(group);
    const disagree = (value === true && group !== 'minor') || (value === false && group === 'minor');
    if (disagree) {
      result.warnings.push(
        `${PATH} was ${String(value)} but ${REPLACEMENT} is ${shown}: they disagree; kept "${REPLACEMENT}": ${shown} and removed ${DEPRECATED}. ` +
          `Check that ${shown} is the age group you want${value === true ? ' (true meant "minor")' : ''}`,
      );
    } else {
      result.notes.push(`${PATH}: ${String(value)} removed; "${REPLACEMENT}": ${shown} is already set and is kept`);
    }
  } else if (value === true) {
    result.notes.push(`${PATH}: true → "${REPLACEMENT}": "minor"`);
  } else if (value === false) {
    result.notes.push(`${PATH}: false removed (false meant: no age group forced; ${REPLACEMENT} is left as it was)`);
  } else {
    result.notes.push(`${PATH}: null removed (null meant: not set; ${REPLACEMENT} is left as it was)`);
  }
  return out;
}

/** Deprecated members this command has no rewrite for: said, never silently kept. */
function warnLeftovers(result: MigrateResult, kind: Parameters<typeof findDeprecated>[1], handled: Set<string>): void {
  for (const problem of findDeprecated(result.body, kind)) {
    if (handled.has(problem.pointer)) continue;
    result.warnings.push(`${problem.message} (edu-flow has no automatic rewrite for it: change it by hand)`);
  }
}

/** A member set as an own property, so a "__proto__" key stays a plain member. */
function define(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
