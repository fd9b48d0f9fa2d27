import { inline } from './terminal-text.js';

/** Columns padded to their widest cell; the last column is never padded (it may be long). */
export function renderTable(headers: string[], rawRows: string[][]): string {
  // Cells hold what Graph or a file said: each one stays on its line and cannot steer the terminal.
  const rows = rawRows.map((row) => row.map(inline));
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}
