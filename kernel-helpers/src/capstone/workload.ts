import { clickstream, seededRandom, shopOrders, type ClickEvent } from '../datasets/index.js';

/** A shop customer of the capstone (a small copy of shop.customers: id and state). */
export interface CapstoneCustomer {
  id: number;
  name: string;
  /** UF, e.g. "SP". */
  state: string;
}

/** One change to an order row: the insert that creates it, or an update of its status. */
export interface OrderChange {
  orderId: number;
  customerId: number;
  /** price × quantity, in centavos (integers: sums stay exact). */
  amountCents: number;
  status: 'created' | 'paid' | 'shipped' | 'delivered' | 'cancelled';
  /** When the change happens (event time), ms since the epoch: `updated_at` of the row. */
  ts: number;
}

/** Everything the capstone's seeded workload does: customers, order changes in PostgreSQL, clicks on the site. */
export interface CapstoneWorkload {
  customers: CapstoneCustomer[];
  changes: OrderChange[];
  clicks: ClickEvent[];
}

export interface CapstoneWorkloadOptions {
  seed?: number;
  /** Order changes (inserts and status updates), default 300. */
  orderChanges?: number;
  /** Clicks, default 3000. */
  clicks?: number;
}

const STATES = ['SP', 'RJ', 'MG', 'BA', 'PR', 'RS', 'PE', 'CE', 'DF', 'GO'];
/** Both generators start at the same instant, so orders and clicks share a timeline. */
const START = Date.UTC(2026, 2, 9, 12);

/**
 * The capstone's workload, the same for the same seed: 50 customers, the first `orderChanges`
 * changes of the shop-orders generator (an order's insert always comes before its updates), and
 * `clicks` clicks of the clickstream generator of the same 50 users, on one timeline.
 */
export function capstoneWorkload(options: CapstoneWorkloadOptions = {}): CapstoneWorkload {
  const seed = options.seed ?? 10;
  const random = seededRandom(seed);
  const customers = Array.from({ length: 50 }, (_, i) => ({ id: i + 1, name: `Cliente ${i + 1}`, state: STATES[random.int(0, STATES.length - 1)] }));
  const wanted = options.orderChanges ?? 300;
  // Each order yields 2–4 changes; generate enough orders, then keep the first changes in time.
  const orders = shopOrders({ seed, orders: Math.ceil(wanted / 1.5), start: START, meanGapMs: 20_000 });
  const changes = orders.slice(0, wanted).map((event) => ({ orderId: event.orderId, customerId: event.customerId, amountCents: Math.round(event.amount * 100), status: event.status, ts: event.ts }));
  // The click generator spreads a user's sessions over days; squeeze its timeline onto the orders'
  // (same order of clicks, same start), so every minute with orders also has clicks to convert.
  const generated = clickstream({ seed, users: 50, events: options.clicks ?? 3000, start: START });
  const ordersEnd = Math.max(...changes.map((change) => change.ts));
  const clicksEnd = generated[generated.length - 1]?.ts ?? START;
  const scale = clicksEnd > START ? (ordersEnd - START) / (clicksEnd - START) : 1;
  const clicks = generated.map((click) => ({ ...click, ts: START + Math.round((click.ts - START) * scale) }));
  return { customers, changes, clicks };
}
