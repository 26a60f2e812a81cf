import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closeSql,
  diffWithSource,
  dropCapture,
  followTable,
  MaterialisedTable,
  registerConnector,
  restartConnector,
  stackConnectorConfig,
  waitForConnector,
  type FollowedTable,
  type RowDifference,
} from '@streamlab/kernel-helpers/cdc';
import { consume } from '@streamlab/kernel-helpers/kafka';
import { waitUntil } from '../../../kernel-helpers/src/wait.js';
import { shopWorkload } from './shop-workload.js';

const suffix = randomUUID().slice(0, 8);
const capture = { name: `it-cdc-mat-${suffix}`, topicPrefix: `itcdcmat${suffix}` };
const workload = shopWorkload(`it-cdc-mat-${suffix}`, 42);
const followed: FollowedTable[] = [];

async function follow(table: string): Promise<FollowedTable> {
  const view = await followTable(`${capture.topicPrefix}.public.${table}`, `public.${table}`);
  followed.push(view);
  return view;
}

/** Waits until every view equals its source table (changes in flight arrive within seconds). */
async function expectEqual(...views: MaterialisedTable[]): Promise<void> {
  let last: RowDifference[] = [];
  await waitUntil(
    async () => {
      last = (await Promise.all(views.map((view) => diffWithSource(view)))).flat();
      return last.length === 0;
    },
    { what: 'the materialised tables to equal SELECT *', timeoutMs: 90_000, hint: 'events were lost or misapplied', intervalMs: 500 },
  ).catch(() => undefined);
  expect(last.slice(0, 5)).toEqual([]);
}

beforeAll(async () => {
  await registerConnector(await stackConnectorConfig({ ...capture, tables: ['public.orders', 'public.customers'] }));
  await waitForConnector(capture.name);
  // The snapshot creates both topics; follow them from their first record.
  await consume(`${capture.topicPrefix}.public.customers`, { max: 1, timeoutMs: 60_000, waitForTopic: true });
  await consume(`${capture.topicPrefix}.public.orders`, { max: 1, timeoutMs: 60_000, waitForTopic: true });
});

afterAll(async () => {
  await Promise.all(followed.map((view) => view.stop()));
  await workload.cleanup().catch(() => undefined);
  await dropCapture(capture);
  await closeSql();
});

describe('materialising orders and customers from Debezium events', () => {
  let orders: FollowedTable;
  let customers: FollowedTable;

  it('equals SELECT * after a seeded sequence of 1,000 mixed operations, deletes and key updates included', async () => {
    orders = await follow('orders');
    customers = await follow('customers');
    const counts = await workload.run(1000);
    for (const kind of ['order insert', 'order update', 'order delete', 'order key update', 'customer insert', 'customer update', 'customer delete', 'customer key update']) {
      expect(counts[kind], kind).toBeGreaterThan(0);
    }
    await expectEqual(orders.view, customers.view);
    expect(orders.view.rejected).toEqual([]);
  }, 240_000);

  it('stays equal when every event is delivered again (idempotent fold)', async () => {
    const replayed = new MaterialisedTable('public.orders');
    const records = await consume(`${capture.topicPrefix}.public.orders`, { max: orders.member.received, timeoutMs: 30_000 });
    for (const record of [...records, ...records]) replayed.applyValue(record.value);
    await expectEqual(replayed);
  }, 120_000);

  it('loses no committed change when the connector is restarted mid-stream', async () => {
    await workload.run(300, async (step) => {
      if (step === 100) await restartConnector(capture.name);
      if (step === 200) await waitForConnector(capture.name);
    });
    await waitForConnector(capture.name);
    await expectEqual(orders.view, customers.view);
  }, 240_000);
});
