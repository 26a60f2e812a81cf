import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSql, sql } from '@streamlab/kernel-helpers/cdc';
import { createTopic, deleteTopic, produce } from '@streamlab/kernel-helpers/kafka';
import { consumeWithRestarts, ensureProcessedEventsTable, idempotent } from '@streamlab/kernel-helpers/events';

const suffix = randomUUID().slice(0, 8);
const topic = `eda-it-payments-${suffix}`;
const processed = `eda_it_processed_${suffix}`;
const applied = `eda_it_applied_${suffix}`;
const raw = (text: string) => [text] as unknown as TemplateStringsArray;

type Payment = { customer: string; amount: number };
const payments = Array.from({ length: 40 }, (_, i) => ({ id: randomUUID(), customer: `c${i % 4}`, amount: 100 + i }));
const expected = new Map<string, number>();
for (const payment of payments) expected.set(payment.customer, (expected.get(payment.customer) ?? 0) + payment.amount);

beforeAll(async () => {
  await createTopic(topic, { partitions: 1 });
  // Each payment once, plus a producer "retry" that wrote payments 5 and 17 a second time (same id).
  const records = [...payments, payments[5], payments[17]].map((payment) => {
    const headers: Record<string, string> = Object.create(null);
    headers.id = payment.id;
    return { key: payment.customer, value: { customer: payment.customer, amount: payment.amount }, headers };
  });
  await produce(topic, records);
  await ensureProcessedEventsTable(sql, processed);
  await sql(raw(`CREATE TABLE ${applied} (mode text, customer text, amount int)`));
});

afterAll(async () => {
  await sql(raw(`DROP TABLE IF EXISTS ${processed}, ${applied}`)).catch(() => undefined);
  await deleteTopic(topic).catch(() => undefined);
  await closeSql();
});

async function totals(mode: string): Promise<Map<string, number>> {
  const rows = await sql<{ customer: string; total: string }>([`SELECT customer, sum(amount) AS total FROM ${applied} WHERE mode = `, ' GROUP BY customer'] as unknown as TemplateStringsArray, mode);
  return new Map(rows.map((row) => [row.customer, Number(row.total)]));
}

describe('idempotent consumer under redelivery', () => {
  it('without dedupe, restarts between processing and commit and producer retries double-apply payments', async () => {
    const summary = await consumeWithRestarts<Payment>(`eda-it-plain-${suffix}`, topic, {
      records: 42,
      crashAfter: [7, 11, 3],
      handle: async (record) => {
        await sql([`INSERT INTO ${applied} VALUES ('plain', `, ', ', ')'] as unknown as TemplateStringsArray, record.value.customer, record.value.amount);
      },
    });
    expect(summary.restarts).toBe(3);
    expect(summary.deliveries).toBe(42 + 3);
    const got = await totals('plain');
    const overcharged = [...expected].reduce((sum, [customer, total]) => sum + (got.get(customer)! - total), 0);
    // Run 0 crashed on offset 6; run 1 resumed at 6 and crashed on its 11th record (16); run 2 resumed
    // at 16 and crashed on 18: those three were applied twice, as were the retried payments 5 and 17.
    const twice = [6, 16, 18, 5, 17].reduce((sum, i) => sum + payments[i].amount, 0);
    expect(overcharged).toBe(twice);
  }, 120_000);

  it('with the processed-ids table in the same transaction, the totals equal one application per payment id', async () => {
    const apply = idempotent<Payment>(
      'payments-it',
      async (record, tx) => {
        await tx([`INSERT INTO ${applied} VALUES ('idempotent', `, ', ', ')'] as unknown as TemplateStringsArray, record.value.customer, record.value.amount);
      },
      { table: processed },
    );
    let skipped = 0;
    const summary = await consumeWithRestarts<Payment>(`eda-it-idempotent-${suffix}`, topic, {
      records: 42,
      crashAfter: [7, 11, 3],
      handle: async (record) => {
        if (!(await apply(record))) skipped += 1;
      },
    });
    expect(summary.deliveries).toBe(45);
    expect(skipped).toBe(5);
    expect(await totals('idempotent')).toEqual(expected);
    const ids = await sql<{ n: string }>(raw(`SELECT count(*) AS n FROM ${processed}`));
    expect(Number(ids[0].n)).toBe(40);
  }, 120_000);
});
