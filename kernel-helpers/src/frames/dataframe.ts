import pl from 'nodejs-polars';
import { displayOnce } from '../notebook/index.js';
import { tableHtml, tableText } from '../viz/table.js';
import type { Row } from '../viz/specs.js';
import { FramesError } from './errors.js';

/** nodejs-polars itself (`pl.col`, `pl.DataFrame`...), for the offline side of a check. */
export { pl };

/** A Polars DataFrame (nodejs-polars, the same API as Python Polars). */
export type DataFrame = pl.DataFrame;

/**
 * Rows (plain objects: consumed records, window results) → a Polars DataFrame. Columns are the
 * union of the rows' fields in first-seen order; a field a row lacks is null.
 */
export function toDataFrame(rows: readonly object[]): DataFrame {
  if (!Array.isArray(rows)) throw new FramesError('toDataFrame needs an array of rows', { hint: 'pass e.g. [{ origin: "ATL", delay: 12 }, ...]' });
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) columns.add(key);
  const data: Record<string, unknown[]> = Object.create(null);
  for (const column of columns) data[column] = rows.map((row) => normalise((row as Row)[column]));
  return pl.DataFrame(data);
}

/** A DataFrame → plain rows, the input of `table()` and of every chart builder. */
export function rowsOf(frame: DataFrame): Row[] {
  return frame.toRecords().map((record) => {
    const row: Row = {};
    for (const [column, value] of Object.entries(record)) row[column] = typeof value === 'bigint' ? Number(value) : value;
    return row;
  });
}

/** An HTML table of a DataFrame (its shape, then the first `limit` rows, default 20). */
export function frameHtml(frame: DataFrame, limit = 20): string {
  const dtypes = frame.columns.map((column, i) => `${column}: ${String(frame.dtypes[i])}`).join(', ');
  return `<p><code>DataFrame ${frame.height} × ${frame.width}</code> <small>${escape(dtypes)}</small></p>${tableHtml(rowsOf(frame.head(limit)), limit)}${
    frame.height > limit ? `<p>… e mais ${frame.height - limit} linhas</p>` : ''
  }`;
}

/** Shows a DataFrame in the notebook as an HTML table (with a text fallback), not as a text dump. */
export function showFrame(frame: DataFrame, options: { limit?: number } = {}): void {
  const limit = options.limit ?? 20;
  displayOnce({ 'text/html': frameHtml(frame, limit), 'text/plain': tableText(rowsOf(frame.head(limit)), limit) });
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.getTime();
  return value;
}

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
