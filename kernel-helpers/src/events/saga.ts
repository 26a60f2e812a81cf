/**
 * A choreographed order saga: no orchestrator; each service reacts to events and emits events.
 *
 *   OrderPlaced ─► stock: StockReserved | OutOfStock
 *   StockReserved ─► payment: PaymentSucceeded | PaymentFailed
 *   PaymentSucceeded ─► order: OrderConfirmed
 *   PaymentFailed ─► stock: StockReleased (compensation) and order: OrderCancelled (compensation)
 *   OutOfStock ─► order: OrderCancelled
 *
 * The services' decisions are pure functions of (event, their own state): tested with no broker.
 */

export type SagaEventType =
  | 'OrderPlaced'
  | 'StockReserved'
  | 'OutOfStock'
  | 'PaymentSucceeded'
  | 'PaymentFailed'
  | 'StockReleased'
  | 'OrderConfirmed'
  | 'OrderCancelled';

/** One saga event; every event carries the order it belongs to (the Kafka key). */
export interface SagaEvent {
  type: SagaEventType;
  orderId: string;
  customerId: string;
  sku: string;
  quantity: number;
  /** Cents. */
  amount: number;
  /** Why, on OutOfStock / PaymentFailed / OrderCancelled. */
  reason?: string;
}

/** The service that emits each event type. */
export const SAGA_EMITTER: Readonly<Record<SagaEventType, SagaServiceName>> = Object.freeze({
  OrderPlaced: 'order',
  OrderConfirmed: 'order',
  OrderCancelled: 'order',
  StockReserved: 'stock',
  OutOfStock: 'stock',
  StockReleased: 'stock',
  PaymentSucceeded: 'payment',
  PaymentFailed: 'payment',
});

export type SagaServiceName = 'order' | 'stock' | 'payment';

/** A service's reaction to one event: the events it emits (possibly none). */
export type SagaReaction = SagaEvent[];

/** The event `type` about the same order as `cause`, with `reason` only when given (JSON has no undefined). */
export function follow(cause: SagaEvent, type: SagaEventType, reason?: string): SagaEvent {
  const { orderId, customerId, sku, quantity, amount } = cause;
  return reason === undefined ? { type, orderId, customerId, sku, quantity, amount } : { type, orderId, customerId, sku, quantity, amount, reason };
}

/** Stock levels per SKU, and the reservations held per order (what a compensation gives back). */
export class StockLedger {
  readonly available = new Map<string, number>();
  readonly reserved = new Map<string, { sku: string; quantity: number }>();

  constructor(initial: Iterable<[string, number]>) {
    for (const [sku, quantity] of initial) this.available.set(sku, quantity);
  }

  /** OrderPlaced → reserve (StockReserved) or OutOfStock; PaymentFailed → release (StockReleased). */
  react(event: SagaEvent): SagaReaction {
    if (event.type === 'OrderPlaced') {
      if (this.reserved.has(event.orderId)) return []; // redelivered: already reserved
      const left = this.available.get(event.sku) ?? 0;
      if (left < event.quantity) return [{ ...event, type: 'OutOfStock', reason: `estoque de ${event.sku}: ${left}` }];
      this.available.set(event.sku, left - event.quantity);
      this.reserved.set(event.orderId, { sku: event.sku, quantity: event.quantity });
      return [follow(event, 'StockReserved')];
    }
    if (event.type === 'PaymentFailed') {
      const held = this.reserved.get(event.orderId);
      if (!held) return [];
      this.reserved.delete(event.orderId);
      this.available.set(held.sku, (this.available.get(held.sku) ?? 0) + held.quantity);
      return [follow(event, 'StockReleased')];
    }
    return [];
  }
}

/** Credit per customer: a payment above the credit left fails. */
export class PaymentLedger {
  readonly credit = new Map<string, number>();
  readonly charged = new Set<string>();

  constructor(initial: Iterable<[string, number]>) {
    for (const [customer, cents] of initial) this.credit.set(customer, cents);
  }

  /** StockReserved → PaymentSucceeded (credit charged) or PaymentFailed. */
  react(event: SagaEvent): SagaReaction {
    if (event.type !== 'StockReserved' || this.charged.has(event.orderId)) return [];
    const left = this.credit.get(event.customerId) ?? 0;
    if (left < event.amount) return [{ ...event, type: 'PaymentFailed', reason: `crédito de ${event.customerId}: ${left}` }];
    this.credit.set(event.customerId, left - event.amount);
    this.charged.add(event.orderId);
    return [follow(event, 'PaymentSucceeded')];
  }
}

/** The order service: confirms paid orders, cancels the others. */
export class OrderBook {
  readonly status = new Map<string, OrderStatus>();

  /** Records OrderPlaced; PaymentSucceeded → OrderConfirmed; PaymentFailed / OutOfStock → OrderCancelled. */
  react(event: SagaEvent): SagaReaction {
    const current = this.status.get(event.orderId);
    if (event.type === 'OrderPlaced') {
      if (!current) this.status.set(event.orderId, 'pending');
      return [];
    }
    if (current !== 'pending') return [];
    if (event.type === 'PaymentSucceeded') {
      this.status.set(event.orderId, 'confirmed');
      return [follow(event, 'OrderConfirmed')];
    }
    if (event.type === 'PaymentFailed' || event.type === 'OutOfStock') {
      this.status.set(event.orderId, 'cancelled');
      return [follow(event, 'OrderCancelled', event.reason)];
    }
    return [];
  }
}

export type OrderStatus = 'pending' | 'confirmed' | 'cancelled';

/** Where one order's saga stands after its events (pure fold). */
export interface SagaProgress {
  orderId: string;
  status: 'em andamento' | 'confirmado' | 'cancelado' | 'compensado';
  /** The event types in the order they happened. */
  steps: SagaEventType[];
  /** Whether the saga reached an end state (nothing more will happen). */
  done: boolean;
}

/**
 * The state of each order's saga from its events: confirmed; cancelled before payment (out of
 * stock); compensated (payment failed, stock released and order cancelled); else in progress. Pure.
 */
export function sagaProgress(events: Iterable<SagaEvent>): Map<string, SagaProgress> {
  const steps = new Map<string, SagaEventType[]>();
  for (const event of events) {
    const list = steps.get(event.orderId) ?? [];
    list.push(event.type);
    steps.set(event.orderId, list);
  }
  const progress = new Map<string, SagaProgress>();
  for (const [orderId, list] of steps) {
    const has = (type: SagaEventType) => list.includes(type);
    let status: SagaProgress['status'] = 'em andamento';
    let done = false;
    if (has('OrderConfirmed')) [status, done] = ['confirmado', true];
    else if (has('PaymentFailed') && has('OrderCancelled')) [status, done] = ['compensado', has('StockReleased')];
    else if (has('OutOfStock') && has('OrderCancelled')) [status, done] = ['cancelado', true];
    progress.set(orderId, { orderId, status, steps: list, done });
  }
  return progress;
}
