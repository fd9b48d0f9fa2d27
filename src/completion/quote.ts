/** Quoting for the generated scripts: every word from the tree goes through one of these. */

/** A POSIX-shell single-quoted word (bash, zsh): `it's` → `'it'\''s'`. */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A fish single-quoted word: only `\` and `'` are escaped inside. */
export function fishQuote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A fish double-quoted word (used inside single-quoted conditions): `\`, `"` and `$` are escaped. */
export function fishDoubleQuote(text: string): string {
  return `"${text.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** A PowerShell single-quoted (verbatim) string: `'` is doubled (also the typographic quotes PowerShell treats alike). */
export function psQuote(text: string): string {
  return `'${text.replace(/['\u2018\u2019\u201a\u201b]/g, (q) => q + q)}'`;
}

/** A shell function name from a program name: "edu-flow" → "_edu_flow". */
export function functionName(program: string): string {
  return `_${program.replace(/[^A-Za-z0-9_]/g, '_')}`;
}
