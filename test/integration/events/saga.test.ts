import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { runSaga, type SagaEvent } from '@streamlab/kernel-helpers/events';

const suffix = randomUUID().slice(0, 8);
const topic = `eda-it-saga-${suffix}`;
const order = (orderId: string, customerId: string, quantity: number, amount: number): SagaEvent => ({ type: 'OrderPlaced', orderId, customerId, sku: 'caneca', quantity, amount });

beforeAll(() => createTopic(topic, { partitions: 3 }));
afterAll(() => deleteTopic(topic).catch(() => undefined));

describe('choreographed saga on the broker', () => {
  it('happy path confirms, a failed payment is compensated, missing stock cancels: right end states', async () => {
    const run = await runSaga({
      topic,
      groupPrefix: `eda-it-saga-${suffix}`,
      orders: [order('o1', 'rica', 2, 5_000), order('o2', 'pobre', 1, 9_000), order('o3', 'rica', 9, 1_000)],
      stock: [['caneca', 5]],
      credit: [['rica', 20_000], ['pobre', 1_000]],
    });
    const steps = (id: string) => run.progress.get(id)?.steps;
    expect(run.progress.get('o1')?.status).toBe('confirmado');
    expect(steps('o1')).toEqual(['OrderPlaced', 'StockReserved', 'PaymentSucceeded', 'OrderConfirmed']);
    expect(run.progress.get('o2')?.status).toBe('compensado');
    expect(new Set(steps('o2'))).toEqual(new Set(['OrderPlaced', 'StockReserved', 'PaymentFailed', 'StockReleased', 'OrderCancelled']));
    expect(run.progress.get('o3')?.status).toBe('cancelado');
    expect(steps('o3')).toEqual(['OrderPlaced', 'OutOfStock', 'OrderCancelled']);
    // Stock: 5 - 2 (o1 kept) - 1 (o2 reserved, then released) + 1 = 3; o3 never reserved.
    expect(run.stock.available.get('caneca')).toBe(3);
    expect(run.payment.credit.get('rica')).toBe(15_000);
    expect(run.payment.credit.get('pobre')).toBe(1_000);
    expect([...run.orders.status]).toEqual(expect.arrayContaining([['o1', 'confirmed'], ['o2', 'cancelled'], ['o3', 'cancelled']]));
    expect(run.events.every((event) => ['order', 'stock', 'payment'].includes(event.service))).toBe(true);
  }, 120_000);
});
