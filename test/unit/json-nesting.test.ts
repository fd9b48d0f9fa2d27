// Unit: the flat nesting scan — the depth and the position it reports, strings and escapes skipped.
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import { nestingBeyond } from '../../src/json-nesting.js';

/** The plain reading of the rule, character by character, as a reference. */
function reference(text: string, max: number): { line: number; column: number } | undefined {
  let depth = 0;
  let inString = false;
  let line = 1;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    column++;
    if (ch === '\n') {
      line++;
      column = 0;
    }
    if (inString) {
      if (ch === '\\') {
        // The escaped character is skipped, but a newline among them still starts a line.
        i++;
        if (text[i] === '\n') {
          line++;
          column = 0;
        } else column++;
      } else if (ch === '"') inString = false;
      continue;
    }
    if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      depth++;
      if (depth > max) return { line, column };
    } else if (ch === '}' || ch === ']') depth--;
  }
  return undefined;
}

test('the first bracket past the limit, by line and column', () => {
  expect(nestingBeyond('{"a":\n  [[1]]}', 2)).toEqual({ line: 2, column: 4 });
  expect(nestingBeyond('[[[]]]', 3)).toBeUndefined();
  expect(nestingBeyond('[[[[]]]]', 3)).toEqual({ line: 1, column: 4 });
});

test('brackets inside strings, escaped quotes and backslashes do not count', () => {
  expect(nestingBeyond('{"a": "[[[[\\"{{{{", "b": "\\\\"}', 1)).toBeUndefined();
  // ["\\", [[]]]: the escaped backslash ends, then the string; the third bracket is at column 9.
  expect(nestingBeyond('["\\\\", [[]]]', 2)).toEqual({ line: 1, column: 9 });
});

test('a backslash before a raw newline inside a string: the position still counts that line', () => {
  // The counterexample a property run found: "\<newline>"{ — the bracket is on line 2, column 2.
  expect(nestingBeyond('"\\\n"{', 0)).toEqual({ line: 2, column: 2 });
});

test('agrees with the plain reading on any text', () => {
  const alphabet = fc.constantFrom('{', '}', '[', ']', '"', '\\', '\n', 'a', ':', ',', ' ');
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 200 }).map((chars) => chars.join('')),
      fc.integer({ min: 0, max: 6 }),
      (text, max) => {
        expect(nestingBeyond(text, max)).toEqual(reference(text, max));
      },
    ),
    { numRuns: 2000 },
  );
});
