import { openProducer, type DeliveryReport } from '../../kafka/index.js';
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

/** What the linger exercise asks for: events arrive in bursts of 10 per millisecond. */
export interface LingerTarget {
  events: number;
  /** Produce requests allowed for all the events. */
  maxRequests: number;
  /** The p95 of send → acknowledgement latency allowed, ms. */
  maxP95LatencyMs: number;
}

/** The target of exercise 02b: few requests and a short p95, both measured on the real broker. */
export const LINGER_TARGET: LingerTarget = { events: 2000, maxRequests: 30, maxP95LatencyMs: 60 };

/** 02b: choose batchSize and lingerMs so that paced events meet a request budget and a latency budget. */
export const lingerOnTarget = defineExercise<(target: LingerTarget) => { batchSize: number; lingerMs: number } | Promise<{ batchSize: number; lingerMs: number }>>({
  notebook: NOTEBOOK,
  title: 'linger na medida',
  check: (solve) =>
    withScratchTopic('linger-target', { partitions: 2 }, async (topic) => {
      const target = { ...LINGER_TARGET };
      const choice = await solve(target);
      if (!choice || typeof choice.batchSize !== 'number' || typeof choice.lingerMs !== 'number') return ['devolva um objeto { batchSize, lingerMs } com dois números'];
      const producer = await openProducer({ batchSize: choice.batchSize, lingerMs: choice.lingerMs });
      const sends: Array<Promise<unknown>> = [];
      // Como no site da seção 4: rajadas de 10 eventos, uma por milissegundo.
      for (let i = 0; i < target.events; i++) {
        sends.push(producer.send(topic, { key: `u${i % 25}`, value: { i } }));
        if (i % 10 === 9) await new Promise((resolveTick) => setTimeout(resolveTick, 1));
      }
      await Promise.all(sends);
      await producer.close();
      const stats = producer.stats();
      const differences: string[] = [];
      const stored = (await readAll(topic)).length;
      if (stored !== target.events) differences.push(differs('registros no tópico', stored, target.events));
      if (stats.requests > target.maxRequests) differences.push(`requisições: obtidas ${stats.requests}, esperado no máximo ${target.maxRequests} — os lotes saem vazios demais: espere mais (lingerMs) ou junte mais (batchSize)`);
      if (stats.latencyMs.p95 > target.maxP95LatencyMs) differences.push(`latência p95: obtida ${stats.latencyMs.p95.toFixed(1)} ms, esperado no máximo ${target.maxP95LatencyMs} ms — os registros esperam demais na fila: diminua lingerMs`);
      return differences;
    }),
});
