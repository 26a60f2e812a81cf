import { describe, expect, it } from 'vitest';
import { ATTRIBUTION_WINDOW_MS, capstoneWorkload, clicksBeforePurchase, expectedMetrics, metricDifferences } from '../../../kernel-helpers/src/capstone/index';
import { joinWindow, StreamsBuilder, TopologyTestDriver } from '../../../kernel-helpers/src/streams/index';

describe('capstoneWorkload', () => {
  it('is the same for the same seed, with the requested sizes', () => {
    const a = capstoneWorkload({ seed: 3, orderChanges: 200, clicks: 1000 });
    expect(a).toEqual(capstoneWorkload({ seed: 3, orderChanges: 200, clicks: 1000 }));
    expect(a.changes).toHaveLength(200);
    expect(a.clicks).toHaveLength(1000);
    expect(a.customers).toHaveLength(50);
  });

  it('inserts every order before any of its updates, and amounts are whole centavos', () => {
    const seen = new Set<number>();
    for (const change of capstoneWorkload({ seed: 4, orderChanges: 500 }).changes) {
      if (change.status === 'created') seen.add(change.orderId);
      else expect(seen.has(change.orderId)).toBe(true);
      expect(Number.isInteger(change.amountCents)).toBe(true);
    }
  });

  it('puts the clicks on the orders’ timeline, in order', () => {
    const { changes, clicks } = capstoneWorkload({ seed: 5, orderChanges: 300, clicks: 2000 });
    const ordersEnd = Math.max(...changes.map((change) => change.ts));
    expect(clicks[clicks.length - 1].ts).toBe(ordersEnd);
    expect(clicks.every((click, i) => i === 0 || click.ts >= clicks[i - 1].ts)).toBe(true);
  });
});

describe('clicksBeforePurchase: the offline side of the attribution join', () => {
  const paid = [
    { orderId: 1, customerId: 7, paidAt: 600_000 },
    { orderId: 2, customerId: 7, paidAt: 630_000 },
    { orderId: 3, customerId: 8, paidAt: 640_000 },
  ];
  const click = (userId: number, ts: number) => ({ userId, ts }) as never;

  it('counts the same customer’s clicks in [paidAt - window, paidAt], both bounds inclusive', () => {
    // Order 1: clicks at 0 (= 600 000 - 10 min, inclusive), 300 000 and 600 000 (the payment's instant); -1 is outside, 600 001 after.
    // Order 2: 300 000 (no: 630 000 - 600 000 = 30 000 ≤ 300 000 ✓), 600 000 ✓, 600 001 ✓ — the same clicks can count for two orders.
    // Order 3: customer 8 has no clicks: it is absent, not a zero.
    const clicks = [click(7, -1), click(7, 0), click(7, 300_000), click(7, 600_000), click(7, 600_001), click(9, 600_000)];
    expect(clicksBeforePurchase(paid, clicks, 600_000)).toEqual([{ minute: 600_000, ordersWithClicks: 2, clicksBeforePurchase: 6 }]);
  });

  it('uses the 10-minute attribution window by default', () => {
    expect(ATTRIBUTION_WINDOW_MS).toBe(600_000);
    expect(clicksBeforePurchase(paid, [click(7, 0)])).toEqual(clicksBeforePurchase(paid, [click(7, 0)], 600_000));
  });

  it('gives the same pairs as the engine’s windowed join filtered to clicks up to the payment', () => {
    const builder = new StreamsBuilder();
    const orders = builder.stream<{ orderId: number; ts: number }>('orders', { timestamp: 'ts' });
    const clicks = builder.stream<{ ts: number }>('clicks', { timestamp: 'ts' });
    orders
      .join(clicks, (order, c) => ({ orderId: order.orderId, ts: order.ts, clickTs: c.ts }), joinWindow('10m', { grace: '1d' }))
      .filter((pair) => pair.clickTs <= pair.ts)
      .to('pairs');
    const driver = new TopologyTestDriver(builder.build());
    const input = [click(7, -1), click(7, 0), click(7, 300_000), click(7, 600_000), click(7, 600_001), click(7, 1_230_001), click(9, 600_000)] as Array<{ userId: number; ts: number }>;
    driver.pipe('clicks', input.map((c) => ({ key: String(c.userId), value: c, timestamp: c.ts })));
    driver.pipe('orders', paid.map((order) => ({ key: String(order.customerId), value: { orderId: order.orderId, ts: order.paidAt }, timestamp: order.paidAt })));
    const pairs = driver.readValues<{ orderId: number }>('pairs');
    expect(driver.metrics().lateRecords).toBe(0);
    const offline = clicksBeforePurchase(paid, input as never, ATTRIBUTION_WINDOW_MS);
    expect(pairs.length).toBe(offline.reduce((sum, row) => sum + row.clicksBeforePurchase, 0));
    expect(new Set(pairs.map((pair) => pair.orderId)).size).toBe(offline.reduce((sum, row) => sum + row.ordersWithClicks, 0));
  });
});

describe('expectedMetrics / metricDifferences', () => {
  const clicks = [{ userId: 3, ts: 61_000 }, { userId: 3, ts: 119_999 }, { userId: 4, ts: 240_000 }] as never;
  const paid = [{ orderId: 1, customerId: 3, paidAt: 120_000 }, { orderId: 2, customerId: 5, paidAt: 130_000 }, { orderId: 3, customerId: 3, paidAt: 180_500 }];
  const truth = expectedMetrics([{ minute: 60_000, orders: 2, revenueCents: 500 }, { minute: 180_000, orders: 1, revenueCents: 99 }], clicks, paid);

  it('joins revenue, clicks and clicks before purchase per minute; a minute with only one of them is kept', () => {
    expect(truth).toEqual([
      { minute: 60_000, orders: 2, revenueCents: 500, clicks: 2, ordersWithClicks: 0, clicksBeforePurchase: 0 },
      { minute: 120_000, orders: 0, revenueCents: 0, clicks: 0, ordersWithClicks: 1, clicksBeforePurchase: 2 },
      { minute: 180_000, orders: 1, revenueCents: 99, clicks: 0, ordersWithClicks: 1, clicksBeforePurchase: 2 },
      { minute: 240_000, orders: 0, revenueCents: 0, clicks: 1, ordersWithClicks: 0, clicksBeforePurchase: 0 },
    ]);
  });

  it('lists a different, a missing and an extra minute', () => {
    const got = [{ ...truth[0], revenueCents: 501 }, truth[1], truth[3], { minute: 999_960_000, orders: 1, revenueCents: 1, clicks: 0, ordersWithClicks: 0, clicksBeforePurchase: 0 }];
    const differences = metricDifferences(got, truth);
    expect(differences).toHaveLength(3);
    expect(differences[0]).toMatch(/obtido 2 pedidos\/501 centavos\/2 cliques\/0 pedidos com clique antes\/0 cliques antes da compra, esperado 2 pedidos\/500 centavos/);
    expect(differences[1]).toMatch(/minuto ausente/);
    expect(differences[2]).toMatch(/minuto a mais/);
    expect(metricDifferences(truth, truth)).toEqual([]);
  });

  it('reports a minute whose clicks before purchase differ', () => {
    expect(metricDifferences([truth[0], { ...truth[1], clicksBeforePurchase: 3 }, truth[2], truth[3]], truth)).toEqual([
      expect.stringMatching(/obtido 0 pedidos\/0 centavos\/0 cliques\/1 pedidos com clique antes\/3 cliques antes da compra, esperado .*\/2 cliques antes da compra/),
    ]);
  });
});
