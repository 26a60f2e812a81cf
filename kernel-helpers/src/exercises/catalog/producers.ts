import { type DeliveryReport, type ProducerStats } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';
import { readAll, withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '02-producers';

/** An order of the exercise: a customer's `seq`-th order. */
export interface ExerciseOrder {
  order_id: string;
  customer_id: string;
  seq: number;
  total: number;
}

/** The orders the keyed-orders check sends: 6 customers, in order per customer. */
export function exerciseOrders(count = 48): ExerciseOrder[] {
  const seen = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const customer_id = `c${(i * 5) % 6}`;
    const seq = (seen.get(customer_id) ?? 0) + 1;
    seen.set(customer_id, seq);
    return { order_id: `o${1000 + i}`, customer_id, seq, total: 10 + ((i * 37) % 90) };
  });
}

/** 02a: send orders so that each customer's orders stay in order (one partition per customer). */
export const keyedOrders = defineExercise<(topic: string, orders: ExerciseOrder[]) => Promise<DeliveryReport[]>>({
  notebook: NOTEBOOK,
  title: 'pedidos em ordem por cliente',
  check: (solve) =>
    withScratchTopic('keyed-orders', { partitions: 4 }, async (topic) => {
      const orders = exerciseOrders();
      const reports = await solve(topic, orders);
      const records = await readAll<ExerciseOrder>(topic);
      const differences: string[] = [];
      if (records.length !== orders.length) differences.push(differs('registros no tópico', records.length, orders.length));
      if (!Array.isArray(reports) || reports.length !== orders.length) differences.push(differs('relatórios de entrega devolvidos', Array.isArray(reports) ? reports.length : reports, orders.length));
      const byCustomer = new Map<string, typeof records>();
      for (const record of records) byCustomer.set(record.value.customer_id, [...(byCustomer.get(record.value.customer_id) ?? []), record]);
      for (const [customer, own] of [...byCustomer].sort()) {
        const partitions = [...new Set(own.map((record) => record.partition))];
        if (partitions.length > 1) differences.push(`cliente ${customer}: pedidos espalhados pelas partições ${partitions.join(', ')} — a ordem entre eles se perde (use o cliente como chave)`);
        const seqs = own.sort((a, b) => Number(a.offset) - Number(b.offset)).map((record) => record.value.seq);
        if (partitions.length === 1 && seqs.some((seq, i) => seq !== i + 1)) differences.push(differs(`cliente ${customer}: seq em ordem de offset`, seqs, seqs.map((_, i) => i + 1)));
        if (own.some((record) => record.key !== customer)) differences.push(`cliente ${customer}: chave obtida ${JSON.stringify(own.find((record) => record.key !== customer)?.key)}, esperada "${customer}"`);
      }
      if (Array.isArray(reports)) {
        const stored = new Set(records.map((record) => `${record.partition}/${record.offset}`));
        const wrong = reports.filter((report) => !stored.has(`${report.partition}/${report.offset}`));
        if (wrong.length) differences.push(`${wrong.length} relatório(s) de entrega apontam para onde não há registro, por exemplo ${JSON.stringify(wrong[0])}`);
      }
      return differences;
    }),
});

/** 02b: send 2 000 events in at most 10 produce requests, compressed; return the producer's stats. */
export const batchedSend = defineExercise<(topic: string, events: Array<{ user_id: string; page: string }>) => Promise<ProducerStats>>({
  notebook: NOTEBOOK,
  title: 'poucos pedidos, poucos bytes',
  check: (solve) =>
    withScratchTopic('batched-send', { partitions: 2 }, async (topic) => {
      const events = Array.from({ length: 2000 }, (_, i) => ({ user_id: `u${i % 25}`, page: `/produtos/categoria/${i % 12}/item/${i % 97}` }));
      const rawBytes = events.reduce((sum, event) => sum + JSON.stringify(event).length, 0);
      const stats = await solve(topic, events);
      const stored = (await readAll(topic)).length;
      const differences: string[] = [];
      if (stored !== events.length) differences.push(differs('registros no tópico', stored, events.length));
      if (!stats || typeof stats.requests !== 'number') return [...differences, 'devolva producer.stats() depois de close()'];
      if (stats.requests > 10) differences.push(`requisições de produção: obtidas ${stats.requests}, esperado no máximo 10 — aumente o batchSize`);
      if (stats.bytesSent > rawBytes / 2) differences.push(`bytes na rede: obtidos ${stats.bytesSent}, esperado menos de ${Math.floor(rawBytes / 2)} (metade dos ${rawBytes} bytes de JSON) — comprima os lotes`);
      return differences;
    }),
});

