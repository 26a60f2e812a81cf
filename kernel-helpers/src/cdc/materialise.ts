/**
 * Folding a change stream into a table's current state, keyed by primary key, and comparing it
 * with the source table. The fold is pure and idempotent under redelivery: each key remembers the
 * LSN of the change it holds, so an event already applied (or older) changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { joinGroup, type GroupConsumer } from '../kafka/index.js';
import { tryParseChangeEvent, type ChangeEvent } from './envelope.js';
import { quoteTable } from './capture.js';
import { runQuery, type Row } from './sql.js';

/** What the view holds for one key: the row (null once deleted) and the LSN that set it. */
export interface KeyState {
  row: Row | null;
  lsn: number;
  /** Set by a snapshot read (`op: r`), whose LSN is the snapshot's, not the row's last change. */
  snapshot?: boolean;
}

/** The primary-key value of a row as a stable string, e.g. `{"id":42}` (pure). */
export function primaryKeyOf(row: Row, primaryKey: readonly string[]): string {
  return JSON.stringify(primaryKey.map((column) => row[column] ?? null));
}

/**
 * Applies one change to `state` (mutated) and tells whether it changed anything (pure apart from
 * `state`). c/r/u set the key to `after`; d marks it deleted; a key update arrives from Debezium
 * as d of the old key then c of the new one. An event whose LSN is older than the key's is a
 * redelivery and is ignored; t (truncate) empties the table. Tombstones (null) change nothing.
 */
export function applyChange(state: Map<string, KeyState>, event: ChangeEvent | null, primaryKey: readonly string[]): boolean {
  if (!event || event.op === 'm') return false;
  const lsn = event.source.lsn ?? 0;
  if (event.op === 't') {
    const had = [...state.values()].some((entry) => entry.row !== null);
    for (const [key, entry] of state) if (entry.lsn <= lsn) state.set(key, { row: null, lsn });
    return had;
  }
  const row = event.op === 'd' ? event.before : event.after;
  if (!row) return false;
  const key = primaryKeyOf(row, primaryKey);
  const held = state.get(key);
  const snapshot = event.op === 'r';
  if (held && isOlder(snapshot, lsn, held)) return false;
  const next = event.op === 'd' ? null : row;
  if (held && JSON.stringify(held.row) === JSON.stringify(next)) {
    held.lsn = Math.max(held.lsn, lsn);
    return false;
  }
  state.set(key, { row: next, lsn, snapshot });
  return true;
}

/**
 * Whether an event is older than what a key holds. Streamed changes of one row carry increasing
 * LSNs (row locks order them). A snapshot read carries the snapshot's LSN instead: a change
 * committed just after the snapshot may have a smaller LSN and still be newer, so a streamed
 * change always replaces a snapshot read, and a snapshot read never replaces a streamed change.
 */
function isOlder(snapshot: boolean, lsn: number, held: KeyState): boolean {
  if (snapshot !== (held.snapshot ?? false)) return snapshot;
  return lsn < held.lsn;
}

/** A table's current state rebuilt from its change events. */
export class MaterialisedTable {
  readonly state = new Map<string, KeyState>();
  /** Events applied (including redeliveries that changed nothing), and malformed ones skipped. */
  applied = 0;
  rejected: string[] = [];

  /** `table` as `schema.table`; `primaryKey` its key columns (default ['id']). */
  constructor(
    readonly table: string,
    readonly primaryKey: readonly string[] = ['id'],
  ) {}

  /** Applies one raw record value (envelope, tombstone or malformed: skipped with its reason). */
  applyValue(value: unknown): void {
    const parsed = tryParseChangeEvent(value);
    if (!parsed.ok) {
      this.rejected.push(parsed.reason);
      return;
    }
    this.apply(parsed.event);
  }

  /** Applies one parsed event (see `applyChange`). */
  apply(event: ChangeEvent | null): boolean {
    this.applied += 1;
    return applyChange(this.state, event, this.primaryKey);
  }

  /** The current rows, ordered by primary key. */
  rows(): Row[] {
    return [...this.state.values()].flatMap((entry) => (entry.row ? [entry.row] : [])).sort((a, b) => compareKeys(a, b, this.primaryKey));
  }

  /** Number of live rows. */
  get size(): number {
    let count = 0;
    for (const entry of this.state.values()) if (entry.row) count += 1;
    return count;
  }
}

function compareKeys(a: Row, b: Row, primaryKey: readonly string[]): number {
  for (const column of primaryKey) {
    const [x, y] = [a[column], b[column]];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** A view kept up to date in the background from a CDC topic; `stop()` it when done. */
export interface FollowedTable {
  view: MaterialisedTable;
  member: GroupConsumer;
  stop(): Promise<void>;
}

/**
 * Follows `topic` from its beginning into a MaterialisedTable of `table`, in the background.
 * Always `await followed.stop()` in the same cell or a later one (or the test's afterAll).
 */
export async function followTable(topic: string, table: string, options: { primaryKey?: string[] } = {}): Promise<FollowedTable> {
  const view = new MaterialisedTable(table, options.primaryKey ?? ['id']);
  const member = await joinGroup(`streamlab-materialise-${randomUUID().slice(0, 8)}`, topic, {
    fromBeginning: true,
    commit: 'never',
    onRecord: (record) => view.applyValue(record.value),
  });
  return { view, member, stop: () => member.stop() };
}

/** One difference between the source table and a materialised view. */
export interface RowDifference extends Row {
  key: string;
  /** missing: in the source, not in the view; extra: in the view only; different: both, columns differ. */
  kind: 'missing' | 'extra' | 'different';
  columns: string;
}

/**
 * Whether a value as Debezium sent it equals the value node-postgres read: timestamps compare as
 * instants (a Date vs an ISO string or epoch ms), numbers and numeric strings by value (pure).
 */
export function sameValue(fromView: unknown, fromSource: unknown): boolean {
  if (fromSource instanceof Date) {
    const ms = typeof fromView === 'number' ? fromView : Date.parse(String(fromView));
    return ms === fromSource.getTime();
  }
  if (fromView === null || fromView === undefined || fromSource === null || fromSource === undefined) return (fromView ?? null) === (fromSource ?? null);
  if (typeof fromSource === 'object' || typeof fromView === 'object') return JSON.stringify(fromView) === JSON.stringify(fromSource);
  if (String(fromView) === String(fromSource)) return true;
  const [a, b] = [Number(fromView), Number(fromSource)];
  return !Number.isNaN(a) && !Number.isNaN(b) && a === b;
}

/** The differences between source rows and view rows, by primary key (pure). */
export function diffRows(source: Row[], view: Row[], primaryKey: readonly string[] = ['id']): RowDifference[] {
  const inView = new Map(view.map((row) => [primaryKeyOf(row, primaryKey), row]));
  const differences: RowDifference[] = [];
  for (const row of source) {
    const key = primaryKeyOf(row, primaryKey);
    const other = inView.get(key);
    inView.delete(key);
    if (!other) {
      differences.push({ key, kind: 'missing', columns: '' });
      continue;
    }
    const columns = [...new Set([...Object.keys(row), ...Object.keys(other)])].filter((column) => !sameValue(other[column], row[column]));
    if (columns.length) differences.push({ key, kind: 'different', columns: columns.map((column) => `${column}: source=${String(row[column])} view=${String(other[column])}`).join('; ') });
  }
  for (const key of inView.keys()) differences.push({ key, kind: 'extra', columns: '' });
  return differences;
}

/**
 * Compares a materialised view with `SELECT *` of its source table in PostgreSQL now; returns the
 * differences (empty: equal). Render them with `table(differences)`.
 */
export async function diffWithSource(view: MaterialisedTable): Promise<RowDifference[]> {
  const source = await runQuery(`SELECT * FROM ${quoteTable(view.table)}`);
  return diffRows(source, view.rows(), view.primaryKey);
}
