import { UsageError } from '../errors.js';
import { setAtPointer } from './set-pointer.js';
import { collectPasswords, isPasswordPointer } from '../secrets.js';

/** One body change from the command line, in the order given. */
export interface BodyEdit {
  flag: string;
  pointer: string;
  value: unknown;
}

const ADDITIONAL_OPTIONS = '/managementOptions/additionalOptions';

/** The property flags of `update` (and create); all belong to the user flow. */
export const USER_PROPERTY_FLAGS = {
  createUnmatchedUsers: { flag: '--create-unmatched-users', pointer: '/createUnmatchedUsers' },
  studentAgeGroup: { flag: '--student-age-group', pointer: `${ADDITIONAL_OPTIONS}/studentAgeGroup` },
  allowStudentContactAssociation: { flag: '--allow-student-contact-association', pointer: `${ADDITIONAL_OPTIONS}/allowStudentContactAssociation` },
  additionalAttributes: { flag: '--additional-attributes', pointer: '/managementOptions/additionalAttributes' },
} as const;

export interface PropertyFlagValues {
  createUnmatchedUsers?: string;
  studentAgeGroup?: string;
  allowStudentContactAssociation?: string;
  additionalAttributes?: string;
}

/** Turns the property flags into edits, checking their values (exit 2 on a bad one). */
export function propertyFlagEdits(values: PropertyFlagValues): BodyEdit[] {
  const edits: BodyEdit[] = [];
  const { createUnmatchedUsers, studentAgeGroup, allowStudentContactAssociation, additionalAttributes } = values;
  if (createUnmatchedUsers !== undefined) {
    edits.push({ ...USER_PROPERTY_FLAGS.createUnmatchedUsers, value: parseBoolean(createUnmatchedUsers, USER_PROPERTY_FLAGS.createUnmatchedUsers.flag) });
  }
  if (studentAgeGroup !== undefined) {
    const allowed = ['minor', 'notAdult', 'adult', 'none'];
    const match = allowed.find((v) => v.toLowerCase() === studentAgeGroup.toLowerCase());
    if (!match)
      throw new UsageError(`--student-age-group takes ${allowed.join(', ')}, not ${JSON.stringify(studentAgeGroup)}`, {
        hint: '"none" sends null, which turns age-group enforcement off',
      });
    edits.push({ ...USER_PROPERTY_FLAGS.studentAgeGroup, value: match === 'none' ? null : match });
  }
  if (allowStudentContactAssociation !== undefined) {
    const spec = USER_PROPERTY_FLAGS.allowStudentContactAssociation;
    edits.push({ ...spec, value: parseBoolean(allowStudentContactAssociation, spec.flag) });
  }
  if (additionalAttributes !== undefined) {
    const list = additionalAttributes
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    edits.push({ ...USER_PROPERTY_FLAGS.additionalAttributes, value: list });
  }
  return edits;
}

/** `--set <pointer>=<value>`: the value is JSON when it parses, else a string. */
export function parseSetFlag(raw: string, flag: '--set' | '--set-string'): BodyEdit {
  const eq = raw.indexOf('=');
  // What follows "=" is never echoed: it may be a password typed in the wrong place.
  const shown = eq < 0 ? raw : `${raw.slice(0, eq + 1)}…`;
  if (eq <= 0) throw new UsageError(`${flag} takes <json-pointer>=<value>, e.g. ${flag} /createUnmatchedUsers=false; got ${JSON.stringify(shown)}`);
  const pointer = raw.slice(0, eq);
  const text = raw.slice(eq + 1);
  if (!pointer.startsWith('/')) throw new UsageError(`${flag}: "${pointer}" is not a JSON pointer`, { hint: 'a JSON pointer starts with "/", e.g. /createUnmatchedUsers' });
  const value = flag === '--set-string' ? text : jsonOrText(text, flag, pointer);
  refusePlaintextPassword(pointer, value, flag);
  return { flag, pointer, value };
}

function jsonOrText(text: string, flag: string, pointer: string): unknown {
  let value: unknown = text;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: taken as a string, as documented; --set-string says so explicitly.
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // 1e999 parses to Infinity, which JSON.stringify would quietly send as null.
    throw new UsageError(`${flag} ${pointer}: ${text} is too large for a JSON number`);
  }
  return value;
}

/**
 * A password typed on the command line can be read by every user of the machine (ps) and stays in
 * the shell's history: refused, with the way that keeps it out of both. The value is never echoed.
 */
function refusePlaintextPassword(pointer: string, value: unknown, flag: string): void {
  const plaintext = isPasswordPointer(pointer) ? typeof value === 'string' : collectPasswords(value).length > 0;
  if (!plaintext) return;
  throw new UsageError(`${flag} ${pointer}: a password on the command line can be read by anyone on this machine (ps, shell history); it was not used`, {
    hint: `put it in an environment variable and refer to it: --set '${isPasswordPointer(pointer) ? pointer : `${pointer}/…/password`}={"$env":"STAFF_PASSWORD"}'`,
  });
}

export function applyEdits(body: Record<string, unknown>, edits: readonly BodyEdit[]): void {
  for (const edit of edits) setAtPointer(body, edit.pointer, edit.value, edit.flag);
}

function parseBoolean(raw: string, flag: string): boolean {
  if (/^true$/i.test(raw)) return true;
  if (/^false$/i.test(raw)) return false;
  throw new UsageError(`${flag} takes true or false, not ${JSON.stringify(raw)}`);
}
