/**
 * The processed-ids store of an idempotent consumer, in PostgreSQL: the id is inserted in the SAME
 * transaction as the side effect, so "applied" and "remembered" commit together. (A compacted
 * Kafka topic of ids could not commit atomically with a database write: a crash between the two
 * would either lose the effect or forget the id.)
 */
import { transaction, type SqlTag } from '../cdc/index.js';
import type { ConsumedRecord } from '../kafka/index.js';
import { eventIdOf } from './dedupe.js';
import { outboxIdentifier, runStatement } from './outbox.js';

/** DDL of the processed-ids table: one row per (consumer, event id); idempotent. */
export function processedEventsDdl(table = 'processed_events'): string {
  const name = outboxIdentifier(table);
  return `CREATE TABLE IF NOT EXISTS ${name} (\n  consumer text NOT NULL,\n  event_id text NOT NULL,\n  processed_at timestamptz NOT NULL DEFAULT now(),\n  PRIMARY KEY (consumer, event_id)\n)`;
}

/** Creates the processed-ids table if missing. */
export async function ensureProcessedEventsTable(sql: SqlTag, table = 'processed_events'): Promise<void> {
  await runStatement(sql, [processedEventsDdl(table)]);
}

/**
 * Records that `consumer` processed `eventId`, inside the caller's transaction. True the first
 * time; false when it was already there (a redelivery: skip the side effect).
 */
export async function markProcessed(tx: SqlTag, consumer: string, eventId: string, table = 'processed_events'): Promise<boolean> {
  const name = outboxIdentifier(table);
  const rows = await runStatement(tx, [`INSERT INTO ${name} (consumer, event_id) VALUES (`, ', ', ') ON CONFLICT DO NOTHING RETURNING event_id'], consumer, eventId);
  return rows.length === 1;
}

export interface IdempotentOptions {
  /** Processed-ids table. Default `processed_events`. */
  table?: string;
  /** Header holding the event id. Default `id` (EventRouter's). */
  idHeader?: string;
}

/**
 * Wraps a side effect into an idempotent record handler: one transaction marks the event id and,
 * only if it is new, runs `apply` with the same transaction. Resolves true when applied, false
 * when skipped as a duplicate. Use it as (part of) a group member's `onRecord`.
 */
export function idempotent<V>(consumer: string, apply: (record: ConsumedRecord<V>, tx: SqlTag) => Promise<void>, options: IdempotentOptions = {}): (record: ConsumedRecord<V>) => Promise<boolean> {
  return (record) => {
    const id = eventIdOf(record, options.idHeader);
    return transaction(async (tx) => {
      if (!(await markProcessed(tx, consumer, id, options.table))) return false;
      await apply(record, tx);
      return true;
    });
  };
}
