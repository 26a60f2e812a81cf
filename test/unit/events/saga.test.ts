import { describe, expect, it } from 'vitest';
import { OrderBook, PaymentLedger, sagaProgress, StockLedger, type SagaEvent, type SagaEventType } from '../../../kernel-helpers/src/events/saga';

const order = (orderId: string, customerId: string, quantity: number, amount: number): SagaEvent => ({ type: 'OrderPlaced', orderId, customerId, sku: 'caneca', quantity, amount });

/** Delivers events to every service until nothing new is emitted (an in-memory event bus). */
function choreograph(placed: SagaEvent[], stock: StockLedger, payment: PaymentLedger, orders: OrderBook): SagaEvent[] {
  const log: SagaEvent[] = [];
  const queue = [...placed];
  while (queue.length) {
    const event = queue.shift()!;
    log.push(event);
    for (const service of [orders, stock, payment]) queue.push(...service.react(event));
  }
  return log;
}

/** Fresh services with `units` mugs in stock and `credit` cents for each customer, and the log of running `placed` through them. */
function run(units: number, credit: Array<[string, number]>, placed: SagaEvent[]) {
  const stock = new StockLedger([['caneca', units]]);
  const payment = new PaymentLedger(credit);
  const orders = new OrderBook();
  return { stock, payment, orders, log: choreograph(placed, stock, payment, orders) };
}

const types = (log: SagaEvent[], orderId: string): SagaEventType[] => log.filter((event) => event.orderId === orderId).map((event) => event.type);

describe('choreographed saga (pure services)', () => {
  it('happy path: reserved, paid, confirmed; stock and credit taken', () => {
    const { stock, payment, orders, log } = run(5, [['c1', 10_000]], [order('o1', 'c1', 2, 4_000)]);
    expect(types(log, 'o1')).toEqual(['OrderPlaced', 'StockReserved', 'PaymentSucceeded', 'OrderConfirmed']);
    expect(stock.available.get('caneca')).toBe(3);
    expect(payment.credit.get('c1')).toBe(6_000);
    expect(orders.status.get('o1')).toBe('confirmed');
    expect(sagaProgress(log).get('o1')).toMatchObject({ status: 'confirmado', done: true });
  });

  it('payment fails: stock released and order cancelled (compensations), stock back to where it was', () => {
    const { stock, payment, orders, log } = run(5, [['c2', 100]], [order('o2', 'c2', 2, 4_000)]);
    expect(types(log, 'o2')).toEqual(['OrderPlaced', 'StockReserved', 'PaymentFailed', 'OrderCancelled', 'StockReleased']);
    expect(stock.available.get('caneca')).toBe(5);
    expect(stock.reserved.size).toBe(0);
    expect(orders.status.get('o2')).toBe('cancelled');
    expect(sagaProgress(log).get('o2')).toMatchObject({ status: 'compensado', done: true });
  });

  it('out of stock: cancelled without any payment', () => {
    const { stock, payment, orders, log } = run(1, [['c1', 10_000]], [order('o3', 'c1', 2, 1_000)]);
    expect(types(log, 'o3')).toEqual(['OrderPlaced', 'OutOfStock', 'OrderCancelled']);
    expect(payment.credit.get('c1')).toBe(10_000);
    expect(sagaProgress(log).get('o3')).toMatchObject({ status: 'cancelado', done: true });
  });

  it('redelivered events change nothing (each service is idempotent per order)', () => {
    const { stock, payment, orders, log } = run(5, [['c1', 10_000]], [order('o4', 'c1', 2, 1_000)]);
    for (const event of log) for (const service of [orders, stock, payment]) expect(service.react(event)).toEqual([]);
    expect(stock.available.get('caneca')).toBe(3);
    expect(payment.credit.get('c1')).toBe(9_000);
  });

  it('a compensation that has not happened yet keeps the saga open', () => {
    const partial: SagaEvent[] = [order('o5', 'c1', 1, 1), { ...order('o5', 'c1', 1, 1), type: 'StockReserved' }, { ...order('o5', 'c1', 1, 1), type: 'PaymentFailed' }, { ...order('o5', 'c1', 1, 1), type: 'OrderCancelled' }];
    expect(sagaProgress(partial).get('o5')).toMatchObject({ status: 'compensado', done: false });
    expect(sagaProgress(partial.slice(0, 2)).get('o5')).toMatchObject({ status: 'em andamento', done: false });
  });
});
