import { randomUUID } from 'node:crypto';
import { consume, produce } from '../../kafka/index.js';
import { seededRandom, type SeededRandom } from '../../datasets/seeded-random.js';
import { defineExercise } from '../definition.js';
import { withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '08-arquiteturas-orientadas-a-eventos';

/** A payment event as exercise 08a writes it (the id travels in the `id` header, as with EventRouter). */
export interface PaymentEvent {
  customer: string;
  cents: number;
}

/** Ledger events of exercise 08b: the notebook's three, plus a transfer between two accounts. */
export type AccountEvent =
  | { type: 'AccountOpened'; accountId: string; owner: string }
  | { type: 'Deposited'; accountId: string; amount: number }
  | { type: 'Withdrawn'; accountId: string; amount: number }
  | { type: 'Transferred'; accountId: string; to: string; amount: number };

/** What both exercises ask for: read a topic, answer one number per key. */
type TotalsOf = (topic: string) => Promise<Map<string, number>>;

/** One line per key whose value differs: "obtido … esperado". */
function compareMaps(what: string, got: Map<string, number> | undefined, expected: Map<string, number>): string[] {
  if (!(got instanceof Map)) return [`${what}: obtido ${JSON.stringify(got)}, esperado um Map`];
  const keys = [...new Set([...expected.keys(), ...got.keys()])].sort();
  return keys.flatMap((key) => (got.get(key) === expected.get(key) ? [] : [`${what} de ${key}: obtido ${got.get(key)}, esperado ${expected.get(key)}`]));
}

/**
 * An exercise whose learner reads a scratch topic into totals per key: `fill` writes the topic from
 * a generator seeded with `scratch.seed` and returns the expected totals, compared key by key as `what`.
 */
function totalsExercise(
  title: string,
  scratch: { name: string; partitions: number; seed: number },
  what: string,
  fill: (topic: string, random: SeededRandom) => Promise<Map<string, number>>,
) {
  return defineExercise<TotalsOf>({
    notebook: NOTEBOOK,
    title,
    check: (solve) =>
      withScratchTopic(scratch.name, { partitions: scratch.partitions }, async (topic) => {
        const expected = await fill(topic, seededRandom(scratch.seed));
        return compareMaps(what, await solve(topic), expected);
      }),
  });
}

/** 08a: total paid per customer from a payments topic with redeliveries, each payment id counted once. */
export const idempotentPayments = totalsExercise(
  'pagamentos idempotentes (cada id de evento uma vez)',
  { name: 'payments', partitions: 3, seed: 8 },
  'total pago',
  async (topic, random) => {
    const payments = Array.from({ length: 30 }, (_, i) => ({ id: randomUUID(), customer: `cliente-${i % 5}`, cents: random.int(500, 5500) }));
    // Redeliveries: a retrying producer and a restarted relay wrote some payments again, same id.
    const redelivered = [3, 3, 8, 15, 15, 15, 22, 29].map((i) => payments[i]);
    await produce(
      topic,
      [...payments, ...redelivered].map((payment) => {
        const headers: Record<string, string> = Object.create(null);
        headers.id = payment.id;
        return { key: payment.customer, value: { customer: payment.customer, cents: payment.cents } satisfies PaymentEvent, headers };
      }),
    );
    const expected = new Map<string, number>();
    for (const payment of payments) expected.set(payment.customer, (expected.get(payment.customer) ?? 0) + payment.cents);
    return expected;
  },
);

/** 08b: rebuild account balances from a topic of account events, transfers included (event sourcing). */
export const accountProjection = totalsExercise(
  'saldos reconstruídos a partir dos eventos (com transferências)',
  { name: 'accounts', partitions: 1, seed: 88 },
  'saldo',
  async (topic, random) => {
    const accounts = ['ana', 'bia', 'caio', 'duda'];
    const events: AccountEvent[] = accounts.map((accountId) => ({ type: 'AccountOpened', accountId, owner: accountId.toUpperCase() }));
    const expected = new Map(accounts.map((account) => [account, 0]));
    for (let i = 0; i < 60; i += 1) {
      const accountId = random.pick(accounts);
      const amount = 100 * random.int(1, 20);
      const roll = random.next();
      const balance = expected.get(accountId)!;
      if (roll < 0.45 || balance < amount) {
        events.push({ type: 'Deposited', accountId, amount });
        expected.set(accountId, balance + amount);
      } else if (roll < 0.7) {
        events.push({ type: 'Withdrawn', accountId, amount });
        expected.set(accountId, balance - amount);
      } else {
        const to = accounts[(accounts.indexOf(accountId) + random.int(1, 3)) % accounts.length];
        events.push({ type: 'Transferred', accountId, to, amount });
        expected.set(accountId, balance - amount);
        expected.set(to, expected.get(to)! + amount);
      }
    }
    await produce(topic, events.map((event) => ({ key: event.accountId, value: event })));
    return expected;
  },
);

/** An event of exercise 08c: a new last step of the saga, shipping, which can fail after payment. */
export interface ShippingEvent {
  type: 'ShippingFailed' | 'PaymentRefunded' | string;
  orderId: string;
  customerId: string;
  /** Cents (0 on ShippingFailed: the payment service knows what it charged). */
  amount: number;
}

/** The payment service's state in 08c: credit per customer, and what each paid order was charged. */
export interface PaymentState {
  credit: Map<string, number>;
  charged: Map<string, number>;
}

/** 08c: the compensation for a failure after payment: a refund, once per order, never for an unpaid one. */
export const shippingCompensation = defineExercise<(event: ShippingEvent, state: PaymentState) => ShippingEvent[]>({
  notebook: NOTEBOOK,
  title: 'compensação de um envio que falhou (estorno)',
  check: (solve) =>
    withScratchTopic('shipping', { partitions: 1 }, async (topic) => {
      const state: PaymentState = { credit: new Map([['ana', 1_000], ['bruno', 0]]), charged: new Map([['s-1', 3_000], ['s-2', 2_000], ['s-3', 1_500]]) };
      const failed = (orderId: string, customerId: string): ShippingEvent => ({ type: 'ShippingFailed', orderId, customerId, amount: 0 });
      // s-1 twice (a redelivery), s-2 once, s-9 was never paid; an unrelated event in between.
      const input = [failed('s-1', 'ana'), failed('s-2', 'bruno'), { type: 'Shipped', orderId: 's-3', customerId: 'ana', amount: 0 }, failed('s-1', 'ana'), failed('s-9', 'carla')];
      await produce(topic, input.map((event) => ({ key: event.orderId, value: event })));
      const records = await consume<ShippingEvent>(topic, { max: input.length, timeoutMs: 10_000 });
      const emitted = records.flatMap((record) => solve(record.value, state) ?? []);
      const differences: string[] = [];
      const refunds = emitted.map((event) => `${event.type} ${event.orderId} ${event.amount}`);
      const expected = ['PaymentRefunded s-1 3000', 'PaymentRefunded s-2 2000'];
      if (JSON.stringify(refunds) !== JSON.stringify(expected)) differences.push(`eventos emitidos: obtido ${JSON.stringify(refunds)}, esperado ${JSON.stringify(expected)}`);
      differences.push(...compareMaps('crédito', state.credit, new Map([['ana', 4_000], ['bruno', 2_000]])));
      differences.push(...compareMaps('cobrado', state.charged, new Map([['s-3', 1_500]])));
      return differences;
    }),
});
