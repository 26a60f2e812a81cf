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

/** One row change, decoded from Debezium's JSON envelope (converter with schemas disabled). */
export interface ChangeEvent<Row = Record<string, unknown>> {
  op: ChangeOp;
  /** Row before the change (null on insert; complete only with REPLICA IDENTITY FULL). */
  before: Row | null;
  /** Row after the change (null on delete). */
  after: Row | null;
  source: ChangeSource;
  /** When Debezium processed the event, ms since the epoch. */
  tsMs: number;
}

/** A message on a CDC topic that is not a Debezium change envelope. */
export class EnvelopeError extends StreamlabError {}

const OPS: ReadonlySet<string> = new Set(['c', 'u', 'd', 'r', 't', 'm']);

/**
 * Decodes a Debezium change event value. Returns null for a tombstone (the null value that
 * follows each delete so compaction can drop the key). Accepts both the bare envelope and the
 * `{schema, payload}` form of a converter with schemas enabled.
 */
export function parseChangeEvent<Row = Record<string, unknown>>(value: unknown): ChangeEvent<Row> | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' || Buffer.isBuffer(value) ? value.toString() : undefined;
  let envelope: unknown = value;
  if (text !== undefined) {
    try {
      envelope = JSON.parse(text);
    } catch {
      throw new EnvelopeError(`not JSON: ${text.slice(0, 60)}`, { hint: 'is the topic written by Debezium with the JsonConverter?' });
    }
  }
  if (isObject(envelope) && 'payload' in envelope && 'schema' in envelope) envelope = envelope.payload;
  if (!isObject(envelope) || typeof envelope.op !== 'string' || !OPS.has(envelope.op)) {
    throw new EnvelopeError(`not a Debezium change event (no valid "op" field): ${JSON.stringify(envelope).slice(0, 80)}`, {
      hint: 'CDC topics are named <topic.prefix>.<schema>.<table>; read one of those',
    });
  }
  const source = isObject(envelope.source) ? envelope.source : {};
  return {
    op: envelope.op as ChangeOp,
    before: (envelope.before ?? null) as Row | null,
    after: (envelope.after ?? null) as Row | null,
    source: {
      connector: String(source.connector ?? ''),
      db: String(source.db ?? ''),
      schema: String(source.schema ?? ''),
      table: String(source.table ?? ''),
      tsMs: Number(source.ts_ms ?? 0),
      lsn: source.lsn === undefined || source.lsn === null ? undefined : Number(source.lsn),
      txId: source.txId === undefined || source.txId === null ? undefined : Number(source.txId),
      snapshot: source.snapshot === undefined ? undefined : String(source.snapshot),
    },
    tsMs: Number(envelope.ts_ms ?? 0),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
