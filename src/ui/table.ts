import { inline } from './terminal-text.js';

/** Columns of ids (what people copy into the next command): never cut to fit. */
const ID_COLUMNS = new Set(['ID', 'SET', 'FLOW', 'TENANT']);
/** A column cut to fit keeps at least this many characters (or its header's). */
const MIN_CUT_WIDTH = 8;

const length = (text: string): number => [...text].length;
const cut = (text: string, width: number): string => (length(text) <= width ? text : `${[...text].slice(0, width - 1).join('')}…`);

/**
 * Columns padded to their widest cell; the last column is never padded (it may be long). Given a
 * terminal width, the widest columns that hold no ids (names, options, files) are narrowed until
 * the table fits, their cells cut with "…"; id columns are never cut, and when the ids alone do not
 * fit, nothing is. A pipe or a file gets every cell whole.
 */
export function renderTable(headers: string[], rawRows: string[][], width?: number): string {
  // Cells hold what Graph or a file said: each one stays on its line and cannot steer the terminal.
  const rows = rawRows.map((row) => row.map(inline));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => length(row[column] ?? ''))));
  if (width !== undefined) narrowToFit(widths, headers, width);
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => {
        const shown = cut(cell, widths[column]);
        return column === cells.length - 1 ? shown : shown.padEnd(widths[column] + shown.length - length(shown));
      })
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Narrows the widest cuttable column, one character at a time, until the table fits (or cannot). */
function narrowToFit(widths: number[], headers: string[], width: number): void {
  const total = (): number => widths.reduce((sum, w) => sum + w, 0) + 2 * (widths.length - 1);
  const floor = (column: number): number => Math.max(headers[column].length, MIN_CUT_WIDTH);
  const cuttable = headers.map((_, column) => column).filter((column) => !ID_COLUMNS.has(headers[column]));
  const least = widths.reduce((sum, w, column) => sum + (cuttable.includes(column) ? Math.min(w, floor(column)) : w), 0) + 2 * (widths.length - 1);
  if (least > width) return;
  while (total() > width) {
    const widest = cuttable.filter((column) => widths[column] > floor(column)).sort((a, b) => widths[b] - widths[a])[0];
    if (widest === undefined) return;
    widths[widest] -= 1;
  }
}
