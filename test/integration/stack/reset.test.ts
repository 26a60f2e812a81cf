import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresConnectorConfig } from '@streamlab/kernel-helpers/cdc';
import { kafkaClient } from '../../../kernel-helpers/src/kafka/client';
import { withAdmin } from '../../../kernel-helpers/src/kafka/connection';
import { readState } from '../../../kernel-helpers/src/stack/state';
import type { StackInfo } from '../../../kernel-helpers/src/stack/types';
import { waitUntil } from '../../../kernel-helpers/src/wait';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'kernel-helpers/dist/stack/cli.js');
// A stack of this test's own: the reset must never touch the stack other tests and notebooks use.
// STREAMLAB_RESET_TEST_HOME reuses a running private stack (and leaves it running).
const reuse = process.env.STREAMLAB_RESET_TEST_HOME;
const HOME = reuse ?? mkdtempSync(join(tmpdir(), 'streamlab-reset-test-'));
// mkdtemp makes a 0700 folder; as root, PostgreSQL runs as the "postgres" user, who must reach it.
if (!reuse) chmodSync(HOME, 0o755);
const env = { ...process.env, STREAMLAB_HOME: HOME, STREAMLAB_PROVIDER: 'native' } as NodeJS.ProcessEnv;
for (const name of ['KAFKA_BROKERS', 'DATABASE_URL', 'CONNECT_URL']) delete env[name];

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('node', [CLI, ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 300_000 });
}

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const connect = (info: StackInfo, path: string, init?: RequestInit): Promise<Response> =>
  fetch(`${info.connect.url}${path}`, { ...init, headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(30_000) });

const COUNTS = "SELECT (SELECT count(*) FROM public.orders)::int AS orders, (SELECT count(*) FROM public.customers)::int AS customers, (SELECT count(*) FROM public.products)::int AS products, (SELECT max(amount)::text FROM public.orders) AS max_amount";

describe('npm run stack:reset on a private native stack', () => {
  let info: StackInfo;
  let seeded: object[];

  beforeAll(async () => {
    const up = cli('up');
    expect(up.status, `${up.stdout}\n${up.stderr}`).toBe(0);
    info = JSON.parse(cli('status').stdout) as StackInfo;
    seeded = await query(info.postgres.url, COUNTS);
  }, 300_000);

  afterAll(() => {
    if (reuse) return;
    cli('down', '--wipe');
    rmSync(HOME, { recursive: true, force: true });
  }, 120_000);

  it('deletes topics, groups, connectors with their slots, and reseeds shop, keeping every process and internal topic', async () => {
    const kafka = await kafkaClient({ bootstrap: info.kafka.bootstrap });
    // Arrange: what a class leaves behind.
    await withAdmin(kafka, (admin) => admin.createTopics({ topics: [{ topic: 'reset-test-clicks', numPartitions: 3 }], waitForLeaders: true }));
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'reset-test-clicks', messages: [{ key: 'u1', value: 'a' }, { key: 'u2', value: 'b' }] });
    await producer.disconnect();
    const consumer = kafka.consumer({ groupId: 'reset-test-group' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'reset-test-clicks', fromBeginning: true });
    let read = 0;
    await consumer.run({ eachMessage: async () => void (read += 1) });
    await waitUntil(async () => read >= 2, { what: 'the group to read both records', timeoutMs: 30_000, hint: '' });
    await consumer.disconnect();

    const connector = postgresConnectorConfig({ name: 'reset-test-cdc', databaseUrl: info.postgres.url, topicPrefix: 'resettest', tables: ['public.orders'] });
    expect((await connect(info, `/connectors/${connector.name}/config`, { method: 'PUT', body: JSON.stringify(connector.config) })).status).toBeLessThan(300);
    await waitUntil(
      async () => ((await (await connect(info, `/connectors/${connector.name}/status`)).json()) as { tasks?: Array<{ state: string }> }).tasks?.[0]?.state === 'RUNNING',
      { what: 'the Debezium connector to run', timeoutMs: 60_000, hint: 'npm run stack:logs -- connect' },
    );
    await query(info.postgres.url, 'UPDATE public.orders SET amount = 99999 WHERE id = 1; DELETE FROM public.orders WHERE id > (SELECT max(id) - 5 FROM public.orders)');
    // What a crashed lesson leaves: a slot nobody reads (it would hold WAL forever) and a publication.
    await query(info.postgres.url, "SELECT pg_create_logical_replication_slot('reset_test_orphan', 'pgoutput'); CREATE PUBLICATION reset_test_pub FOR TABLE public.orders");
    await waitUntil(async () => (await withAdmin(kafka, (admin) => admin.listTopics())).includes('resettest.public.orders'), { what: 'the CDC topic', timeoutMs: 60_000, hint: '' });
    expect(await query(info.postgres.url, COUNTS)).not.toEqual(seeded);
    expect((await query(info.postgres.url, 'SELECT slot_name FROM pg_replication_slots')).length).toBe(2);
    const pidsBefore = readState(HOME);

    // Act.
    const reset = cli('reset');
    expect(reset.status, `${reset.stdout}\n${reset.stderr}`).toBe(0);
    console.log(`stack:reset: ${reset.stdout.trim().split('\n').join(' | ')}`);
    expect(reset.stdout).toMatch(/connectors deleted: 1 \(reset-test-cdc\); replication slots dropped: [12]\b/);

    // Assert: nothing of the class is left, the platform is intact, nothing restarted.
    const topics = await withAdmin(kafka, (admin) => admin.listTopics());
    expect(topics.filter((topic) => !topic.startsWith('__') && !topic.startsWith('streamlab-connect-'))).toEqual([]);
    expect(topics).toEqual(expect.arrayContaining(['__consumer_offsets', 'streamlab-connect-configs', 'streamlab-connect-offsets', 'streamlab-connect-status']));
    const groups = (await withAdmin(kafka, (admin) => admin.listGroups())).groups.map((group) => group.groupId);
    expect(groups).not.toContain('reset-test-group');
    expect(await (await connect(info, '/connectors')).json()).toEqual([]);
    expect(await query(info.postgres.url, 'SELECT slot_name FROM pg_replication_slots')).toEqual([]);
    expect(await query(info.postgres.url, 'SELECT pubname FROM pg_publication')).toEqual([]);
    expect(await query(info.postgres.url, COUNTS)).toEqual(seeded);
    expect(readState(HOME)).toEqual(pidsBefore);
    expect(reset.stderr).not.toMatch(/download/i);

    // The reset stack works: the same connector registers again and snapshots the seed afresh.
    expect((await connect(info, `/connectors/${connector.name}/config`, { method: 'PUT', body: JSON.stringify(connector.config) })).status).toBeLessThan(300);
    await waitUntil(async () => (await query(info.postgres.url, 'SELECT slot_name FROM pg_replication_slots')).length === 1, { what: 'the new slot', timeoutMs: 60_000, hint: '' });
    const again = cli('reset');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/connectors deleted: 1/);
  }, 300_000);
});
