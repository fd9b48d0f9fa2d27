/**
 * One thing wrong (or worth a warning) in a body. `pointer` is an RFC 6901 JSON pointer into the
 * body as the user wrote it ("" is the whole body). `line`/`column` (1-based) are filled in from
 * the source positions when the body came from text.
 */
export interface Problem {
  pointer: string;
  message: string;
  line?: number;
  column?: number;
  /** The file the problem is in, when one run reads many (a folder for plan/apply); else the error's origin says. */
  file?: string;
}

/** RFC 6901 escaping of one reference token. */
export function escapePointerToken(token: string): string {
  // Most tokens (member names, indexes) hold neither character: no regular expression for them.
  if (!token.includes('~') && !token.includes('/')) return token;
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function joinPointer(base: string, token: string | number): string {
  return `${base}/${escapePointerToken(String(token))}`;
}

/** Splits a JSON pointer into its unescaped tokens. "" → []. */
export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`a JSON pointer starts with "/": ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}
