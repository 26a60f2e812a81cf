import { describe, expect, it } from 'vitest';
import { catalog, type CapstoneTopics } from '../../../kernel-helpers/src/exercises/catalog/index';
import { loadReferenceSolution } from '../../../kernel-helpers/src/exercises/reference-solutions';
import type { Solver } from '../../../kernel-helpers/src/exercises/definition';
import { parseChangeEvent } from '../../../kernel-helpers/src/cdc/index';
import { joinWindow, tumbling, type StreamsBuilder } from '../../../kernel-helpers/src/streams/index';
import type { DashboardRow, MinuteMetrics } from '../../../kernel-helpers/src/capstone/index';

/** Stages 3 and 4 of notebook 10 (the pipeline on the test driver, the dashboard rows): no stack needed. */
type Build = (builder: StreamsBuilder, topics: CapstoneTopics) => void;
type Rows = (metrics: readonly MinuteMetrics[]) => DashboardRow[];
const reference = <F>(id: string) => loadReferenceSolution('10-projeto-final', id) as Solver as F;

/** A pipeline that takes revenue from the orders × clicks join: what the notebook warns against. */
const revenueFromTheJoin: Build = (builder, topics) => {
  interface Row { id: number; customer_id: number; amount: string; paid_at: string | null }
  builder.table(topics.customers);
  const paid = builder
    .stream<unknown>(topics.orders, { timestamp: (value, recordTs) => Date.parse(parseChangeEvent<Row>(value)?.after?.paid_at ?? '') || recordTs })
    .mapValues((value) => parseChangeEvent<Row>(value))
    .filter((change) => change !== null && change.op === 'u' && !!change.after?.paid_at && !change.before?.paid_at)
    .map((change) => ({ key: String(change!.after!.customer_id), value: { ts: Date.parse(change!.after!.paid_at!), amountCents: Math.round(Number(change!.after!.amount) * 100) } }));
  const clicks = builder.stream<{ ts: number }>(topics.clicks, { timestamp: 'ts' });
  // Clicks per minute as in the reference; but each paid order reaches the aggregate once per click before it.
  clicks.mapValues((click) => ({ kind: 'click', ts: click.ts, amountCents: 0 })).selectKey(() => 'loja').to(topics.activity);
  paid
    .join(clicks, (order, click) => ({ kind: 'order', ts: order.ts, amountCents: order.amountCents, clickTs: click.ts }), joinWindow('10m', { grace: '1d' }))
    .filter((pair) => pair.clickTs <= pair.ts)
    .selectKey(() => 'loja')
    .to(topics.activity);
  builder
    .stream<{ kind: string; ts: number; amountCents: number }>(topics.activity, { timestamp: 'ts' })
    .groupByKey()
    .windowedBy(tumbling('1m', { grace: '1d' }))
    .aggregate(
      () => ({ orders: 0, revenueCents: 0, clicks: 0, ordersWithClicks: 0, clicksBeforePurchase: 0 }),
      (minute, activity) =>
        activity.kind === 'click'
          ? { ...minute, clicks: minute.clicks + 1 }
          : { ...minute, orders: minute.orders + 1, revenueCents: minute.revenueCents + activity.amountCents, clicksBeforePurchase: minute.clicksBeforePurchase + 1 },
    )
    .toStream()
    .to(topics.metrics);
};

describe('notebook 10, stage 3 (the pipeline, on the test driver)', () => {
  it('passes with the reference solution', async () => {
    expect(await catalog['projeto-pipeline'].check(reference<Build>('projeto-pipeline'))).toEqual([]);
  });

  it('rejects revenue summed over the join’s pairs (an order counted once per click, orders without clicks lost)', async () => {
    const differences = await catalog['projeto-pipeline'].check(revenueFromTheJoin);
    expect(differences.length).toBeGreaterThan(0);
    // Too many orders and too much revenue in the minutes with clicks before a purchase.
    const overCounted = differences.map((line) => /obtido (\d+) pedidos\/(\d+) centavos.*esperado (\d+) pedidos\/(\d+) centavos/.exec(line)).filter((match) => match !== null);
    expect(overCounted.length).toBeGreaterThan(0);
    expect(overCounted.some((match) => Number(match![1]) > Number(match![3]) && Number(match![2]) > Number(match![4]))).toBe(true);
  });
});

describe('notebook 10, stage 4 (the dashboard rows)', () => {
  it('passes with the reference solution', async () => {
    expect(await catalog['projeto-painel'].check(reference<Rows>('projeto-painel'))).toEqual([]);
  });

  it('rejects rows without the clicks-before-purchase figures', async () => {
    const differences = await catalog['projeto-painel'].check((metrics: readonly MinuteMetrics[]) =>
      metrics.map((m) => ({ minute: m.minute, revenue: m.revenueCents / 100, conversion: m.clicks ? m.orders / m.clicks : 0 })) as DashboardRow[],
    );
    expect(differences).toEqual([expect.stringMatching(/clickedShare = ordersWithClicks \/ orders/)]);
  });
});
