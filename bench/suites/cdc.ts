/**
 * CDC on the real stack: commit-to-consumed latency of single-row transactions, snapshot
 * throughput of a 100,000-row table, and (suite `cdc-wal`, on request) WAL retained after
 * running notebook 05 three times in a row.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { closeSql, dropCapture, registerConnector, replicationSlots, sql, stackConnectorConfig, waitForConnector } from '@streamlab/kernel-helpers/cdc';
import { joinGroup } from '@streamlab/kernel-helpers/kafka';
import { printSuite } from '../report.js';

/** The repository root, from build/bench/suites/. */
const repoRoot = resolve(__dirname, '..', '..', '..');

/** Polls `probe` until it returns a value (errors mean "not yet"); fails after `timeoutMs`. */
async function waitUntil<T>(probe: () => Promise<T | undefined | false>, options: { what: string; timeoutMs: number; hint?: string; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const result = await probe().catch(() => undefined);
    if (result !== undefined && result !== false) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what}`);
    await new Promise((done) => setTimeout(done, options.intervalMs ?? 200));
  }
}

const TRANSACTIONS = 1_000;
const SNAPSHOT_ROWS = 100_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Captures `table` with a fresh connector, runs `work`, then removes connector, slot, topics. */
async function withCapture<T>(table: string, settings: Record<string, string>, work: (topic: string) => Promise<T>): Promise<T> {
  const suffix = randomUUID().slice(0, 8);
  const capture = { name: `bench-cdc-${suffix}`, topicPrefix: `benchcdc${suffix}` };
  try {
    await registerConnector(await stackConnectorConfig({ ...capture, tables: [`public.${table}`], settings }));
    await waitForConnector(capture.name, 180_000);
    return await work(`${capture.topicPrefix}.public.${table}`);
  } finally {
    await dropCapture(capture);
  }
}

async function latency(): Promise<void> {
  await sql`DROP TABLE IF EXISTS bench_cdc_latency`;
  await sql`CREATE TABLE bench_cdc_latency (id integer PRIMARY KEY, note text NOT NULL)`;
  await sql`INSERT INTO bench_cdc_latency VALUES (0, 'creates the topic')`;
  try {
    await withCapture('bench_cdc_latency', {}, async (topic) => {
      const committed = new Map<number, number>();
      const consumed = new Map<number, number>();
      // The snapshot row (id 0) creates the topic; then a reader that sees only new records.
      await waitUntil(async () => (await sql`SELECT 1 FROM pg_replication_slots WHERE slot_name LIKE 'bench_cdc_%' AND active`).length > 0, { what: 'the slot', timeoutMs: 60_000, hint: '' });
      const reader = await waitUntil(
        () => joinGroup<{ after?: { id: number } } | null>(`bench-cdc-${randomUUID()}`, topic, { fromBeginning: false, commit: 'never', onRecord: (record) => {
          const id = record.value?.after?.id;
          if (typeof id === 'number' && id > 0 && !consumed.has(id)) consumed.set(id, performance.now());
        } }),
        { what: `topic ${topic}`, timeoutMs: 60_000, hint: 'did the snapshot run?' },
      );
      try {
        for (let id = 1; id <= TRANSACTIONS; id += 1) {
          await sql`INSERT INTO bench_cdc_latency VALUES (${id}, 'x')`; // autocommit: one transaction per row
          committed.set(id, performance.now());
        }
        await waitUntil(async () => consumed.size >= TRANSACTIONS, { what: `${TRANSACTIONS} change events`, timeoutMs: 120_000, hint: 'is the connector RUNNING?' });
      } finally {
        await reader.stop();
      }
      const latencies = [...committed].map(([id, at]) => consumed.get(id)! - at).sort((a, b) => a - b);
      console.log(`\ncdc latency: commit → consumed by a kafkajs reader, ${TRANSACTIONS.toLocaleString('en-US')} single-row transactions (Debezium 3.6.1, pgoutput, default poll.interval.ms=500)`);
      console.log(`  median ${percentile(latencies, 50).toFixed(0)} ms   p95 ${percentile(latencies, 95).toFixed(0)} ms   min ${latencies[0].toFixed(0)} ms   max ${latencies[latencies.length - 1].toFixed(0)} ms`);
    });
  } finally {
    await sql`DROP TABLE IF EXISTS bench_cdc_latency`;
  }
}

async function snapshotThroughput(): Promise<void> {
  await sql`DROP TABLE IF EXISTS bench_cdc_snapshot`;
  await sql`CREATE TABLE bench_cdc_snapshot (id integer PRIMARY KEY, customer_id integer NOT NULL, amount numeric(10,2) NOT NULL, status text NOT NULL)`;
  await sql`INSERT INTO bench_cdc_snapshot SELECT n, n % 500, (n % 10000) / 100.0, 'created' FROM generate_series(1, ${SNAPSHOT_ROWS}) AS n`;
  try {
    const started = performance.now();
    const elapsedMs = await withCapture('bench_cdc_snapshot', {}, async (topic) => {
      let received = 0;
      const reader = await waitUntil(() => joinGroup(`bench-cdc-${randomUUID()}`, topic, { fromBeginning: true, commit: 'never', onRecord: () => void (received += 1) }), {
        what: `topic ${topic}`,
        timeoutMs: 120_000,
        hint: 'did the snapshot start?',
      });
      try {
        await waitUntil(async () => received >= SNAPSHOT_ROWS, { what: `${SNAPSHOT_ROWS} snapshot events`, timeoutMs: 600_000, hint: 'read the Connect log', intervalMs: 100 });
      } finally {
        await reader.stop();
      }
      return performance.now() - started;
    });
    printSuite(`cdc snapshot: ${SNAPSHOT_ROWS.toLocaleString('en-US')}-row table, register → every op:r event consumed`, 'rows', [
      { name: 'Debezium initial snapshot (1 task)', units: SNAPSHOT_ROWS, elapsedMs },
    ]);
  } finally {
    await sql`DROP TABLE IF EXISTS bench_cdc_snapshot`;
  }
}

/** `npm run bench -- cdc`: latency and snapshot throughput. */
export async function cdc(): Promise<void> {
  await latency();
  await snapshotThroughput();
  await closeSql();
}

/** `npm run bench -- cdc-wal`: WAL retained by replication slots after notebook 05 runs three times (~4 min). */
export async function cdcWal(): Promise<void> {
  const position = async () => (await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`)[0].lsn;
  const retained = async () => (await replicationSlots()).map((slot) => `${slot.slot}=${slot.retained_wal_bytes} B`).join(', ') || 'no slots';
  console.log(`\ncdc WAL: notebook 05 three times in a row`);
  console.log(`  before: wal_lsn ${await position()}; slots: ${await retained()}`);
  for (let run = 1; run <= 3; run += 1) {
    const result = spawnSync(process.execPath, [join(repoRoot, 'kernel-helpers', 'dist', 'jupyter', 'cli.js'), 'run', join(repoRoot, 'notebooks', '05-cdc-debezium.ipynb')], {
      env: { ...process.env, STREAMLAB_SOLUTIONS: '1' },
      encoding: 'utf8',
    });
    const lesson = (await replicationSlots()).filter((slot) => slot.slot.startsWith('lesson05'));
    console.log(`  run ${run}: ${result.status === 0 ? 'PASS' : 'FAIL'}; wal_lsn ${await position()}; lesson05 slots left: ${lesson.length}; slots: ${await retained()}`);
  }
  await closeSql();
}
