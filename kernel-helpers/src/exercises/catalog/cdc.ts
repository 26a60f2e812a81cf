import { applyChange, type KeyState } from '../../cdc/materialise.js';
import { parseChangeEvent } from '../../cdc/envelope.js';
import { seededRandom } from '../../datasets/seeded-random.js';
import { createTopic, deleteTopic, produce } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';
import { withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '05-cdc-debezium';

type Order = { id: number; customer_id: number; amount: string; status: string };
type Envelope = { op: string; before: object | null; after: object | null; source: Record<string, unknown>; ts_ms: number };
type Message = { key: string; value: Envelope | null };

const sourceFor = (table: string, lsn: number, txId: number) => ({ connector: 'postgresql', db: 'shop', schema: 'public', table, ts_ms: 1_772_446_530_000 + lsn, lsn, txId });
const serializeOrTombstone = (value: unknown) => (value === null ? null : JSON.stringify(value));

/**
 * A seeded history of the `orders` table as Debezium writes it: snapshot rows, inserts, updates
 * (amount, customer, status → cancelled), deletes with their tombstones, and a redelivered tail
 * (what a connector restart before an offset commit produces).
 */
function orderHistory(seed: number): Message[] {
  const random = seededRandom(seed);
  const rows = new Map<number, Order>();
  const messages: Message[] = [];
  let lsn = 1000;
  let txId = 500;
  const emit = (op: string, before: Order | null, after: Order | null) => {
    const id = (after ?? before)!.id;
    lsn += 8;
    txId += 1;
    messages.push({ key: JSON.stringify({ id }), value: { op, before, after, source: sourceFor('orders', lsn, txId), ts_ms: 0 } });
    if (op === 'd') messages.push({ key: JSON.stringify({ id }), value: null });
  };
  const amount = () => (random.int(500, 50_000) / 100).toFixed(2);
  for (let id = 1; id <= 12; id += 1) {
    const row = { id, customer_id: random.int(1, 5), amount: amount(), status: 'created' };
    rows.set(id, row);
    emit('r', null, row);
  }
  let nextId = 13;
  for (let step = 0; step < 60; step += 1) {
    const ids = [...rows.keys()];
    const choice = random.int(0, 9);
    if (choice < 3 || ids.length < 3) {
      const row = { id: nextId++, customer_id: random.int(1, 5), amount: amount(), status: 'created' };
      rows.set(row.id, row);
      emit('c', null, row);
    } else if (choice < 8) {
      const before = rows.get(random.pick(ids))!;
      const after = { ...before };
      if (choice === 3) after.customer_id = random.int(1, 5);
      else if (choice === 4) after.status = 'cancelled';
      else if (choice === 5) after.status = 'paid';
      else after.amount = amount();
      rows.set(after.id, after);
      emit('u', before, after);
    } else {
      const before = rows.get(random.pick(ids))!;
      rows.delete(before.id);
      emit('d', before, null);
    }
  }
  return [...messages, ...messages.slice(-15)];
}

/** Revenue per customer (orders not cancelled), from the final state of `orders` (pure). */
function revenueOf(messages: Message[]): Record<string, number> {
  const state = new Map<string, KeyState>();
  for (const message of messages) applyChange(state, parseChangeEvent(message.value), ['id']);
  const revenue: Record<string, number> = Object.create(null);
  for (const { row } of state.values()) {
    const order = row as Order | null;
    if (!order || order.status === 'cancelled') continue;
    revenue[String(order.customer_id)] = Math.round(((revenue[String(order.customer_id)] ?? 0) + Number(order.amount)) * 100) / 100;
  }
  return revenue;
}

/** 05a: revenue per customer from a CDC topic of `orders`, robust to updates, deletes and redelivery. */
export const revenuePerCustomer = defineExercise<(topic: string) => Promise<Record<string, number>>>({
  notebook: NOTEBOOK,
  title: 'receita por cliente a partir do fluxo de mudanças',
  check: (solve) =>
    withScratchTopic('cdc-revenue', { partitions: 1 }, async (topic) => {
      const messages = orderHistory(5);
      await produce(topic, messages, { serialize: serializeOrTombstone });
      const expected = revenueOf(messages);
      const answer = (await solve(topic)) ?? {};
      const customers = [...new Set([...Object.keys(expected), ...Object.keys(answer)])].sort();
      return customers.flatMap((customer) => (Math.abs((answer[customer] ?? 0) - (expected[customer] ?? 0)) < 0.005 ? [] : [differs(`receita do cliente ${customer}`, answer[customer], expected[customer])]));
    }),
});

/** One change event of a transaction, as the exercise asks for it. */
export interface TransactionChange {
  table: string;
  op: string;
  id: number;
}

/** 05b: the events of one transaction, across two tables' topics, in commit order. */
export const eventsOfTransaction = defineExercise<(topics: string[], txId: number) => Promise<TransactionChange[]>>({
  notebook: NOTEBOOK,
  title: 'os eventos de uma transação, nas duas tabelas',
  check: (solve) =>
    withScratchTopic('cdc-transaction', { partitions: 1 }, async (orders) => {
      const customers = `${orders}-customers`;
      await createTopic(customers, { partitions: 1 });
      try {
        const random = seededRandom(11);
        const written: Record<string, Message[]> = { orders: [], customers: [] };
        const byTx = new Map<number, Array<TransactionChange & { lsn: number }>>();
        let lsn = 5000;
        for (let txId = 900; txId < 906; txId += 1) {
          for (let n = random.int(1, 4); n > 0; n -= 1) {
            const table = random.chance(0.5) ? 'orders' : 'customers';
            const id = random.int(1, 40);
            const op = random.pick(['c', 'u', 'd']);
            lsn += 8;
            const row = { id, note: `tx ${txId}` };
            written[table].push({ key: JSON.stringify({ id }), value: { op, before: op === 'c' ? null : row, after: op === 'd' ? null : row, source: sourceFor(table, lsn, txId), ts_ms: 0 } });
            if (op === 'd') written[table].push({ key: JSON.stringify({ id }), value: null });
            byTx.set(txId, [...(byTx.get(txId) ?? []), { table, op, id, lsn }]);
          }
        }
        await produce(orders, written.orders, { serialize: serializeOrTombstone });
        await produce(customers, written.customers, { serialize: serializeOrTombstone });
        const txId = [...byTx.entries()].sort((a, b) => b[1].length - a[1].length)[0][0];
        const expected = byTx.get(txId)!.map(({ table, op, id }) => ({ table, op, id }));
        const answer = (await solve([orders, customers], txId)) ?? [];
        const plain = answer.map(({ table, op, id }) => ({ table, op, id }));
        return JSON.stringify(plain) === JSON.stringify(expected) ? [] : [differs(`eventos da transação ${txId}`, plain, expected)];
      } finally {
        await deleteTopic(customers).catch(() => undefined);
      }
    }),
});
