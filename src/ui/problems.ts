import { printable } from './terminal-text.js';
import type { Problem } from '../problem.js';

/** "body.json:4:7  /managementOptions/…: message" — the form editors and CI logs link to. */
export function formatProblem(origin: string, problem: Problem): string {
  const source = problem.file ?? origin;
  const where = problem.line !== undefined ? `${source}:${problem.line}:${problem.column}` : source;
  const pointer = problem.pointer === '' ? '(body)' : problem.pointer;
  return printable(`${where}  ${pointer}: ${problem.message}`);
}

export { printable };
