import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSql, sql } from '@streamlab/kernel-helpers/cdc';
import { deleteTopic, describeTopic, joinGroup } from '@streamlab/kernel-helpers/kafka';
import { waitUntil } from '../../../kernel-helpers/src/wait';
import { startOutboxRelay, stopOutboxRelay, transactionWithEvents, type OutboxEvent } from '@streamlab/kernel-helpers/events';

const suffix = randomUUID().slice(0, 8);
const name = `eda-it-outbox-${suffix}`;
const table = `eda_it_outbox_${suffix}`;
const orders = `eda_it_orders_${suffix}`;
const topic = `eda-it-${suffix}.event.order`;
const TRANSACTIONS = 200;
const rolledBack = (i: number) => i % 5 === 3; // 40 of 200

beforeAll(async () => {
  await sql([`CREATE TABLE ${orders} (id int PRIMARY KEY, total int NOT NULL)`] as unknown as TemplateStringsArray);
  await startOutboxRelay({ name, table, topicReplacement: `eda-it-${suffix}.event.\${routedByValue}` });
});

afterAll(async () => {
  await stopOutboxRelay(name).catch(() => undefined);
  await sql([`DROP TABLE IF EXISTS ${orders}, ${table}`] as unknown as TemplateStringsArray).catch(() => undefined);
  await deleteTopic(topic).catch(() => undefined);
  await closeSql();
});

/** One order and its OrderPlaced event in one transaction; rolled back on purpose for some i. */
async function placeOrder(i: number): Promise<OutboxEvent | undefined> {
  try {
    const { events } = await transactionWithEvents(
      async ({ sql: tx, emit }) => {
        await tx([`INSERT INTO ${orders} (id, total) VALUES (`, ', ', ')'] as unknown as TemplateStringsArray, i, 100 + i);
        emit({ aggregateType: 'order', aggregateId: `order-${i}`, type: 'OrderPlaced', payload: { orderId: i, total: 100 + i } });
        if (rolledBack(i)) throw new Error('rollback on purpose');
      },
      { table },
    );
    return events[0];
  } catch (error) {
    if ((error as Error).message !== 'rollback on purpose') throw error;
    return undefined;
  }
}

describe('transactional outbox through Debezium EventRouter', () => {
  it('emits each committed transaction\'s event exactly once and never one of a rolled-back transaction', async () => {
    const committed = new Map<string, OutboxEvent>();
    for (let start = 0; start < TRANSACTIONS; start += 4) {
      // Four transactions at a time, interleaving commits and rollbacks on the pool's connections.
      const results = await Promise.all([0, 1, 2, 3].map((k) => placeOrder(start + k)));
      for (const event of results) if (event) committed.set(event.id, event);
    }
    const sentinel = await placeOrder(TRANSACTIONS);
    expect(committed.size).toBe(160);
    expect((await sql<{ n: string }>([`SELECT count(*) AS n FROM ${orders}`] as unknown as TemplateStringsArray))[0].n).toBe('161');

    const seen: Array<{ id: string; key: string | null; type: string; value: { orderId: number; total: number } }> = [];
    // The topic appears with the first event Connect writes.
    await waitUntil(() => describeTopic(topic).then(() => true), { what: `topic ${topic}`, timeoutMs: 60_000, hint: 'is the connector RUNNING?' });
    const reader = await joinGroup<{ orderId: number; total: number }>(`eda-it-outbox-reader-${suffix}`, topic, {
      commit: 'never',
      onRecord: (record) => {
        seen.push({ id: record.headers.id, key: record.key, type: record.headers.eventType, value: record.value });
      },
    });
    try {
      await waitUntil(async () => seen.some((event) => event.id === sentinel!.id), { what: 'the sentinel event', timeoutMs: 60_000, hint: 'read the Connect log' });
      // Then everything stored on the topic is read (its end offsets are reached).
      const stored = async () => (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
      await waitUntil(async () => seen.length >= (await stored()), { what: 'every stored event to be read', timeoutMs: 30_000, hint: 'read the Connect log' });
    } finally {
      await reader.stop();
    }

    const events = seen.filter((event) => event.id !== sentinel!.id);
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    expect(events.length).toBe(160);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
    expect(new Set(counts.keys())).toEqual(new Set(committed.keys()));
    const orderIds = events.map((event) => event.value.orderId);
    expect(orderIds.some((i) => rolledBack(i))).toBe(false);
    for (const event of events) {
      const sent = committed.get(event.id)!;
      expect(event.key).toBe(sent.aggregateId);
      expect(event.type).toBe('OrderPlaced');
      expect(event.value).toEqual(sent.payload);
    }
  }, 180_000);
});
