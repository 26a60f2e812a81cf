/** Reference solutions of notebook 10-projeto-final (run by exercise()/stage() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { parseChangeEvent, postgresConnectorConfig } from '@streamlab/kernel-helpers/cdc';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';
import { replayToTopic } from '@streamlab/kernel-helpers/datasets';
import { joinWindow, tumbling } from '@streamlab/kernel-helpers/streams';

// replayToTopic sends in batches (one produce call of 20,000 clicks would pass the broker's 1 MB request limit);
// key = user id, record timestamp = the click's `ts`, as fast as the broker takes them.
const publishClicks: SolveOf<'projeto-cliques'> = (topic, clicks) => replayToTopic(topic, clicks, { key: 'userId' });

const ordersConnector: SolveOf<'projeto-conector'> = ({ name, topicPrefix, schema, databaseUrl }) => {
  const connector = postgresConnectorConfig({ name, topicPrefix, tables: [`${schema}.orders`], databaseUrl });
  // Only changes from now on: the stream is the workload, not a snapshot of what was there.
  return { name, config: { ...connector.config, 'snapshot.mode': 'no_data' } };
};

interface OrderRow { id: number; customer_id: number; amount: string; status: string; paid_at: string | null }
interface PaidOrder { orderId: number; ts: number; amountCents: number }
/** What goes to the activity topic: a paid order, a click, or one more click before an order's purchase (`first` for its first one). */
interface Activity { kind: 'order' | 'click' | 'attribution'; ts: number; amountCents: number; state?: string; first?: boolean }
interface Minute { orders: number; revenueCents: number; clicks: number; ordersWithClicks: number; clicksBeforePurchase: number }

const buildPipeline: SolveOf<'projeto-pipeline'> = (builder, topics) => {
  const customers = builder.table<{ id: number; state: string }>(topics.customers);
  // The moment an order is paid: an update whose new row has paid_at and whose old row had none.
  const paid = builder
    .stream<unknown>(topics.orders, { timestamp: (value, recordTs) => Date.parse(parseChangeEvent<OrderRow>(value)?.after?.paid_at ?? '') || recordTs })
    .mapValues((value) => parseChangeEvent<OrderRow>(value))
    .filter((change) => change !== null && change.op === 'u' && !!change.after?.paid_at && !change.before?.paid_at)
    .map((change) => {
      const order = change!.after as OrderRow;
      return { key: String(order.customer_id), value: { orderId: order.id, ts: Date.parse(order.paid_at as string), amountCents: Math.round(Number(order.amount) * 100) } as PaidOrder };
    });
  // Revenue: every paid order, enriched with the customer's state from the customers table (stream–table join).
  paid
    .leftJoin(customers, (order, customer): Activity => ({ kind: 'order', ts: order.ts, amountCents: order.amountCents, state: customer?.state ?? '??' }))
    .selectKey(() => 'loja')
    .to(topics.activity);
  const clicks = builder.stream<{ ts: number; userId: number }>(topics.clicks, { timestamp: 'ts' });
  clicks
    .mapValues((click): Activity => ({ kind: 'click', ts: click.ts, amountCents: 0 }))
    .selectKey(() => 'loja')
    .to(topics.activity);
  // Attribution: the windowed stream–stream join pairs a paid order with each click of the same customer
  // (key = customer id on both sides) at most 10 minutes apart; only clicks up to the payment count.
  paid
    .join(clicks, (order, click) => ({ orderId: order.orderId, ts: order.ts, clickTs: click.ts }), joinWindow('10m', { grace: '1d' }))
    .filter((pair) => pair.clickTs <= pair.ts)
    // One row per order, counting its clicks: each pair updates it once, so `clicks === 1` marks the order's first.
    .groupBy((pair) => String(pair.orderId))
    .aggregate(() => ({ ts: 0, clicks: 0 }), (perOrder, pair) => ({ ts: pair.ts, clicks: perOrder.clicks + 1 }), { name: 'cliques-por-pedido' })
    .toStream()
    .mapValues((perOrder): Activity => ({ kind: 'attribution', ts: perOrder.ts, amountCents: 0, first: perOrder.clicks === 1 }))
    .selectKey(() => 'loja')
    .to(topics.activity);
  builder
    .stream<Activity>(topics.activity, { timestamp: 'ts' })
    .groupByKey()
    // Orders and clicks arrive from two sources, not in one time order: a long grace keeps every record.
    .windowedBy(tumbling('1m', { grace: '1d' }))
    .aggregate<Minute>(
      () => ({ orders: 0, revenueCents: 0, clicks: 0, ordersWithClicks: 0, clicksBeforePurchase: 0 }),
      (minute, activity) =>
        activity.kind === 'order'
          ? { ...minute, orders: minute.orders + 1, revenueCents: minute.revenueCents + activity.amountCents }
          : activity.kind === 'click'
            ? { ...minute, clicks: minute.clicks + 1 }
            : { ...minute, ordersWithClicks: minute.ordersWithClicks + (activity.first ? 1 : 0), clicksBeforePurchase: minute.clicksBeforePurchase + 1 },
      { name: 'por-minuto' },
    )
    .toStream()
    .to(topics.metrics);
};

const dashboardRows: SolveOf<'projeto-painel'> = (metrics) =>
  metrics.map((m) => ({
    minute: m.minute,
    revenue: m.revenueCents / 100,
    conversion: m.clicks ? m.orders / m.clicks : 0,
    clickedShare: m.orders ? m.ordersWithClicks / m.orders : 0,
    avgClicksBeforePurchase: m.ordersWithClicks ? m.clicksBeforePurchase / m.ordersWithClicks : 0,
  }));

export const solutions = {
  'projeto-cliques': publishClicks,
  'projeto-conector': ordersConnector,
  'projeto-pipeline': buildPipeline,
  'projeto-painel': dashboardRows,
};
