import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { deleteConnector, registerConnector, waitForConnector } from '@streamlab/kernel-helpers/cdc';
import { consume, createTopic, describeTopic, kafkaClient, produce } from '@streamlab/kernel-helpers/kafka';
import { KafkaStreams, StreamsBuilder, type WindowedValue } from '@streamlab/kernel-helpers/streams';
import {
  applyOrderChanges,
  capstoneWorkload,
  createCapstoneTables,
  dropCapstoneTables,
  expectedMetrics,
  metricDifferences,
  paidOrdersFromDatabase,
  replicationSlots,
  revenuePerMinuteFromDatabase,
  type MinuteMetrics,
} from '@streamlab/kernel-helpers/capstone';
import type { CapstoneTopics } from '@streamlab/kernel-helpers/exercises';
import { solutions } from '../../../notebooks/solutions/10-projeto-final';

const suffix = randomUUID().slice(0, 8);
const schema = `capstone_it_${suffix}`;
const connectorName = `capstone-it-${suffix}`;
const topicPrefix = `capit${suffix}`;
const app = `capstone-it-${suffix}`;
const topics: CapstoneTopics = {
  orders: `${topicPrefix}.${schema}.orders`,
  clicks: `${app}-clicks`,
  customers: `${app}-customers`,
  activity: `${app}-activity`,
  metrics: `${app}-metrics`,
};
const workload = capstoneWorkload({ seed: 10, orderChanges: 2000, clicks: 20_000 });

async function stored(topic: string): Promise<number> {
  return (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
}

beforeAll(async () => {
  const info = await ensure();
  await createCapstoneTables(schema, workload.customers);
  for (const topic of Object.values(topics)) await createTopic(topic, { partitions: 1, config: { 'retention.ms': '-1' } });
  await produce(topics.customers, workload.customers.map((customer) => ({ key: String(customer.id), value: customer })));
  await registerConnector(solutions['projeto-conector']({ name: connectorName, topicPrefix, schema, databaseUrl: info.postgres.url }));
  await waitForConnector(connectorName);
}, 180_000);

afterAll(async () => {
  await deleteConnector(connectorName).catch(() => undefined);
  await dropCapstoneTables(schema).catch(() => undefined);
  const admin = (await kafkaClient()).admin();
  await admin.connect();
  const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(app) || topic.startsWith(topicPrefix));
  if (mine.length) await admin.deleteTopics({ topics: mine }).catch(() => undefined);
  await admin.deleteGroups([app]).catch(() => undefined);
  await admin.disconnect();
}, 120_000);

describe('the capstone pipeline on the real stack', () => {
  it('after 2,000 order changes and 20,000 clicks, revenue, orders, clicks and clicks before purchase per minute equal PostgreSQL and the click log', async () => {
    await solutions['projeto-cliques'](topics.clicks, workload.clicks);
    expect(await applyOrderChanges(schema, workload.changes, { perTransaction: 50 })).toBe(2000);
    // Every change reaches the CDC topic before the processor runs, so the bounded run sees them all.
    const deadline = Date.now() + 120_000;
    while ((await stored(topics.orders)) < workload.changes.length && Date.now() < deadline) await new Promise((resolveTick) => setTimeout(resolveTick, 500));
    expect(await stored(topics.orders)).toBe(workload.changes.length);

    const builder = new StreamsBuilder();
    solutions['projeto-pipeline'](builder, topics);
    const run = await new KafkaStreams(builder.build(), { applicationId: app }).run({ untilIdleMs: 4000, timeoutMs: 240_000 });
    expect(run.lateRecords).toBe(0);
    expect(run.deadLetters).toBe(0);

    const latest = new Map<number, MinuteMetrics>();
    const results = await consume<WindowedValue<Omit<MinuteMetrics, 'minute'>>>(topics.metrics, { max: await stored(topics.metrics), timeoutMs: 30_000 });
    for (const { value } of results) latest.set(value.windowStart, { minute: value.windowStart, ...value.value });
    // The join's offline side: paid_at from PostgreSQL, the click log, [paid_at - 10 min, paid_at] inclusive.
    const truth = expectedMetrics(await revenuePerMinuteFromDatabase(schema), workload.clicks, await paidOrdersFromDatabase(schema));
    const total = (field: 'orders' | 'ordersWithClicks' | 'clicksBeforePurchase') => truth.reduce((sum, m) => sum + m[field], 0);
    expect(total('orders')).toBeGreaterThan(300);
    // The join has something to get right: many orders with clicks before them, and many without.
    expect(total('ordersWithClicks')).toBeGreaterThan(50);
    expect(total('ordersWithClicks')).toBeLessThan(total('orders'));
    expect(total('clicksBeforePurchase')).toBeGreaterThan(total('ordersWithClicks'));
    expect(metricDifferences([...latest.values()], truth)).toEqual([]);
    // Conversion per minute follows from the same counts.
    expect(solutions['projeto-painel']([...latest.values()]).length).toBe(truth.length);
  }, 400_000);

  it('leaves no replication slot behind once the connector is deleted', async () => {
    await deleteConnector(connectorName);
    const slot = connectorName.replace(/[^a-z0-9_]/g, '_');
    const deadline = Date.now() + 30_000;
    while ((await replicationSlots(slot)).length && Date.now() < deadline) await new Promise((resolveTick) => setTimeout(resolveTick, 500));
    expect(await replicationSlots(slot)).toEqual([]);
  }, 60_000);
});
