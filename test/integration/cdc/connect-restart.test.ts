/**
 * Kafka Connect itself SIGKILLed mid-stream and started again: no committed change is lost and
 * the idempotent view still equals the source. It kills the Connect process of the stack the tests
 * use, so it runs only where the suite has the stack to itself: in CI (CI=true), or with
 * STREAMLAB_ALLOW_CONNECT_RESTART=1 (e.g. with STREAMLAB_HOME pointing at a stack of your own).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  closeSql,
  diffWithSource,
  dropCapture,
  followTable,
  registerConnector,
  stackConnectorConfig,
  waitForConnector,
  type FollowedTable,
  type RowDifference,
} from '@streamlab/kernel-helpers/cdc';
import { consume } from '@streamlab/kernel-helpers/kafka';
import { chooseProvider, ensure, status, up } from '@streamlab/kernel-helpers/stack';
import { readState } from '../../../kernel-helpers/src/stack/state.js';
import { waitUntil } from '../../../kernel-helpers/src/wait.js';
import { shopWorkload } from './shop-workload.js';

const allowed = (process.env.CI === 'true' || process.env.STREAMLAB_ALLOW_CONNECT_RESTART === '1') && chooseProvider() === 'native';
const suffix = randomUUID().slice(0, 8);
const capture = { name: `it-cdc-kill-${suffix}`, topicPrefix: `itcdckill${suffix}` };
const workload = shopWorkload(`it-cdc-kill-${suffix}`, 7);
const followed: FollowedTable[] = [];

afterAll(async () => {
  if (!allowed) return;
  await Promise.all(followed.map((view) => view.stop()));
  await ensure(); // Connect is back whatever happened above
  await workload.cleanup().catch(() => undefined);
  await dropCapture(capture);
  await closeSql();
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!allowed)('Kafka Connect killed mid-stream', () => {
  it('loses no committed change: after SIGKILL and a restart of Connect the view equals SELECT *', async () => {
    await registerConnector(await stackConnectorConfig({ ...capture, tables: ['public.orders', 'public.customers'] }));
    await waitForConnector(capture.name, 180_000);
    for (const table of ['orders', 'customers']) await consume(`${capture.topicPrefix}.public.${table}`, { max: 1, timeoutMs: 60_000, waitForTopic: true });
    const orders = await followTable(`${capture.topicPrefix}.public.orders`, 'public.orders');
    const customers = await followTable(`${capture.topicPrefix}.public.customers`, 'public.customers');
    followed.push(orders, customers);

    let killedPid = 0;
    await workload.run(400, async (step) => {
      if (step === 150) {
        killedPid = readState()!.connect.pid!;
        process.kill(killedPid, 'SIGKILL');
        await waitUntil(async () => !isAlive(killedPid), { what: 'Connect to die', timeoutMs: 10_000, hint: '' });
      }
      // Changes 150-300 are committed while no Connect runs: only the replication slot keeps them.
      if (step === 300) await up();
    });
    expect(killedPid).toBeGreaterThan(0);
    expect((await status()).connect.state).toBe('up');
    await waitForConnector(capture.name, 180_000);

    let last: RowDifference[] = [];
    await waitUntil(
      async () => {
        last = [...(await diffWithSource(orders.view)), ...(await diffWithSource(customers.view))];
        return last.length === 0;
      },
      { what: 'the views to equal SELECT *', timeoutMs: 120_000, hint: 'changes were lost across the Connect restart', intervalMs: 500 },
    ).catch(() => undefined);
    expect(last.slice(0, 5)).toEqual([]);
  }, 420_000);
});
