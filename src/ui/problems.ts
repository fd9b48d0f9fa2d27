import type { Problem } from '../problem.js';

/** "body.json:4:7  /managementOptions/…: message" — the form editors and CI logs link to. */
export function formatProblem(origin: string, problem: Problem): string {
  const where = problem.line !== undefined ? `${origin}:${problem.line}:${problem.column}` : origin;
  const pointer = problem.pointer === '' ? '(body)' : problem.pointer;
  return printable(`${where}  ${pointer}: ${problem.message}`);
}

/**
 * Text from a body or a server, made safe for a terminal: control characters (an ESC that would
 * recolour or move the cursor, a carriage return that would overwrite the line) are shown as
 * \u escapes. Line breaks and tabs stay.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
