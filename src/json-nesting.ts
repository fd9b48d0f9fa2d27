/**
 * Where JSON text first nests deeper than `max` levels (its line and column), or undefined. A flat
 * scan over the text, with no recursion, so a hostile 100 000-deep document cannot exhaust the
 * stack here, and is refused before JSON.parse and the tool's recursive walks ever see it.
 */
export function nestingBeyond(text: string, max: number): { line: number; column: number } | undefined {
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
        i++;
        column++;
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

/** Graph's and Entra's answers are a few levels deep; anything past this is not a real answer. */
export const MAX_RESPONSE_DEPTH = 64;
