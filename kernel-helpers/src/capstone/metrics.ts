import type { ClickEvent } from '../datasets/index.js';

const MINUTE = 60_000;

/** One minute of the shop: paid orders, their revenue (centavos) and clicks on the site. */
export interface MinuteMetrics {
  minute: number;
  orders: number;
  revenueCents: number;
  clicks: number;
}

/** The rows the capstone's dashboard draws: revenue in reais and conversion (paid orders per click). */
export interface DashboardRow {
  minute: number;
  revenue: number;
  conversion: number;
}

/**
 * The expected metrics per minute: revenue and orders as PostgreSQL computed them, clicks counted
 * from the click log, joined on the minute (minutes with neither are absent).
 */
export function expectedMetrics(revenue: ReadonlyArray<{ minute: number; orders: number; revenueCents: number }>, clicks: readonly ClickEvent[]): MinuteMetrics[] {
  const byMinute = new Map<number, MinuteMetrics>();
  const at = (minute: number): MinuteMetrics => {
    let metrics = byMinute.get(minute);
    if (!metrics) byMinute.set(minute, (metrics = { minute, orders: 0, revenueCents: 0, clicks: 0 }));
    return metrics;
  };
  for (const row of revenue) Object.assign(at(row.minute), { orders: row.orders, revenueCents: row.revenueCents });
  for (const click of clicks) at(click.ts - (click.ts % MINUTE)).clicks++;
  return [...byMinute.values()].sort((a, b) => a.minute - b.minute);
}

/** Compares streamed metrics with the expected ones, minute by minute: the differing lines (empty when equal). */
export function metricDifferences(got: readonly MinuteMetrics[], expected: readonly MinuteMetrics[]): string[] {
  const gotByMinute = new Map(got.map((m) => [m.minute, m]));
  const differences: string[] = [];
  for (const want of expected) {
    const have = gotByMinute.get(want.minute);
    const label = new Date(want.minute).toISOString().slice(0, 16);
    if (!have) differences.push(`${label}: minuto ausente (esperado ${want.orders} pedidos, ${want.revenueCents} centavos, ${want.clicks} cliques)`);
    else if (have.orders !== want.orders || have.revenueCents !== want.revenueCents || have.clicks !== want.clicks) {
      differences.push(`${label}: obtido ${have.orders} pedidos/${have.revenueCents} centavos/${have.clicks} cliques, esperado ${want.orders}/${want.revenueCents}/${want.clicks}`);
    }
    gotByMinute.delete(want.minute);
  }
  for (const extra of gotByMinute.values()) differences.push(`${new Date(extra.minute).toISOString().slice(0, 16)}: minuto a mais no streaming`);
  return differences;
}
