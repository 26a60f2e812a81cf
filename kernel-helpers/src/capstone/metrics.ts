import type { ClickEvent } from '../datasets/index.js';

const MINUTE = 60_000;

/** How far back a click counts as "before the purchase": the capstone's join window (10 minutes). */
export const ATTRIBUTION_WINDOW_MS = 10 * MINUTE;

/**
 * One minute of the shop: paid orders, their revenue (centavos) and clicks on the site; and, from
 * the stream–stream join, the orders paid that minute with at least one click of their customer in
 * the attribution window before the payment, and how many such clicks they had in all.
 */
export interface MinuteMetrics {
  minute: number;
  orders: number;
  revenueCents: number;
  clicks: number;
  ordersWithClicks: number;
  clicksBeforePurchase: number;
}

/** A paid order as PostgreSQL holds it: who paid, and when (`paid_at`, ms since the epoch). */
export interface PaidOrder {
  orderId: number;
  customerId: number;
  paidAt: number;
}

/**
 * The rows the capstone's dashboard draws: revenue in reais, conversion (paid orders per click),
 * the share of paid orders with a click before the purchase, and their average clicks before it.
 */
export interface DashboardRow {
  minute: number;
  revenue: number;
  conversion: number;
  clickedShare: number;
  avgClicksBeforePurchase: number;
}

/**
 * The join's result computed offline, per minute of `paidAt`: for each paid order, the clicks of
 * the same customer (`userId` = `customerId`) with `paidAt - windowMs <= click.ts <= paidAt`, both
 * bounds inclusive as in the engine's join window. No record is late here: the pipeline's grace
 * (a day) covers the whole workload, and the checks assert that it dropped nothing.
 */
export function clicksBeforePurchase(
  paid: readonly PaidOrder[],
  clicks: readonly ClickEvent[],
  windowMs: number = ATTRIBUTION_WINDOW_MS,
): Array<{ minute: number; ordersWithClicks: number; clicksBeforePurchase: number }> {
  const byUser = new Map<number, number[]>();
  for (const click of clicks) {
    let times = byUser.get(click.userId);
    if (!times) byUser.set(click.userId, (times = []));
    times.push(click.ts);
  }
  const byMinute = new Map<number, { minute: number; ordersWithClicks: number; clicksBeforePurchase: number }>();
  for (const order of paid) {
    const count = (byUser.get(order.customerId) ?? []).filter((ts) => ts >= order.paidAt - windowMs && ts <= order.paidAt).length;
    if (!count) continue;
    const minute = order.paidAt - (order.paidAt % MINUTE);
    const row = byMinute.get(minute) ?? { minute, ordersWithClicks: 0, clicksBeforePurchase: 0 };
    byMinute.set(minute, { minute, ordersWithClicks: row.ordersWithClicks + 1, clicksBeforePurchase: row.clicksBeforePurchase + count });
  }
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

/**
 * The expected metrics per minute: revenue and orders as PostgreSQL computed them, clicks counted
 * from the click log, clicks before purchase from the paid orders and the click log
 * (`clicksBeforePurchase`), joined on the minute (minutes with none of them are absent).
 */
export function expectedMetrics(
  revenue: ReadonlyArray<{ minute: number; orders: number; revenueCents: number }>,
  clicks: readonly ClickEvent[],
  paid: readonly PaidOrder[],
  windowMs: number = ATTRIBUTION_WINDOW_MS,
): MinuteMetrics[] {
  const byMinute = new Map<number, MinuteMetrics>();
  const at = (minute: number): MinuteMetrics => {
    let metrics = byMinute.get(minute);
    if (!metrics) byMinute.set(minute, (metrics = { minute, orders: 0, revenueCents: 0, clicks: 0, ordersWithClicks: 0, clicksBeforePurchase: 0 }));
    return metrics;
  };
  for (const row of revenue) Object.assign(at(row.minute), { orders: row.orders, revenueCents: row.revenueCents });
  for (const click of clicks) at(click.ts - (click.ts % MINUTE)).clicks++;
  for (const row of clicksBeforePurchase(paid, clicks, windowMs)) Object.assign(at(row.minute), { ordersWithClicks: row.ordersWithClicks, clicksBeforePurchase: row.clicksBeforePurchase });
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

const FIELDS = ['orders', 'revenueCents', 'clicks', 'ordersWithClicks', 'clicksBeforePurchase'] as const;

function describe(m: MinuteMetrics): string {
  return `${m.orders} pedidos/${m.revenueCents} centavos/${m.clicks} cliques/${m.ordersWithClicks} pedidos com clique antes/${m.clicksBeforePurchase} cliques antes da compra`;
}

/** Compares streamed metrics with the expected ones, minute by minute: the differing lines (empty when equal). */
export function metricDifferences(got: readonly MinuteMetrics[], expected: readonly MinuteMetrics[]): string[] {
  const gotByMinute = new Map(got.map((m) => [m.minute, m]));
  const differences: string[] = [];
  for (const want of expected) {
    const have = gotByMinute.get(want.minute);
    const label = new Date(want.minute).toISOString().slice(0, 16);
    if (!have) differences.push(`${label}: minuto ausente (esperado ${describe(want)})`);
    else if (FIELDS.some((field) => have[field] !== want[field])) differences.push(`${label}: obtido ${describe(have)}, esperado ${describe(want)}`);
    gotByMinute.delete(want.minute);
  }
  for (const extra of gotByMinute.values()) differences.push(`${new Date(extra.minute).toISOString().slice(0, 16)}: minuto a mais no streaming`);
  return differences;
}
