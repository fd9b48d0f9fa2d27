/**
 * Where JSON text first nests deeper than `max` levels (its line and column), or undefined. A flat
 * scan over the text, with no recursion, so a hostile 100 000-deep document cannot exhaust the
 * stack here, and is refused before JSON.parse and the tool's recursive walks ever see it.
 */
export function nestingBeyond(text: string, max: number): { line: number; column: number } | undefined {
  // Character codes, and the position worked out only when there is one to report: this runs on
  // every body and every answer, some of them megabytes long.
  const QUOTE = 34;
  const BACKSLASH = 92;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // Skip the string: to the next quote that no backslash escapes.
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
    } else if (code === 123 || code === 91) {
      depth++;
      if (depth > max) return positionOf(text, i);
    } else if (code === 125 || code === 93) depth--;
  }
  return undefined;
}

function positionOf(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** Graph's and Entra's answers are a few levels deep; anything past this is not a real answer. */
export const MAX_RESPONSE_DEPTH = 64;
