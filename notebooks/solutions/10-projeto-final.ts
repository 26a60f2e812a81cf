/** Reference solutions of notebook 10-projeto-final (run by exercise()/stage() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { parseChangeEvent, postgresConnectorConfig } from '@streamlab/kernel-helpers/cdc';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';
import { replayToTopic } from '@streamlab/kernel-helpers/datasets';
import { tumbling } from '@streamlab/kernel-helpers/streams';

// replayToTopic sends in batches (one produce call of 20,000 clicks would pass the broker's 1 MB request limit);
// key = user id, record timestamp = the click's `ts`, as fast as the broker takes them.
const publishClicks: SolveOf<'projeto-cliques'> = (topic, clicks) => replayToTopic(topic, clicks, { key: 'userId' });

const ordersConnector: SolveOf<'projeto-conector'> = ({ name, topicPrefix, schema, databaseUrl }) => {
  const connector = postgresConnectorConfig({ name, topicPrefix, tables: [`${schema}.orders`], databaseUrl });
  // Only changes from now on: the stream is the workload, not a snapshot of what was there.
  return { name, config: { ...connector.config, 'snapshot.mode': 'no_data' } };
};

interface OrderRow { id: number; customer_id: number; amount: string; status: string; paid_at: string | null }
interface Activity { kind: 'order' | 'click'; ts: number; amountCents: number; state?: string }
interface Minute { orders: number; revenueCents: number; clicks: number }

const buildPipeline: SolveOf<'projeto-pipeline'> = (builder, topics) => {
  const customers = builder.table<{ id: number; state: string }>(topics.customers);
  // The moment an order is paid: an update whose new row has paid_at and whose old row had none.
  builder
    .stream<unknown>(topics.orders, { timestamp: (value, recordTs) => Date.parse(parseChangeEvent<OrderRow>(value)?.after?.paid_at ?? '') || recordTs })
    .mapValues((value) => parseChangeEvent<OrderRow>(value))
    .filter((change) => change !== null && change.op === 'u' && !!change.after?.paid_at && !change.before?.paid_at)
    .map((change) => {
      const order = change!.after as OrderRow;
      return { key: String(order.customer_id), value: { ts: Date.parse(order.paid_at as string), amountCents: Math.round(Number(order.amount) * 100) } };
    })
    // Enrichment: the customer's state from the customers table.
    .leftJoin(customers, (order, customer): Activity => ({ kind: 'order', ts: order.ts, amountCents: order.amountCents, state: customer?.state ?? '??' }))
    .selectKey(() => 'loja')
    .to(topics.activity);
  builder
    .stream<{ ts: number }>(topics.clicks, { timestamp: 'ts' })
    .mapValues((click): Activity => ({ kind: 'click', ts: click.ts, amountCents: 0 }))
    .selectKey(() => 'loja')
    .to(topics.activity);
  builder
    .stream<Activity>(topics.activity, { timestamp: 'ts' })
    .groupByKey()
    // Orders and clicks arrive from two sources, not in one time order: a long grace keeps every record.
    .windowedBy(tumbling('1m', { grace: '1d' }))
    .aggregate<Minute>(
      () => ({ orders: 0, revenueCents: 0, clicks: 0 }),
      (minute, activity) =>
        activity.kind === 'order'
          ? { ...minute, orders: minute.orders + 1, revenueCents: minute.revenueCents + activity.amountCents }
          : { ...minute, clicks: minute.clicks + 1 },
      { name: 'por-minuto' },
    )
    .toStream()
    .to(topics.metrics);
};

const dashboardRows: SolveOf<'projeto-painel'> = (metrics) =>
  metrics.map((m) => ({ minute: m.minute, revenue: m.revenueCents / 100, conversion: m.clicks ? m.orders / m.clicks : 0 }));

export const solutions = {
  'projeto-cliques': publishClicks,
  'projeto-conector': ordersConnector,
  'projeto-pipeline': buildPipeline,
  'projeto-painel': dashboardRows,
};
