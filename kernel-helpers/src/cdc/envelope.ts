import { StreamlabError } from '../errors.js';

/** Debezium operations: create, update, delete, read (snapshot), truncate, message. */
export type ChangeOp = 'c' | 'u' | 'd' | 'r' | 't' | 'm';

/** Where a change happened, from Debezium's `source` block (PostgreSQL connector). */
export interface ChangeSource {
  connector: string;
  db: string;
  schema: string;
  table: string;
  /** Commit time in the database, ms since the epoch. */
  tsMs: number;
  lsn?: number;
  txId?: number;
  /** "true", "last", "first", "false" … while the initial snapshot runs. */
  snapshot?: string;
}

/** The `transaction` block of an event when `provide.transaction.metadata=true`. */
export interface ChangeTransaction {
  /** `<txId>:<lsn>` for PostgreSQL. */
  id: string;
  /** Position of this event among all events of the transaction (1-based). */
  totalOrder: number;
  /** Position among the transaction's events for this table (1-based). */
  dataCollectionOrder: number;
}

/** One row change, decoded from Debezium's JSON envelope. */
export interface ChangeEvent<Row = Record<string, unknown>> {
  op: ChangeOp;
  /** Row before the change (null on insert; complete only with REPLICA IDENTITY FULL). */
  before: Row | null;
  /** Row after the change (null on delete). */
  after: Row | null;
  source: ChangeSource;
  /** When Debezium processed the event, ms since the epoch. */
  tsMs: number;
  /** Present when the connector provides transaction metadata. */
  transaction?: ChangeTransaction;
  /** For `op: 'm'` (pg_logical_emit_message): prefix and base64 content. */
  message?: { prefix: string; content: string };
}

/** A record of the `<prefix>.transaction` topic: a transaction began or ended. */
export interface TransactionEvent {
  status: 'BEGIN' | 'END';
  /** `<txId>:<lsn>`, the same id as the events' `transaction.id`. */
  id: string;
  /** On END: how many change events the transaction produced, overall and per table. */
  eventCount?: number;
  dataCollections?: Array<{ dataCollection: string; eventCount: number }>;
  tsMs: number;
}

/** A message on a CDC topic that is not a Debezium change envelope; the message says what is wrong. */
export class EnvelopeError extends StreamlabError {}

const OPS: ReadonlySet<string> = new Set(['c', 'u', 'd', 'r', 't', 'm']);
const HINT = 'CDC topics are named <topic.prefix>.<schema>.<table> and written by Debezium with the JsonConverter';

function fail(reason: string, value: unknown): never {
  let shown: string;
  try {
    shown = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  } catch {
    shown = String(value);
  }
  throw new EnvelopeError(`not a Debezium change event: ${reason} (${shown.slice(0, 80)})`, { hint: HINT });
}

/** Text or Buffer → parsed JSON; objects pass through; the `{schema, payload}` wrapper is removed. */
function unwrap(value: unknown): unknown {
  let envelope: unknown = value;
  if (typeof value === 'string' || Buffer.isBuffer(value)) {
    const text = value.toString();
    try {
      envelope = JSON.parse(text);
    } catch {
      throw new EnvelopeError(`not JSON: ${text.slice(0, 60)}`, { hint: 'is the topic written by Debezium with the JsonConverter?' });
    }
  }
  if (isObject(envelope) && hasOwn(envelope, 'payload') && hasOwn(envelope, 'schema')) envelope = envelope.payload;
  return envelope;
}

/**
 * A row copied into a null-prototype object: keys such as `__proto__` or `constructor` become
 * plain columns and can never reach a prototype.
 */
function toRow<Row>(value: unknown, field: string, whole: unknown): Row | null {
  if (value === null || value === undefined) return null;
  if (!isObject(value)) fail(`"${field}" must be an object or null, got ${Array.isArray(value) ? 'an array' : typeof value}`, whole);
  const row = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value)) Object.defineProperty(row, key, { value: value[key], enumerable: true, writable: true, configurable: true });
  return row as Row;
}

function optionalNumber(value: unknown, field: string, whole: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  // Only numbers and numeric text: Number() of an object would call its (JSON-supplied) valueOf/toString.
  const number = typeof value === 'number' || typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) fail(`"${field}" must be a number, got ${shortJson(value)}`, whole);
  return number;
}

/** A field as text: strings as they are, other JSON values as JSON (never String() of an object, whose `toString` may be data). */
function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  return shortJson(value, Number.MAX_SAFE_INTEGER);
}

function shortJson(value: unknown, max = 40): string {
  try {
    return (JSON.stringify(value) ?? typeof value).slice(0, max);
  } catch {
    return typeof value;
  }
}

/**
 * Decodes a Debezium change event value. Returns null for a tombstone (the null value that
 * follows each delete so compaction can drop the key). Accepts the bare envelope and the
 * `{schema, payload}` form of a converter with schemas enabled, as text, Buffer or object.
 * Anything else throws an EnvelopeError naming what is wrong (prefixed with `where`, e.g. the
 * record's `topic/partition@offset`, when given); it never crashes on odd input.
 */
export function parseChangeEvent<Row = Record<string, unknown>>(value: unknown, where?: string): ChangeEvent<Row> | null {
  if (!where) return parseEnvelope<Row>(value);
  try {
    return parseEnvelope<Row>(value);
  } catch (error) {
    if (error instanceof EnvelopeError) throw new EnvelopeError(`${where}: ${error.message}`, { hint: error.hint });
    throw error;
  }
}

function parseEnvelope<Row>(value: unknown): ChangeEvent<Row> | null {
  if (value === null || value === undefined) return null;
  const envelope = unwrap(value);
  if (envelope === null) return null; // a tombstone written as the JSON text "null"
  if (!isObject(envelope)) fail(`expected an object, got ${Array.isArray(envelope) ? 'an array' : typeof envelope}`, envelope);
  if (!hasOwn(envelope, 'op') || typeof envelope.op !== 'string') fail('no "op" field (no valid "op")', envelope);
  if (!OPS.has(envelope.op)) fail(`unknown op ${shortJson(envelope.op)} (no valid "op": expected c, u, d, r, t or m)`, envelope);
  const op = envelope.op as ChangeOp;
  const before = toRow<Row>(envelope.before, 'before', envelope);
  const after = toRow<Row>(envelope.after, 'after', envelope);
  if ((op === 'c' || op === 'r') && after === null) fail(`op "${op}" without an "after" row`, envelope);
  if (op === 'u' && after === null) fail('op "u" without an "after" row', envelope);
  if (op === 'd' && before === null) fail('op "d" without a "before" row', envelope);
  const source = hasOwn(envelope, 'source') && isObject(envelope.source) ? envelope.source : fail('no "source" block', envelope);
  const event: ChangeEvent<Row> = {
    op,
    before,
    after,
    source: {
      connector: text(source.connector),
      db: text(source.db),
      schema: text(source.schema),
      table: text(source.table),
      tsMs: optionalNumber(source.ts_ms, 'source.ts_ms', envelope) ?? 0,
      lsn: optionalNumber(source.lsn, 'source.lsn', envelope),
      txId: optionalNumber(source.txId, 'source.txId', envelope),
      snapshot: source.snapshot === undefined || source.snapshot === null ? undefined : text(source.snapshot),
    },
    tsMs: optionalNumber(envelope.ts_ms, 'ts_ms', envelope) ?? 0,
  };
  if (isObject(envelope.transaction)) {
    const tx = envelope.transaction;
    if (typeof tx.id !== 'string') fail('"transaction.id" must be a string', envelope);
    event.transaction = {
      id: tx.id,
      totalOrder: optionalNumber(tx.total_order, 'transaction.total_order', envelope) ?? 0,
      dataCollectionOrder: optionalNumber(tx.data_collection_order, 'transaction.data_collection_order', envelope) ?? 0,
    };
  }
  if (op === 'm' && isObject(envelope.message)) {
    event.message = { prefix: text(envelope.message.prefix), content: text(envelope.message.content) };
  }
  return event;
}

/**
 * Decodes a record of the `<topic.prefix>.transaction` topic (BEGIN or END of a transaction,
 * with per-table event counts on END). Throws an EnvelopeError for anything else.
 */
export function parseTransactionEvent(value: unknown): TransactionEvent {
  const envelope = unwrap(value);
  if (!isObject(envelope)) fail('a transaction event must be an object', envelope);
  if (envelope.status !== 'BEGIN' && envelope.status !== 'END') fail(`transaction "status" must be BEGIN or END, got ${shortJson(envelope.status)}`, envelope);
  if (typeof envelope.id !== 'string') fail('transaction "id" must be a string', envelope);
  const event: TransactionEvent = { status: envelope.status, id: envelope.id, tsMs: optionalNumber(envelope.ts_ms, 'ts_ms', envelope) ?? 0 };
  if (envelope.status === 'END') {
    event.eventCount = optionalNumber(envelope.event_count, 'event_count', envelope);
    const collections = Array.isArray(envelope.data_collections) ? envelope.data_collections : [];
    event.dataCollections = collections.filter(isObject).map((entry) => ({
      dataCollection: text(entry.data_collection),
      eventCount: optionalNumber(entry.event_count, 'data_collections.event_count', envelope) ?? 0,
    }));
  }
  return event;
}

/**
 * Like `parseChangeEvent`, but never throws: `{ ok: false, reason }` for a malformed event, so a
 * stream can park poison records and keep going.
 */
export function tryParseChangeEvent<Row = Record<string, unknown>>(value: unknown, where?: string): { ok: true; event: ChangeEvent<Row> | null } | { ok: false; reason: string } {
  try {
    return { ok: true, event: parseChangeEvent<Row>(value, where) };
  } catch (error) {
    if (error instanceof EnvelopeError) return { ok: false, reason: error.message };
    throw error;
  }
}

function hasOwn(object: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
