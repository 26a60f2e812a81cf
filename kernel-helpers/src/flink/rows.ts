/** Flink's changelog row kinds: +I, -U, +U, -D. */
export type RowKind = 'INSERT' | 'UPDATE_BEFORE' | 'UPDATE_AFTER' | 'DELETE';

/** One result row as the gateway sends it (rowFormat=JSON). */
export interface Change {
  kind: RowKind;
  fields: unknown[];
}

/** A result row as a plain object, column name → value. */
export type FlinkRow = Record<string, unknown>;

/** Row objects from the gateway's columns and field arrays (in column order). */
export function toRow(columns: readonly string[], fields: readonly unknown[]): FlinkRow {
  const row: FlinkRow = {};
  columns.forEach((name, index) => (row[name] = fields[index]));
  return row;
}

/**
 * Materializes a changelog: INSERT and UPDATE_AFTER add a row, UPDATE_BEFORE and DELETE retract
 * one equal row. A window aggregate sends only INSERTs (each window once, final); a plain
 * `GROUP BY` sends updates, and this gives the table as it stands after the last change.
 * Rows keep the order of their latest insertion.
 */
export function applyRowKinds(changes: readonly Change[]): unknown[][] {
  const rows: Array<{ key: string; fields: unknown[] }> = [];
  for (const change of changes) {
    const key = JSON.stringify(change.fields);
    if (change.kind === 'INSERT' || change.kind === 'UPDATE_AFTER') {
      rows.push({ key, fields: [...change.fields] });
    } else {
      const index = rows.findIndex((row) => row.key === key);
      if (index >= 0) rows.splice(index, 1);
    }
  }
  return rows.map((row) => row.fields);
}
