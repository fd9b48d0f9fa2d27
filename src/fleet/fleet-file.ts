import type { IO } from '../context.js';
import { InvalidInputError } from '../errors.js';
import type { Problem } from '../problem.js';
import { locate, parseBody } from '../body/parse.js';
import { readBodyText } from '../body/read.js';
import { checkFleetDocument } from './fleet-check.js';
import type { Fleet } from './fleet.js';

export type { Fleet, FleetTenant } from './fleet.js';
export { selectTenants } from './select-tenants.js';

const EXAMPLE = '{"tenants": [{"name": "north", "tenant": "north.onmicrosoft.com"}]}';

/**
 * Reads and checks a fleet file ("-" reads stdin). Anything wrong is an InvalidInputError (exit 3)
 * whose details say where (pointer, line, column) and what; nothing else happens.
 */
export async function loadFleet(path: string, io: IO): Promise<Fleet> {
  let text: string;
  let origin: string;
  try {
    ({ text, origin } = await readBodyText(path, io.stdin));
  } catch (error) {
    // readBodyText speaks of body files; the reason stays, the hint says what this file is for.
    if (error instanceof InvalidInputError && error.hint === undefined) {
      throw new InvalidInputError(error.message, {
        hint: `--fleet names a JSON file listing the tenants, e.g. ${EXAMPLE}`,
        details: error.details,
        origin: error.origin,
        cause: error,
      });
    }
    throw error;
  }
  return parseFleet(text, origin);
}

/** A fleet from its text: the checks of loadFleet without the file. `origin` names it in messages. */
export function parseFleet(text: string, origin: string): Fleet {
  if (text.trim() === '') throw new InvalidInputError(`${origin} is empty: a fleet file lists the tenants`, { hint: `e.g. ${EXAMPLE}` });
  const parsed = parseBody(text, origin);
  const checked = checkFleetDocument(parsed.value);
  if (checked.problems.length > 0) {
    const placed = checked.problems.map((problem) => place(problem, parsed.positions)).sort(byPosition);
    throw new InvalidInputError(`${origin} is not a valid fleet file`, {
      details: placed,
      origin,
      hint: 'schemas/fleet.json describes the format; add "$schema": "https://edu-flow.dev/schemas/fleet.json" for an editor to check it as you type',
    });
  }
  return { path: origin, tenants: checked.tenants };
}

function place(problem: Problem, positions: Parameters<typeof locate>[1]): Problem {
  const position = locate(problem.pointer, positions);
  return position === undefined ? problem : { ...problem, line: position.line, column: position.column };
}

/** In reading order; a problem without a position keeps its place relative to the others. */
function byPosition(a: Problem, b: Problem): number {
  return (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
