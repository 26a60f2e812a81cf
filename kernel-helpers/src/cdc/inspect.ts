/**
 * Looking at change events: one readable row per event (op, key, changed columns as
 * `before → after`, LSN, txId, commit-to-Kafka lag), as a table, or live while SQL runs elsewhere.
 */
import { consume, joinGroup, type ConsumedRecord, type GroupConsumer } from '../kafka/index.js';
import { UpdatableOutput } from '../notebook/index.js';
import { tableHtml, tableText } from '../viz/index.js';
import { tryParseChangeEvent, type ChangeEvent } from './envelope.js';

/** One change event as a flat row for `table()`. */
export interface ChangeRow {
  [column: string]: unknown;
  offset: string;
  /** c, u, d, r, t, m, or "tombstone". */
  op: string;
  /** The record key, e.g. `id=42`. */
  key: string;
  /** `column: before → after` for each column that differs (∅ for no value). */
  changes: string;
  lsn: number | null;
  txId: number | null;
  /** Kafka record timestamp minus the commit time in PostgreSQL, ms. */
  lag_ms: number | null;
}

const NONE = '∅';

function show(value: unknown): string {
  if (value === undefined || value === null) return NONE;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** `column: before → after` for the columns that differ between two rows (pure). */
export function changedColumns(before: Record<string, unknown> | null, after: Record<string, unknown> | null, maxLength = 160): string {
  const columns = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const parts = columns
    .filter((column) => show(before?.[column]) !== show(after?.[column]))
    .map((column) => `${column}: ${show(before?.[column])} → ${show(after?.[column])}`);
  const text = parts.join('; ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** A record key as `col=value, ...` (the JSON key Debezium writes), or the raw text (pure). */
export function formatKey(key: string | null): string {
  if (key === null) return NONE;
  try {
    const parsed = JSON.parse(key) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>).map(([column, value]) => `${column}=${show(value)}`).join(', ');
    }
  } catch {
    // not JSON: show it as it is
  }
  return key;
}

/** The row shown for one consumed record of a CDC topic; a malformed value shows its reason (pure). */
export function changeRow(record: Pick<ConsumedRecord, 'offset' | 'key' | 'value' | 'timestamp'>): ChangeRow {
  const base = { offset: record.offset, key: formatKey(record.key) };
  const parsed = tryParseChangeEvent(record.value);
  if (!parsed.ok) return { ...base, op: 'invalid', changes: parsed.reason, lsn: null, txId: null, lag_ms: null };
  const event: ChangeEvent | null = parsed.event;
  if (!event) return { ...base, op: 'tombstone', changes: '', lsn: null, txId: null, lag_ms: null };
  return {
    ...base,
    op: event.op,
    changes: changedColumns(event.before, event.after),
    lsn: event.source.lsn ?? null,
    txId: event.source.txId ?? null,
    lag_ms: event.source.tsMs ? record.timestamp - event.source.tsMs : null,
  };
}

export interface InspectOptions {
  /** At most this many events (default 20). */
  max?: number;
  /** Stop waiting after this long (default 10 000 ms). */
  timeoutMs?: number;
  /** Only records after the first `skip` ones (default 0). */
  skip?: number;
  /** Show the table in the notebook (default true). */
  show?: boolean;
}

/**
 * Reads a CDC topic from the beginning (bounded) and shows one row per change event: op, key,
 * changed columns as `before → after`, LSN, txId and commit-to-Kafka lag. Returns the rows.
 */
export async function inspectChanges(topic: string, options: InspectOptions = {}): Promise<ChangeRow[]> {
  const skip = options.skip ?? 0;
  const records = await consume(topic, { max: (options.max ?? 20) + skip, timeoutMs: options.timeoutMs ?? 10_000, waitForTopic: true });
  const rows = records.slice(skip).map(changeRow);
  if (options.show ?? true) new UpdatableOutput().show(tableBundle(rows, options.max ?? 20));
  return rows;
}

function tableBundle(rows: ChangeRow[], limit: number): Record<string, unknown> {
  return { 'text/html': tableHtml(rows, limit), 'text/plain': tableText(rows, limit) };
}

export interface WatchOptions {
  /** Rows kept on screen: the latest ones (default 15). */
  maxRows?: number;
  /** Stop by itself after this long, ms, so a forgotten watch ends (default 120 000). */
  maxDurationMs?: number;
  /** At most one redraw per this many ms (default 300). */
  minIntervalMs?: number;
}

/** A live view of a CDC topic; `stop()` it in a later cell. */
export class ChangeWatch {
  /** Every row seen so far (not only those on screen). */
  readonly rows: ChangeRow[] = [];
  private readonly output = new UpdatableOutput();
  private member?: GroupConsumer;
  private timer?: NodeJS.Timeout;
  private lastDraw = 0;
  private stopped?: Promise<ChangeRow[]>;

  constructor(private readonly options: WatchOptions = {}) {}

  /** @internal joinGroup's record handler */
  add(record: ConsumedRecord): void {
    this.rows.push(changeRow(record));
    if (Date.now() - this.lastDraw >= (this.options.minIntervalMs ?? 300)) this.draw();
  }

  /** @internal */
  attach(member: GroupConsumer): void {
    this.member = member;
    this.timer = setTimeout(() => void this.stop(), this.options.maxDurationMs ?? 120_000);
    this.timer.unref();
    this.draw();
  }

  /** Resolves once `count` events were seen (or fails after `timeoutMs`, default 30 s). */
  async waitForEvents(count: number, timeoutMs = 30_000): Promise<void> {
    await this.member?.waitForRecords(count, timeoutMs);
  }

  /** Stops watching (idempotent), draws the final table and returns every row seen. */
  stop(): Promise<ChangeRow[]> {
    this.stopped ??= (async () => {
      clearTimeout(this.timer);
      await this.member?.stop();
      this.draw();
      return this.rows;
    })();
    return this.stopped;
  }

  private draw(): void {
    this.lastDraw = Date.now();
    const limit = this.options.maxRows ?? 15;
    this.output.show(tableBundle(this.rows.slice(-limit), limit));
  }
}

/**
 * Starts a live table of the change events arriving on `topic` from now on: it keeps updating
 * one output while later cells run SQL. Bounded: it stops by itself after `maxDurationMs`; call
 * `await watch.stop()` in the cell where you are done.
 */
export async function watchChanges(topic: string, options: WatchOptions = {}): Promise<ChangeWatch> {
  const watch = new ChangeWatch(options);
  const member = await joinGroup(`streamlab-watch-${Date.now().toString(36)}`, topic, {
    fromBeginning: false,
    commit: 'never',
    onRecord: (record) => watch.add(record),
  });
  watch.attach(member);
  return watch;
}
