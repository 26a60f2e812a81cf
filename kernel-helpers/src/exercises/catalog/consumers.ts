import { consume, groupLag, produce, type ConsumedRecord } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';
import { readAll, withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '03-consumers';

const keyOf = (i: number) => `sensor-${(i * 7) % 5}`;

/** 03a: read a whole topic and count its records per key. */
export const countByKey = defineExercise<(topic: string) => Promise<Record<string, number>>>({
  notebook: NOTEBOOK,
  title: 'contar registros por chave',
  check: (solve) =>
    withScratchTopic('count-by-key', { partitions: 3 }, async (topic) => {
      await produce(topic, Array.from({ length: 90 }, (_, i) => ({ key: keyOf(i), value: { reading: i } })));
      const expected: Record<string, number> = Object.create(null);
      for (let i = 0; i < 90; i += 1) expected[keyOf(i)] = (expected[keyOf(i)] ?? 0) + 1;
      const answer = (await solve(topic)) ?? {};
      const answered = (key: string) => (Object.hasOwn(answer, key) ? answer[key] : undefined);
      return [...new Set([...Object.keys(expected), ...Object.keys(answer)])].sort().flatMap((key) => (answered(key) === expected[key] ? [] : [differs(`contagem de ${key}`, answered(key), expected[key])]));
    }),
});

/** 03b: make a stopped group re-read the last `n` records of every partition. */
export const rewindGroup = defineExercise<(groupId: string, topic: string, n: number) => Promise<void>>({
  notebook: NOTEBOOK,
  title: 'voltar o grupo n registros',
  check: (solve) =>
    withScratchTopic('rewind-group', { partitions: 3 }, async (topic) => {
      const groupId = `${topic}-group`;
      await produce(topic, Array.from({ length: 30 }, (_, i) => ({ value: { i }, partition: i % 3 })));
      await consume(topic, { groupId, max: 30, timeoutMs: 8000 });
      await solve(groupId, topic, 4);
      const differences: string[] = [];
      const lag = await groupLag(groupId, topic);
      for (const row of lag) if (row.lag !== 4) differences.push(differs(`lag da partição ${row.partition} depois de voltar o grupo`, row.lag, 4));
      const reread = await consume<{ i: number }>(topic, { groupId, max: 12, timeoutMs: 5000 });
      const expected = [18, 21, 24, 27, 19, 22, 25, 28, 20, 23, 26, 29].sort((a, b) => a - b);
      const got = reread.map((record) => record.value.i).sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(differs('registros que o grupo lê em seguida', got, expected));
      return differences;
    }),
});

/** An order of the idempotent-sink exercise. */
export interface SinkOrder {
  order_id: string;
  customer_id: string;
  total: number;
}

/**
 * The "database table" of the idempotent-sink exercise. `insert(row)` appends a row, like a plain
 * `INSERT`; `upsert(key, row)` writes the row under a unique key, like `INSERT ... ON CONFLICT (key)
 * DO UPDATE`: writing the same key twice leaves one row.
 */
export class SinkTable<R> {
  private readonly appended: R[] = [];
  private readonly byKey = new Map<string, R>();

  /** Appends `row` (a second call with the same row adds a second row). */
  insert(row: R): void {
    this.appended.push(row);
  }

  /** Writes `row` under `key`, replacing the row already there. */
  upsert(key: string, row: R): void {
    this.byKey.set(key, row);
  }

  /** Every row, appended ones first. */
  rows(): R[] {
    return [...this.appended, ...this.byKey.values()];
  }
}

/** Records processed before the crash, and how often the consumer commits. */
const COMMIT_EVERY = 5;
const CRASH_AFTER = 13;

/**
 * 03c: a sink that stays correct when at-least-once delivery repeats records. The checker reads the
 * orders from a real topic and delivers them like an at-least-once consumer that commits every 5
 * records and crashes after processing the 14th: its replacement starts again from the last commit.
 */
export const idempotentSink = defineExercise<(table: SinkTable<SinkOrder>, record: ConsumedRecord<SinkOrder>) => void | Promise<void>>({
  notebook: NOTEBOOK,
  title: 'um destino que aguenta reentregas (at-least-once)',
  check: (solve) =>
    withScratchTopic('idempotent-sink', { partitions: 1 }, async (topic) => {
      const orders = Array.from({ length: 20 }, (_, i) => ({ order_id: `p${1000 + i}`, customer_id: `c${(i * 3) % 7}`, total: 10 + ((i * 37) % 90) }));
      await produce(topic, orders.map((order) => ({ key: order.customer_id, value: order })));
      const records = await readAll<SinkOrder>(topic);
      const table = new SinkTable<SinkOrder>();
      // First consumer: processes records 0..13 and crashes before the commit due at 15.
      for (const record of records.slice(0, CRASH_AFTER + 1)) await solve(table, record);
      // Its replacement resumes from the last commit (10): records 10..13 arrive a second time.
      const lastCommit = Math.floor((CRASH_AFTER + 1) / COMMIT_EVERY) * COMMIT_EVERY;
      for (const record of records.slice(lastCommit)) await solve(table, record);
      const rows = table.rows();
      const differences: string[] = [];
      if (rows.length !== orders.length) differences.push(differs('linhas na tabela', rows.length, orders.length));
      const seen = new Map<string, number>();
      for (const row of rows) seen.set(row?.order_id, (seen.get(row?.order_id) ?? 0) + 1);
      const repeated = [...seen].filter(([, times]) => times > 1);
      if (repeated.length) {
        differences.push(`${repeated.length} pedido(s) gravado(s) mais de uma vez (ex.: ${repeated[0][0]} ${repeated[0][1]} vezes): a reentrega depois da queda repetiu o registro — grave com uma chave única (table.upsert)`);
      }
      const missing = orders.filter((order) => !seen.has(order.order_id));
      if (missing.length) differences.push(`${missing.length} pedido(s) faltando na tabela, ex.: ${missing[0].order_id}`);
      const revenue = rows.reduce((sum, row) => sum + (row?.total ?? 0), 0);
      const expectedRevenue = orders.reduce((sum, order) => sum + order.total, 0);
      if (revenue !== expectedRevenue) differences.push(differs('soma dos totais na tabela', revenue, expectedRevenue));
      return differences;
    }),
});
