import { SHOP_CUSTOMER_COUNT, SHOP_PRODUCTS } from './shop-catalog.js';
import { seededRandom, type SeededRandom } from './seeded-random.js';

/** The statuses of a shop order, as in datasets/shop (orders.status). */
export type OrderStatus = 'created' | 'paid' | 'shipped' | 'delivered' | 'cancelled';

/** One change of an order of the shop: placed, paid, shipped, delivered or cancelled. */
export interface OrderEvent {
  /** Order id; starts after the seed's ids (default 1001), so it never collides with seed.sql. */
  orderId: number;
  /** A shop customer, 1..50. */
  customerId: number;
  /** A shop product, 1..30. */
  productId: number;
  quantity: number;
  /** price × quantity in BRL (reais), two decimals, from the shop's price list. */
  amount: number;
  status: OrderStatus;
  /** Event time: when the order reached this status, ms since the epoch. */
  ts: number;
}

export interface ShopOrderOptions {
  /** Same seed, same stream. Default 1. */
  seed?: number;
  /** Number of orders placed (default 200); each yields one event per status it goes through. */
  orders?: number;
  /** Time of the first possible order, ms (default 2026-03-09 00:00 Brasília, right after the seed's week). */
  start?: number;
  /** Mean time between two orders, ms (Poisson arrivals; default 60 000). */
  meanGapMs?: number;
  /** Id of the first order (default 1001). */
  firstOrderId?: number;
  /** Emit the whole lifecycle (default) or only the `created` event of each order. */
  lifecycle?: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Deterministic order events for the shop of datasets/shop: customers 1..50 (some buy often),
 * products 1..30 weighted by popularity, amount = price × quantity. Each order is `created`,
 * then `paid` (minutes later, sometimes hours) or `cancelled`, then `shipped` (hours) and
 * `delivered` (days). Events are in event-time order (ties by order id).
 */
export function shopOrders(options: ShopOrderOptions = {}): OrderEvent[] {
  const random = seededRandom(options.seed ?? 1);
  const count = options.orders ?? 200;
  const start = options.start ?? Date.UTC(2026, 2, 9, 3);
  const meanGapMs = options.meanGapMs ?? MINUTE;
  const firstOrderId = options.firstOrderId ?? 1001;
  const lifecycle = options.lifecycle ?? true;
  const customers = Array.from({ length: SHOP_CUSTOMER_COUNT }, (_, index) => [index + 1, random.weighted([[1, 6], [2, 3], [5, 1]] as const)] as const);
  const products = SHOP_PRODUCTS.map((product) => [product, product.popularity] as const);

  const events: OrderEvent[] = [];
  let createdAt = start;
  for (let n = 0; n < count; n++) {
    createdAt += Math.max(1000, Math.round(random.exponential(meanGapMs) / 1000) * 1000);
    const product = random.weighted(products);
    // Cheap items come in larger quantities; expensive ones almost always alone.
    const quantity = product.priceCents < 10_000 ? random.weighted([[1, 50], [2, 25], [3, 12], [4, 6], [5, 4], [6, 3]] as const) : random.weighted([[1, 90], [2, 10]] as const);
    const order = { orderId: firstOrderId + n, customerId: random.weighted(customers), productId: product.id, quantity, amount: (product.priceCents * quantity) / 100 };
    for (const [status, ts] of statusChanges(createdAt, random)) {
      if (lifecycle || status === 'created') events.push({ ...order, status, ts });
    }
  }
  return events.sort((a, b) => a.ts - b.ts || a.orderId - b.orderId);
}

/** The statuses an order goes through and when: about 6% are cancelled, the rest are paid, shipped and delivered. */
function statusChanges(createdAt: number, random: SeededRandom): Array<[OrderStatus, number]> {
  if (random.chance(0.06)) return [['created', createdAt], ['cancelled', createdAt + random.int(10, 36 * 60) * MINUTE]];
  // Card payments clear in minutes; boleto/PIX-later ones can take up to two days.
  const paidAt = createdAt + (random.chance(0.8) ? random.int(1, 30) * MINUTE : random.int(1, 48) * HOUR);
  const shippedAt = paidAt + random.int(6, 48) * HOUR;
  const deliveredAt = shippedAt + random.int(24, 5 * 24) * HOUR;
  return [['created', createdAt], ['paid', paidAt], ['shipped', shippedAt], ['delivered', deliveredAt]];
}
