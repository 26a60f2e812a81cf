import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume } from '@streamlab/kernel-helpers/kafka';
import {
  closeSql,
  deleteConnector,
  dropCapture,
  parseChangeEvent,
  postgresConnectorConfig,
  registerConnector,
  stackConnectorConfig,
  waitForConnector,
  type ChangeEvent,
} from '@streamlab/kernel-helpers/cdc';

type Order = { id: number; customer_id: number; product_id: number; quantity: number; amount: string; status: string };

const suffix = randomUUID().slice(0, 8);
const name = `test-orders-${suffix}`;
const topicPrefix = `test${suffix}`;
let db: Client;

beforeAll(async () => {
  const info = await ensure();
  db = new Client({ connectionString: info.postgres.url });
  await db.connect();
  // Only changes made from now on: the 200 seeded orders are not snapshotted.
  await registerConnector(await stackConnectorConfig({ name, topicPrefix, tables: ['public.orders'], settings: { 'snapshot.mode': 'no_data' } }));
  await waitForConnector(name);
});

afterAll(async () => {
  await dropCapture({ name, topicPrefix }).catch(() => undefined);
  await dropCapture({ name: `again-${suffix}`, topicPrefix: `again${suffix}` }).catch(() => undefined);
  await dropCapture({ name: `auto-${suffix}`, topicPrefix: `auto${suffix}` }).catch(() => undefined);
  await db?.end();
  await closeSql();
});

describe('Debezium PostgreSQL connector on the real stack', () => {
  it('turns INSERT, UPDATE and DELETE on shop.orders into c, u, d events with before/after rows, then a tombstone', async () => {
    const inserted = await db.query<{ id: number }>(
      "INSERT INTO orders (customer_id, product_id, quantity, amount, status) VALUES (1, 1, 2, 10.50, 'created') RETURNING id",
    );
    const id = inserted.rows[0].id;
    await db.query("UPDATE orders SET status = 'paid' WHERE id = $1", [id]);
    await db.query('DELETE FROM orders WHERE id = $1', [id]);

    const records = await consume(`${topicPrefix}.public.orders`, { max: 4, timeoutMs: 30_000, waitForTopic: true });
    const events = records.map((record) => parseChangeEvent<Order>(record.value));
    expect(events.map((event) => event?.op ?? 'tombstone')).toEqual(['c', 'u', 'd', 'tombstone']);
    const [created, updated, deleted] = events as ChangeEvent<Order>[];

    expect(created.before).toBeNull();
    expect(created.after).toMatchObject({ id, quantity: 2, amount: '10.50', status: 'created' });
    expect(updated.before).toMatchObject({ id, status: 'created' });
    expect(updated.after).toMatchObject({ id, status: 'paid' });
    expect(deleted.before).toMatchObject({ id, status: 'paid' });
    expect(deleted.after).toBeNull();
    expect(created.source).toMatchObject({ db: 'shop', schema: 'public', table: 'orders', connector: 'postgresql' });
    expect(created.source.txId).toBeLessThan(updated.source.txId!);
    expect(records[3].key).toBe(records[2].key);
  });

  it('rejects a config with a missing setting or an unreachable database, naming the setting', async () => {
    const info = await ensure();
    const valid = postgresConnectorConfig({ name: `bad-${suffix}`, topicPrefix, tables: ['public.orders'], databaseUrl: info.postgres.url });
    const { ['database.hostname']: _dropped, ...withoutHost } = valid.config;
    await expect(registerConnector({ name: valid.name, config: withoutHost })).rejects.toThrow(/database\.hostname: .*A value is required/);
    const unreachable = { ...valid.config, 'database.port': '1' };
    await expect(registerConnector({ name: valid.name, config: unreachable })).rejects.toThrow(/database\.hostname: .*refused/);
  });

  it('lets the same connector name be registered again after deleteConnector', async () => {
    const again = await stackConnectorConfig({ name: `again-${suffix}`, topicPrefix: `again${suffix}`, tables: ['public.products'] });
    await registerConnector(again);
    await waitForConnector(again.name);
    expect(await deleteConnector(again.name)).toBe(true);
    // Deleting dropped the publication too: prepare the capture again, then register.
    await registerConnector(await stackConnectorConfig({ name: again.name, topicPrefix: `again${suffix}`, tables: ['public.products'] }));
    const status = await waitForConnector(again.name);
    expect(status.tasks.every((task) => task.state === 'RUNNING')).toBe(true);
    expect(await deleteConnector(again.name)).toBe(true);
    expect(await deleteConnector(again.name)).toBe(false);
  });

  it('drops the slot and the publication Debezium auto-created for a postgresConnectorConfig connector', async () => {
    const info = await ensure();
    const own = postgresConnectorConfig({ name: `auto-${suffix}`, topicPrefix: `auto${suffix}`, tables: ['public.products'], databaseUrl: info.postgres.url });
    await registerConnector({ name: own.name, config: { ...own.config, 'snapshot.mode': 'no_data' } });
    await waitForConnector(own.name, 180_000);
    const slot = own.config['slot.name'];
    expect(await db.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [`${slot}_publication`]).then((r) => r.rowCount)).toBe(1);
    expect(await deleteConnector(own.name)).toBe(true);
    expect(await db.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [slot]).then((r) => r.rowCount)).toBe(0);
    expect(await db.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [`${slot}_publication`]).then((r) => r.rowCount)).toBe(0);
  });

  it('rejects a connector config with an unknown class in one clear error', async () => {
    await expect(registerConnector({ name: `bad-${suffix}`, config: { 'connector.class': 'io.example.NoSuchConnector' } })).rejects.toThrow(
      /Kafka Connect rejected connector "bad-.*": .*NoSuchConnector/,
    );
  });
});
