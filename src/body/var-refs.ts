import { setOwn } from '../own-member.js';
import { joinPointer, type Problem } from '../problem.js';
import { isRecord } from './is-record.js';

/**
 * The files of a folder describe many tenants at once (a fleet); what differs between tenants is
 * written as a variable and filled in per tenant:
 * - a whole value `{"$var": "NAME"}` (an object with that one member) takes the variable's value,
 *   whatever JSON it is: a string, a list of licence SKUs, or an `{"$env": "…"}` password reference,
 *   which is resolved afterwards like any other;
 * - inside a string, `${NAME}` takes the variable's value, which must then be a string, number or
 *   boolean; `$${` stands for a literal `${`.
 * Only values are substituted, never member names, and a variable's own value is taken as it is:
 * a `$var` or `${…}` inside it is not substituted again.
 */
export interface VarSubstitution {
  /** A substituted copy; the input is never changed. */
  value: unknown;
  errors: Problem[];
  /** The names of the variables that were filled in, sorted, each once. */
  used: string[];
}

export type Variables = Readonly<Record<string, unknown>>;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Whether a string may name a variable: letters, digits and "_", not starting with a digit. */
export const isVariableName = (name: string): boolean => NAME.test(name);

const REFERENCE_FORM = 'a variable reference is {"$var": "NAME"} and nothing else';
export const VARIABLE_NAME_RULE = 'a variable name is letters, digits and "_", not starting with a digit';

/** A value still to be copied: where it is, and how its copy is put in place. */
interface Pending {
  source: unknown;
  pointer: string;
  place: (copy: unknown) => void;
}

/** What a walk makes of the two places a variable can stand. */
interface Visitor {
  atReference(reference: Record<string, unknown>, pointer: string): unknown;
  inString(text: string, pointer: string): unknown;
}

/**
 * Walks a JSON value once, copying it, with `atReference` deciding what a `{"$var": …}` object
 * becomes and `inString` what a string becomes. An explicit stack, not recursion: a variable's
 * value may add its own depth to the document's.
 */
function transform(value: unknown, visit: Visitor): unknown {
  let result: unknown;
  const stack: Pending[] = [
    {
      source: value,
      pointer: '',
      place: (copy) => {
        result = copy;
      },
    },
  ];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { source, pointer, place } = next;
    if (Array.isArray(source)) {
      const copy: unknown[] = new Array(source.length);
      place(copy);
      // Pushed last to first, so items are taken (and problems found) in document order.
      for (let index = source.length - 1; index >= 0; index--) {
        stack.push({
          source: source[index],
          pointer: joinPointer(pointer, index),
          place: (item) => {
            copy[index] = item;
          },
        });
      }
    } else if (isRecord(source)) {
      if (Object.hasOwn(source, '$var')) {
        place(visit.atReference(source, pointer));
        continue;
      }
      const copy: Record<string, unknown> = {};
      place(copy);
      const keys = Object.keys(source);
      // Members are placed in document order first, so the copy keeps their order.
      for (const key of keys) setOwn(copy, key, undefined);
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index];
        stack.push({ source: source[key], pointer: joinPointer(pointer, key), place: (member) => setOwn(copy, key, member) });
      }
    } else if (typeof source === 'string') {
      place(visit.inString(source, pointer));
    } else {
      place(source);
    }
  }
  return result;
}

/** A plain deep copy of JSON (a variable's value, placed where it is used). */
function copyJson(value: unknown): unknown {
  return transform(value, { atReference: (reference) => copyMembers(reference), inString: (text) => text });
}

/** The members of a `{"$var": …}` object copied without treating it as a reference. */
function copyMembers(reference: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(reference)) setOwn(copy, key, key === '$var' ? reference[key] : copyJson(reference[key]));
  return copy;
}

/** The name a `{"$var": …}` object refers to, or why it is not a reference. */
function referenceName(reference: Record<string, unknown>): { name: string } | { problem: string } {
  const name = reference.$var;
  if (Object.keys(reference).length !== 1 || typeof name !== 'string') return { problem: REFERENCE_FORM };
  if (!NAME.test(name)) return { problem: `${JSON.stringify(name)} is not a variable name: ${VARIABLE_NAME_RULE}` };
  return { name };
}

/** One piece of a string: literal text, or a `${NAME}` reference; or the fault that ends the scan. */
type StringPart = { text: string } | { name: string } | { problem: string };

/** Splits a string into literal text and `${NAME}` references, reading `$${` as a literal `${`. */
function* stringParts(text: string): Generator<StringPart> {
  let literal = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) break;
    if (text.startsWith('$${', dollar)) {
      literal += `${text.slice(index, dollar)}\${`;
      index = dollar + 3;
    } else if (text.startsWith('${', dollar)) {
      literal += text.slice(index, dollar);
      const close = text.indexOf('}', dollar + 2);
      if (close === -1) {
        yield {
          problem: `an unterminated "\${" at character ${dollar + 1}: end the variable name with "}", or write "$\${" for a literal "\${"`,
        };
        return;
      }
      const name = text.slice(dollar + 2, close);
      if (!NAME.test(name)) {
        yield {
          problem: `${JSON.stringify(text.slice(dollar, close + 1))} does not name a variable (${VARIABLE_NAME_RULE}); write "$\${" for a literal "\${"`,
        };
        return;
      }
      if (literal !== '') yield { text: literal };
      literal = '';
      yield { name };
      index = close + 1;
    } else {
      literal += text.slice(index, dollar + 1);
      index = dollar + 1;
    }
  }
  literal += text.slice(index);
  if (literal !== '') yield { text: literal };
}

const undefinedVariable = (name: string): string => `the variable ${name} is not defined for this tenant`;

function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** Fills in every `{"$var": NAME}` and `${NAME}` of a document from `variables`. */
export function substituteVars(value: unknown, variables: Variables): VarSubstitution {
  const errors: Problem[] = [];
  const used = new Set<string>();
  // Own members only: "constructor" or "toString" is not a variable because every object has one.
  const lookup = (name: string): { found: true; value: unknown } | { found: false } =>
    Object.hasOwn(variables, name) ? { found: true, value: variables[name] } : { found: false };
  const substituted = transform(value, {
    atReference(reference, pointer) {
      const named = referenceName(reference);
      if ('problem' in named) {
        errors.push({ pointer, message: named.problem });
        return copyMembers(reference);
      }
      const found = lookup(named.name);
      if (!found.found) {
        errors.push({ pointer, message: undefinedVariable(named.name) });
        return copyMembers(reference);
      }
      used.add(named.name);
      return copyJson(found.value);
    },
    inString(text, pointer) {
      // Most strings hold no "$" at all: no scan for them.
      if (!text.includes('$')) return text;
      let out = '';
      const filledIn: string[] = [];
      for (const part of stringParts(text)) {
        if ('problem' in part) {
          errors.push({ pointer, message: part.problem });
          return text;
        }
        if ('text' in part) {
          out += part.text;
          continue;
        }
        const found = lookup(part.name);
        if (!found.found) {
          errors.push({ pointer, message: undefinedVariable(part.name) });
          return text;
        }
        const scalar = found.value;
        if (typeof scalar !== 'string' && typeof scalar !== 'number' && typeof scalar !== 'boolean') {
          errors.push({
            pointer,
            message: `the variable ${part.name} is ${describeKind(scalar)}, which cannot stand inside a string: only a string, number or true/false can; use {"$var": "${part.name}"} for the whole value`,
          });
          return text;
        }
        filledIn.push(part.name);
        out += String(scalar);
      }
      for (const name of filledIn) used.add(name);
      return out;
    },
  });
  return { value: substituted, errors, used: [...used].sort() };
}

/** The names of the variables a document refers to (well-formed references only), sorted, each once. */
export function findVarRefs(value: unknown): string[] {
  const names = new Set<string>();
  transform(value, {
    atReference(reference) {
      const named = referenceName(reference);
      if ('name' in named) names.add(named.name);
      return undefined;
    },
    inString(text) {
      if (!text.includes('$')) return text;
      for (const part of stringParts(text)) if ('name' in part) names.add(part.name);
      return text;
    },
  });
  return [...names].sort();
}

/** A live string as a file of the folder must hold it: every literal `${` written `$${`. */
export function escapeVarText(text: string): string {
  // split/join, not replaceAll: in a replacement string "$$" would itself mean one "$".
  return text.split('${').join('$${');
}
