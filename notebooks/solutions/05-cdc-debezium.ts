/** Reference solutions of notebook 05-cdc-debezium (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { MaterialisedTable, parseChangeEvent } from '@streamlab/kernel-helpers/cdc';
import { consume, describeTopic } from '@streamlab/kernel-helpers/kafka';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

async function readAll(topic: string) {
  const stored = (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  return consume(topic, { max: stored, timeoutMs: 10_000 });
}

const revenuePerCustomer: SolveOf<'cdc-receita-por-cliente'> = async (topic) => {
  // Fold the stream into the current orders first (idempotent: redeliveries change nothing), then sum.
  const orders = new MaterialisedTable('public.orders');
  for (const record of await readAll(topic)) orders.applyValue(record.value);
  const revenue: Record<string, number> = Object.create(null);
  for (const order of orders.rows()) {
    if (order.status === 'cancelled') continue;
    const customer = String(order.customer_id);
    revenue[customer] = Math.round(((revenue[customer] ?? 0) + Number(order.amount)) * 100) / 100;
  }
  return revenue;
};

const eventsOfTransaction: SolveOf<'cdc-eventos-da-transacao'> = async (topics, txId) => {
  const found: Array<{ table: string; op: string; id: number; lsn: number }> = [];
  for (const topic of topics) {
    for (const record of await readAll(topic)) {
      const event = parseChangeEvent(record.value);
      if (!event || event.source.txId !== txId) continue;
      const row = (event.after ?? event.before) as { id: number };
      found.push({ table: event.source.table, op: event.op, id: row.id, lsn: event.source.lsn ?? 0 });
    }
  }
  // Commit order inside a transaction is LSN order, whatever topic each event went to.
  return found.sort((a, b) => a.lsn - b.lsn).map(({ table, op, id }) => ({ table, op, id }));
};

export const solutions = {
  'cdc-receita-por-cliente': revenuePerCustomer,
  'cdc-eventos-da-transacao': eventsOfTransaction,
};
