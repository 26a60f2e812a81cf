import { describe, expect, it } from 'vitest';
import { capstoneWorkload, expectedMetrics, metricDifferences } from '../../../kernel-helpers/src/capstone/index';

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

describe('expectedMetrics / metricDifferences', () => {
  const clicks = [{ ts: 61_000 }, { ts: 119_999 }, { ts: 240_000 }] as never;
  const truth = expectedMetrics([{ minute: 60_000, orders: 2, revenueCents: 500 }, { minute: 180_000, orders: 1, revenueCents: 99 }], clicks);

  it('joins revenue per minute with clicks per minute; a minute with only one of them is kept', () => {
    expect(truth).toEqual([
      { minute: 60_000, orders: 2, revenueCents: 500, clicks: 2 },
      { minute: 180_000, orders: 1, revenueCents: 99, clicks: 0 },
      { minute: 240_000, orders: 0, revenueCents: 0, clicks: 1 },
    ]);
  });

  it('lists a different, a missing and an extra minute', () => {
    const got = [{ ...truth[0], revenueCents: 501 }, truth[2], { minute: 999_960_000, orders: 1, revenueCents: 1, clicks: 0 }];
    const differences = metricDifferences(got, truth);
    expect(differences).toHaveLength(3);
    expect(differences[0]).toMatch(/obtido 2 pedidos\/501 centavos\/2 cliques, esperado 2\/500\/2/);
    expect(differences[1]).toMatch(/minuto ausente/);
    expect(differences[2]).toMatch(/minuto a mais/);
    expect(metricDifferences(truth, truth)).toEqual([]);
  });
});
