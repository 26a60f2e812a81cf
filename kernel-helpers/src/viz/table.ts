import { displayOnce } from '../notebook/index.js';
import type { Row } from './specs.js';

const escapeHtml = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Columns in first-seen order across all rows. */
export function columnsOf(rows: Row[]): string[] {
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  return [...columns];
}

/** An HTML table of `rows` (at most `limit`, default 50, with a note on how many were left out). */
export function tableHtml(rows: Row[], limit = 50): string {
  const columns = columnsOf(rows);
  const head = columns.map((column) => `<th>${escapeHtml(column)}</th>`).join('');
  const body = rows
    .slice(0, limit)
    .map((row) => `<tr>${columns.map((column) => `<td>${escapeHtml(cellText(row[column]))}</td>`).join('')}</tr>`)
    .join('');
  const more = rows.length > limit ? `<p>… e mais ${rows.length - limit} linhas</p>` : '';
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}`;
}

/** Plain-text rendering of the same table, for terminals and text-only viewers. */
export function tableText(rows: Row[], limit = 50): string {
  const columns = columnsOf(rows);
  const lines = rows.slice(0, limit).map((row) => columns.map((column) => cellText(row[column])));
  const widths = columns.map((column, i) => Math.max(column.length, ...lines.map((line) => line[i].length)));
  const format = (cells: string[]): string => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [format(columns), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

/** Shows rows as a table in the notebook (HTML with a text fallback). */
export function table(rows: Row[], options: { limit?: number } = {}): void {
  displayOnce({ 'text/html': tableHtml(rows, options.limit), 'text/plain': tableText(rows, options.limit) });
}
