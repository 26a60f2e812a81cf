/**
 * The transactional outbox: a business change and the event announcing it are written in ONE
 * database transaction (the event as a row of an `outbox` table); Debezium reads the outbox from
 * the WAL and its EventRouter turns each row into a Kafka record. Either both happen or neither.
 */
import { randomUUID } from 'node:crypto';
import { transaction, type SqlTag } from '../cdc/index.js';
import { StreamlabError } from '../errors.js';

/** An outbox table name that is not a plain lower-case SQL identifier. */
export class OutboxError extends StreamlabError {}

/** An event as the application writes it to the outbox. */
export interface NewOutboxEvent<P = unknown> {
  /** The kind of aggregate, e.g. `order`: EventRouter routes by it (topic `outbox.event.order`). */
  aggregateType: string;
  /** The aggregate's id: the Kafka key, so one aggregate's events stay in order on one partition. */
  aggregateId: string;
  /** What happened, e.g. `OrderPlaced` (sent in the `eventType` header). */
  type: string;
  payload: P;
}

/** An outbox event with its unique id (the `id` header downstream: the dedupe key). */
export interface OutboxEvent<P = unknown> extends NewOutboxEvent<P> {
  id: string;
}

const SEP = ', ';

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** `table` if it is a safe unquoted identifier (it is spliced into DDL, which cannot bind names). */
export function outboxIdentifier(table: string): string {
  if (!IDENTIFIER.test(table)) {
    throw new OutboxError(`"${table}" is not a plain table name`, { hint: 'use lower-case letters, digits and _ only, e.g. "outbox"' });
  }
  return table;
}

/**
 * The DDL of an outbox table with the columns EventRouter expects by default (id uuid,
 * aggregatetype, aggregateid, type, payload jsonb) plus created_at; idempotent (IF NOT EXISTS).
 */
export function outboxTableDdl(table = 'outbox'): string {
  const name = outboxIdentifier(table);
  return [
    `CREATE TABLE IF NOT EXISTS ${name} (`,
    '  id uuid PRIMARY KEY,',
    '  aggregatetype varchar(255) NOT NULL,',
    '  aggregateid varchar(255) NOT NULL,',
    '  type varchar(255) NOT NULL,',
    '  payload jsonb,',
    '  created_at timestamptz NOT NULL DEFAULT now()',
    ')',
  ].join('\n');
}

/** Runs a statement whose text is fixed by us (validated identifiers) with bound values. */
export function runStatement(sql: SqlTag, parts: string[], ...values: unknown[]) {
  return sql(Object.assign([...parts], { raw: [...parts] }) as unknown as TemplateStringsArray, ...values);
}

/** Creates the outbox table in `shop` if it does not exist (uses `sql` of a transaction or the pool). */
export async function ensureOutboxTable(sql: SqlTag, table = 'outbox'): Promise<void> {
  await runStatement(sql, [outboxTableDdl(table)]);
}

/** Gives an event its unique id (a random UUID). */
export function outboxEvent<P>(event: NewOutboxEvent<P>): OutboxEvent<P> {
  return { id: randomUUID(), ...event };
}

/** Inserts one event into the outbox with `sql` (inside the caller's transaction). */
export async function insertOutboxEvent(sql: SqlTag, event: OutboxEvent, table = 'outbox'): Promise<void> {
  const name = outboxIdentifier(table);
  await runStatement(
    sql,
    [`INSERT INTO ${name} (id, aggregatetype, aggregateid, type, payload) VALUES (`, '::uuid, ', SEP, SEP, SEP, '::jsonb)'],
    event.id,
    event.aggregateType,
    event.aggregateId,
    event.type,
    JSON.stringify(event.payload ?? null),
  );
}

/** What `transactionWithEvents` hands `work`: the transaction's `sql` and `emit` for events. */
export interface OutboxTransaction {
  sql: SqlTag;
  /** Queues an event; it is inserted into the outbox in the same transaction, just before COMMIT. */
  emit<P>(event: NewOutboxEvent<P>): OutboxEvent<P>;
}

/**
 * Runs `work` in one transaction and writes every event it `emit`s to the outbox in that same
 * transaction. Commit: the business rows and the events exist together. Throw: both are rolled
 * back, and Debezium never sees the events (a rolled-back transaction never reaches the WAL stream).
 */
export async function transactionWithEvents<T>(work: (tx: OutboxTransaction) => Promise<T>, options: { table?: string } = {}): Promise<{ result: T; events: OutboxEvent[] }> {
  const table = outboxIdentifier(options.table ?? 'outbox');
  return transaction(async (sql) => {
    const events: OutboxEvent[] = [];
    const result = await work({
      sql,
      emit: (event) => {
        const full = outboxEvent(event);
        events.push(full);
        return full;
      },
    });
    for (const event of events) await insertOutboxEvent(sql, event, table);
    return { result, events };
  });
}

/**
 * The settings that turn a Debezium PostgreSQL connector into an outbox relay: Debezium's own
 * EventRouter SMT routing each outbox row to the topic of its aggregate type, the aggregate id as
 * the (plain string) key, the event id in the `id` header and its type in `eventType`, the payload
 * (expanded JSON) as the value. Inserts are routed; the SMT drops deletes, so rows may be purged.
 * Pure: merge them into any PostgreSQL connector config that captures only the outbox table.
 */
export function eventRouterSettings(topicReplacement = 'outbox.event.${routedByValue}'): Record<string, string> {
  return {
    'tombstones.on.delete': 'false',
    'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    transforms: 'outbox',
    'transforms.outbox.type': 'io.debezium.transforms.outbox.EventRouter',
    'transforms.outbox.route.by.field': 'aggregatetype',
    'transforms.outbox.route.topic.replacement': topicReplacement,
    'transforms.outbox.table.field.event.id': 'id',
    'transforms.outbox.table.field.event.key': 'aggregateid',
    'transforms.outbox.table.field.event.payload': 'payload',
    'transforms.outbox.table.fields.additional.placement': 'type:header:eventType',
    'transforms.outbox.table.expand.json.payload': 'true',
  };
}

