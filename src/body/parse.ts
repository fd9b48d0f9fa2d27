import { createRequire } from 'node:module';
import { setOwn } from '../own-member.js';
import type { DocumentNode, ParseOptions, ValueNode } from '@humanwhocodes/momoa';
import { InvalidInputError } from '../errors.js';
import { nestingBeyond } from '../json-nesting.js';
import { joinPointer, type Problem } from '../problem.js';

/** Deeper bodies are refused; the real ones are 6 levels deep. */
export const MAX_DEPTH = 32;

export interface Position {
  line: number;
  column: number;
}

/** A body as parsed from text: its value and where each member stood in the source. */
export interface ParsedBody {
  value: Record<string, unknown>;
  origin: string;
  /**
   * JSON pointer → position of the member's name (object members) or of the value (array items).
   * Worked out on first use: only a body with something to report needs it.
   */
  readonly positions: Map<string, Position>;
}

/**
 * The positional parser (momoa) costs ~30 ms to load, which a valid body should not pay: it is
 * loaded only to place a problem, and for the bodies JSON.parse cannot judge alone.
 */
function parseJsonAst(text: string, options: ParseOptions): DocumentNode {
  const momoa = createRequire(import.meta.url)('@humanwhocodes/momoa') as { parse(text: string, options: ParseOptions): DocumentNode };
  return momoa.parse(text, options);
}

/**
 * Text → JSON object, with positions. Refuses (exit 3) empty text, nesting deeper than
 * MAX_DEPTH (checked by a flat scan before the parser can recurse), syntax errors, duplicate
 * keys (JSON.parse would silently keep the last one) and a top level that is not an object.
 */
export function parseBody(text: string, origin: string): ParsedBody {
  if (text.trim() === '') {
    throw new InvalidInputError(`${origin} is empty: there is no body to send`, {
      hint: 'a body is a JSON object, e.g. {"createUnmatchedUsers": false}',
    });
  }
  checkDepth(text, origin);
  // The fast path: a syntactically valid object without duplicate keys needs no AST.
  let strictlyValid = true;
  if (!hasDuplicateKeys(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      strictlyValid = false; // the positional parser below says where and why
    }
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      let positions: Map<string, Position> | undefined;
      return {
        value: value as Record<string, unknown>,
        origin,
        get positions() {
          positions ??= parseBodyWithPositions(text, origin).positions;
          return positions;
        },
      };
    }
  }
  const parsed = parseBodyWithPositions(text, origin);
  // momoa accepts a few things RFC 8259 forbids (raw control characters inside strings): what
  // JSON.parse refused stays refused, placed where the offending character stands.
  if (!strictlyValid || !isStrictJson(text)) throw strictSyntaxError(text, origin);
  return parsed;
}

function isStrictJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function strictSyntaxError(text: string, origin: string): InvalidInputError {
  let reason = '';
  try {
    JSON.parse(text);
  } catch (error) {
    reason = (error as Error).message;
  }
  let line = 1;
  let column = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    column++;
    if (inString && ch.charCodeAt(0) < 0x20) {
      const code = `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      return new InvalidInputError(`${origin} is not valid JSON`, {
        details: [
          { pointer: '', line, column, message: `JSON syntax error: a raw control character (${code}) inside a string; write it escaped (\\t, \\n, \\u0001…) or remove it` },
        ],
        origin,
      });
    }
    if (ch === '\n') {
      line++;
      column = 0;
    }
    if (inString && ch === '\\') {
      i++;
      column++;
    } else if (ch === '"') inString = !inString;
  }
  return new InvalidInputError(`${origin} is not valid JSON`, { details: [{ pointer: '', message: `JSON syntax error: ${reason}` }], origin });
}

/** The full parse: momoa's AST gives every position, duplicate keys and exact syntax errors. */
function parseBodyWithPositions(text: string, origin: string): ParsedBody {
  let document;
  try {
    document = parseJsonAst(text, { mode: 'json' });
  } catch (error) {
    const { line, column } = error as { line?: number; column?: number };
    const message = (error as Error).message.replace(/\s*\(\d+:\d+\)\s*$/, '');
    throw new InvalidInputError(`${origin} is not valid JSON`, {
      details: [{ pointer: '', line, column, message: `JSON syntax error: ${message}` }],
      origin,
    });
  }
  if (document.body.type !== 'Object') {
    throw new InvalidInputError(`${origin} must hold a JSON object, not ${describeNode(document.body)}`, {
      details: [{ pointer: '', ...start(document.body), message: 'the body must be a JSON object { … }' }],
      origin,
    });
  }
  const positions = new Map<string, Position>();
  const duplicates: Problem[] = [];
  const value = toValue(document.body, '', positions, duplicates) as Record<string, unknown>;
  positions.set('', start(document.body));
  if (duplicates.length > 0) {
    throw new InvalidInputError(`${origin} has duplicate keys`, { details: duplicates, origin });
  }
  return { value, origin, positions };
}

/** Refused before any parser runs: a hostile 100 000-deep body cannot exhaust the stack. */
function checkDepth(text: string, origin: string): void {
  const at = nestingBeyond(text, MAX_DEPTH);
  if (at === undefined) return;
  throw new InvalidInputError(`${origin} is nested more than ${MAX_DEPTH} levels deep`, {
    details: [{ pointer: '', line: at.line, column: at.column, message: `nesting deeper than ${MAX_DEPTH} levels` }],
    origin,
  });
}

function toValue(node: ValueNode, pointer: string, positions: Map<string, Position>, duplicates: Problem[]): unknown {
  switch (node.type) {
    case 'Object': {
      const out: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const member of node.members) {
        const key = member.name.type === 'String' ? member.name.value : member.name.name;
        const memberPointer = joinPointer(pointer, key);
        if (seen.has(key)) {
          duplicates.push({
            pointer: memberPointer,
            ...start(member.name),
            message: `duplicate key "${key}" (first at line ${positions.get(memberPointer)?.line}): JSON keeps only one, so say it once`,
          });
          continue;
        }
        seen.add(key);
        positions.set(memberPointer, start(member.name));
        // Never plain assignment: a "__proto__" key must stay an ordinary member.
        setOwn(out, key, toValue(member.value, memberPointer, positions, duplicates));
      }
      return out;
    }
    case 'Array':
      return node.elements.map((element, index) => {
        const itemPointer = joinPointer(pointer, index);
        positions.set(itemPointer, start(element.value));
        return toValue(element.value, itemPointer, positions, duplicates);
      });
    case 'String':
    case 'Number':
    case 'Boolean':
      return node.value;
    case 'Null':
      return null;
    default:
      // JSON mode never produces the JSON5 nodes (NaN, Infinity, identifiers).
      throw new InvalidInputError(`unexpected ${node.type} in JSON`);
  }
}

function start(node: { loc: { start: { line: number; column: number } } }): Position {
  return { line: node.loc.start.line, column: node.loc.start.column };
}

function describeNode(node: ValueNode): string {
  return node.type === 'Array' ? 'an array' : node.type === 'Null' ? 'null' : `a ${node.type.toLowerCase()}`;
}

/** The position for a pointer, or for its nearest ancestor that has one (a missing member). */
export function locate(pointer: string, positions: Map<string, Position>): Position | undefined {
  let current = pointer;
  for (;;) {
    const found = positions.get(current);
    if (found) return found;
    if (current === '') return undefined;
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/**
 * Whether any object repeats a key, by a flat scan (no recursion, no AST): each open object keeps
 * the set of its keys. Cheap enough to run on every body; the rare positive goes to the full parse
 * for the exact report.
 */
export function hasDuplicateKeys(text: string): boolean {
  const keys: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = keys[keys.length - 1];
      if (expectKey && top) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          return true; // malformed: let the full parser explain it
        }
        if (top.has(key)) return true;
        top.add(key);
        expectKey = false;
      }
      i = end;
    } else if (ch === '{') {
      keys.push(new Set());
      expectKey = true;
    } else if (ch === '[') {
      keys.push(null);
      expectKey = false;
    } else if (ch === '}' || ch === ']') {
      keys.pop();
      expectKey = false;
    } else if (ch === ',') {
      expectKey = keys[keys.length - 1] instanceof Set;
    }
  }
  return false;
}
