import { validateConnector, type ConnectorConfig } from '../../cdc/index.js';
import { capstoneWorkload, expectedMetrics, metricDifferences, type DashboardRow, type MinuteMetrics, type OrderChange, type PaidOrder } from '../../capstone/index.js';
import type { ClickEvent } from '../../datasets/index.js';
import { ensure } from '../../stack/index.js';
import { StreamsBuilder, TopologyTestDriver, type WindowedValue } from '../../streams/index.js';
import { defineExercise, differs } from '../definition.js';
import { readAll, withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '10-projeto-final';

/** Topics of the capstone pipeline. */
export interface CapstoneTopics {
  /** Debezium's topic of the orders table (`<prefix>.<schema>.orders`). */
  orders: string;
  clicks: string;
  /** Customers as a table: key = customer id, value = { id, name, state }. */
  customers: string;
  /** Paid orders, clicks, and clicks before purchase (from the stream–stream join), on one topic, for the per-minute aggregate. */
  activity: string;
  /** Per-minute results: WindowedValue<{ orders, revenueCents, clicks, ordersWithClicks, clicksBeforePurchase }>. */
  metrics: string;
}

/** Stage 1: produce the clicks to `topic`, key = user id, record timestamp = click time. */
export type PublishClicks = (topic: string, clicks: readonly ClickEvent[]) => Promise<unknown>;
/** Stage 2: the Debezium connector that captures `<schema>.orders` (changes only, no snapshot). */
export type OrdersConnector = (source: { name: string; topicPrefix: string; schema: string; databaseUrl: string }) => ConnectorConfig;
/**
 * Stage 3: the topology from the order changes, the clicks and the customers table to metrics per
 * minute, with the clicks of each paid order's customer in the 10 minutes before the payment
 * (windowed stream–stream join).
 */
export type BuildPipeline = (builder: StreamsBuilder, topics: CapstoneTopics) => void;
/**
 * Stage 4: metrics per minute → the dashboard's rows (revenue in reais, conversion = paid orders /
 * clicks, clickedShare = orders with a click before / paid orders, avgClicksBeforePurchase = clicks
 * before purchase / orders with a click before).
 */
export type DashboardRows = (metrics: readonly MinuteMetrics[]) => DashboardRow[];

/** A Debezium-like change envelope for an order change (what the connector writes, schemas disabled). */
export function orderEnvelope(change: OrderChange, previous: { status: string; paid_at: string | null; updated_at: string } | undefined) {
  const at = new Date(change.ts).toISOString();
  const base = { id: change.orderId, customer_id: change.customerId, amount: (change.amountCents / 100).toFixed(2) };
  const after = { ...base, status: change.status, updated_at: at, paid_at: change.status === 'paid' ? at : (previous?.paid_at ?? null) };
  return {
    before: previous ? { ...base, ...previous } : null,
    after,
    source: { connector: 'postgresql', db: 'shop', schema: 'capstone', table: 'orders', ts_ms: change.ts },
    op: previous ? 'u' : 'c',
    ts_ms: change.ts,
  };
}

/** 10.1: clicks into Kafka, keyed by user. */
export const publishClicks = defineExercise<PublishClicks>({
  notebook: NOTEBOOK,
  title: 'etapa 1: cliques no Kafka, chave = usuário',
  check: async (solve) => {
    const clicks = capstoneWorkload({ seed: 101, orderChanges: 1, clicks: 300 }).clicks;
    return withScratchTopic('projeto-cliques', { partitions: 3 }, async (topic) => {
      await solve(topic, clicks);
      const records = await readAll<ClickEvent>(topic);
      const differences: string[] = [];
      if (records.length !== clicks.length) differences.push(differs('records in the topic', records.length, clicks.length));
      const wrongKey = records.find((record) => record.key !== String(record.value.userId));
      if (wrongKey) differences.push(`a click of user ${wrongKey.value.userId} has key ${JSON.stringify(wrongKey.key)}: the key must be the user id (all clicks of a user in one partition, in order)`);
      const wrongTime = records.find((record) => record.timestamp !== record.value.ts);
      if (wrongTime) differences.push(`record timestamp ${wrongTime.timestamp} ≠ click time ${wrongTime.value.ts}: pass timestamp: click.ts`);
      return differences;
    });
  },
});

/** 10.2: the connector config for the capstone's orders table. */
export const ordersConnector = defineExercise<OrdersConnector>({
  notebook: NOTEBOOK,
  title: 'etapa 2: o conector Debezium da tabela de pedidos',
  check: async (solve) => {
    const databaseUrl = (await ensure({ services: ['kafka', 'postgres', 'connect'] })).postgres.url;
    const source = { name: 'projeto-check', topicPrefix: 'projetocheck', schema: 'capstone', databaseUrl };
    const connector = await solve(source);
    const config = connector?.config ?? {};
    const differences: string[] = [];
    if (connector?.name !== source.name) differences.push(differs('connector name', connector?.name, source.name));
    if (config['table.include.list'] !== 'capstone.orders') differences.push(differs('table.include.list', config['table.include.list'], 'capstone.orders'));
    if (config['topic.prefix'] !== source.topicPrefix) differences.push(differs('topic.prefix', config['topic.prefix'], source.topicPrefix));
    if (config['snapshot.mode'] !== 'no_data') differences.push(`snapshot.mode: obtido ${JSON.stringify(config['snapshot.mode'])}, esperado "no_data" (só as mudanças a partir de agora)`);
    if (config['decimal.handling.mode'] !== 'string') differences.push(`decimal.handling.mode: obtido ${JSON.stringify(config['decimal.handling.mode'])}, esperado "string" (valores em reais exatos)`);
    if (!differences.length) differences.push(...(await validateConnector(connector)).map((problem) => `Connect recusou: ${problem}`));
    return differences;
  },
});

/** 10.3: the topology, run on the test driver over order changes, customers and clicks. */
export const buildPipeline = defineExercise<BuildPipeline>({
  notebook: NOTEBOOK,
  title: 'etapa 3: receita, pedidos, cliques e cliques antes da compra por minuto',
  check: async (solve) => {
    const workload = capstoneWorkload({ seed: 103, orderChanges: 200, clicks: 1500 });
    const topics: CapstoneTopics = { orders: 'chk.capstone.orders', clicks: 'chk-clicks', customers: 'chk-customers', activity: 'chk-activity', metrics: 'chk-metrics' };
    const builder = new StreamsBuilder();
    await solve(builder, topics);
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe(topics.customers, workload.customers.map((customer) => ({ key: String(customer.id), value: customer, timestamp: 0 })));
    const rows = new Map<number, { status: string; paid_at: string | null; updated_at: string }>();
    const paid: Array<{ minute: number; orders: number; revenueCents: number }> = [];
    const paidOrders: PaidOrder[] = [];
    const envelopes = workload.changes.map((change) => {
      const envelope = orderEnvelope(change, rows.get(change.orderId));
      rows.set(change.orderId, { status: envelope.after.status, paid_at: envelope.after.paid_at, updated_at: envelope.after.updated_at });
      if (change.status === 'paid') {
        paid.push({ minute: change.ts - (change.ts % 60_000), orders: 1, revenueCents: change.amountCents });
        paidOrders.push({ orderId: change.orderId, customerId: change.customerId, paidAt: change.ts });
      }
      return { key: JSON.stringify({ id: change.orderId }), value: envelope, timestamp: change.ts };
    });
    // Orders and clicks interleaved by time, as they would arrive.
    const inputs: Array<{ topic: string; record: { key: string; value: unknown; timestamp: number } }> = [...envelopes.map((record) => ({ topic: topics.orders, record })), ...workload.clicks.map((click) => ({ topic: topics.clicks, record: { key: String(click.userId), value: click, timestamp: click.ts } }))].sort((a, b) => a.record.timestamp - b.record.timestamp);
    for (const input of inputs) driver.pipe(input.topic, [input.record]);
    // The test driver does not loop a sink back to a source: hand what went to the activity topic back in, as the broker would.
    const activity = driver.readOutput<unknown>(topics.activity);
    driver.pipe(topics.activity, activity.map((record) => ({ key: record.key ?? '', value: record.value, timestamp: record.timestamp })));
    const revenue = new Map<number, { minute: number; orders: number; revenueCents: number }>();
    for (const row of paid) {
      const sum = revenue.get(row.minute) ?? { minute: row.minute, orders: 0, revenueCents: 0 };
      revenue.set(row.minute, { minute: row.minute, orders: sum.orders + 1, revenueCents: sum.revenueCents + row.revenueCents });
    }
    const latest = new Map<number, MinuteMetrics>();
    for (const result of driver.readValues<WindowedValue<Omit<MinuteMetrics, 'minute'>>>(topics.metrics)) {
      if (typeof result?.value?.revenueCents !== 'number') return ['o tópico de métricas não tem janelas { orders, revenueCents, clicks, ordersWithClicks, clicksBeforePurchase }: termine com .aggregate(...).toStream().to(topics.metrics)'];
      latest.set(result.windowStart, { minute: result.windowStart, ...result.value });
    }
    return metricDifferences([...latest.values()], expectedMetrics([...revenue.values()], workload.clicks, paidOrders)).slice(0, 5);
  },
});

/** 10.4: the dashboard's rows. */
export const dashboardRows = defineExercise<DashboardRows>({
  notebook: NOTEBOOK,
  title: 'etapa 4: receita em reais, conversão e cliques antes da compra por minuto',
  check: async (solve) => {
    const metrics: MinuteMetrics[] = [
      { minute: 0, orders: 2, revenueCents: 12_990, clicks: 40, ordersWithClicks: 1, clicksBeforePurchase: 3 },
      { minute: 60_000, orders: 0, revenueCents: 0, clicks: 25, ordersWithClicks: 0, clicksBeforePurchase: 0 },
      { minute: 120_000, orders: 4, revenueCents: 5, clicks: 0, ordersWithClicks: 0, clicksBeforePurchase: 0 },
    ];
    const expected: DashboardRow[] = [
      { minute: 0, revenue: 129.9, conversion: 0.05, clickedShare: 0.5, avgClicksBeforePurchase: 3 },
      { minute: 60_000, revenue: 0, conversion: 0, clickedShare: 0, avgClicksBeforePurchase: 0 },
      { minute: 120_000, revenue: 0.05, conversion: 0, clickedShare: 0, avgClicksBeforePurchase: 0 },
    ];
    const got = await solve(metrics);
    return JSON.stringify(got) === JSON.stringify(expected)
      ? []
      : [`${differs('rows', got, expected)} (conversion = orders / clicks; clickedShare = ordersWithClicks / orders; avgClicksBeforePurchase = clicksBeforePurchase / ordersWithClicks; 0 when the divisor is 0)`];
  },
});
