import { inline } from './terminal-text.js';

/**
 * A JSON value as an indented tree for people: nested objects indented, arrays of scalars on one
 * line, arrays of objects as "- " items. Generic on purpose: it shows every flow type, and a
 * member Graph adds tomorrow, without a renderer per type.
 */
export function renderTree(value: unknown, indent = ''): string[] {
  if (Array.isArray(value)) {
    if (value.every((item) => item === null || typeof item !== 'object')) return [`${indent}${value.map(scalar).join(', ') || '(none)'}`];
    return value.flatMap((item) => {
      const lines = renderTree(item, `${indent}  `);
      return lines.length ? [`${indent}- ${lines[0].trimStart()}`, ...lines.slice(1)] : [];
    });
  }
  if (value !== null && typeof value === 'object') {
    const lines: string[] = [];
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      if (member !== null && typeof member === 'object' && !(Array.isArray(member) && member.every((i) => i === null || typeof i !== 'object'))) {
        lines.push(`${indent}${inline(key)}:`, ...renderTree(member, `${indent}  `));
      } else {
        lines.push(`${indent}${inline(key)}: ${Array.isArray(member) ? member.map(scalar).join(', ') || '(none)' : scalar(member)}`);
      }
    }
    return lines;
  }
  return [`${indent}${scalar(value)}`];
}

function scalar(value: unknown): string {
  if (value === null) return 'null';
  // What Graph said: it stays on its line and cannot steer the terminal.
  if (typeof value === 'string') return inline(value);
  return JSON.stringify(value);
}
