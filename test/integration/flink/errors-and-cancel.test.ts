import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure, StackError } from '@streamlab/kernel-helpers/stack';
import { deleteTopic, produce, resetTopic } from '@streamlab/kernel-helpers/kafka';
import { closeFlinkSession, createKafkaTable, flinkJobs, flinkSql, FlinkSqlError } from '@streamlab/kernel-helpers/flink';
import { eventRecords, readings } from './support';

const TOPIC = 'flink-it-cancel-events';

beforeAll(async () => {
  await ensure({ services: ['kafka'], flink: true });
  await resetTopic(TOPIC, { partitions: 1 });
  await produce(TOPIC, eventRecords(readings().slice(0, 200)));
  // Unbounded: a query on it never ends by itself.
  await createKafkaTable({ name: 'live_events', topic: TOPIC, schema: { sensor_id: 'STRING', event_time: 'TIMESTAMP(3)' }, eventTime: 'event_time', watermark: '5 s' });
}, 300_000);

afterAll(async () => {
  await deleteTopic(TOPIC);
});

async function stateOf(jobId: string | undefined): Promise<string | undefined> {
  return (await flinkJobs()).find((job) => job.id === jobId)?.state;
}

describe('Flink errors are one readable line', () => {
  it('a wrong statement: the validator reason and its position', async () => {
    const error = await flinkSql('SELECT nope FROM live_events').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlinkSqlError);
    expect((error as FlinkSqlError).message).toBe("Flink: SQL validation failed. From line 1, column 8 to line 1, column 11: Column 'nope' not found in any table");
    expect((error as FlinkSqlError).position).toEqual({ line: 1, column: 8 });
    expect((error as FlinkSqlError).describe()).not.toMatch(/\tat |Exception/);
  });

  it('a missing topic: refused before Flink runs it (a failing collect job takes a Flink 2.2.1 TaskManager down), one line naming table and topic', async () => {
    await createKafkaTable({ name: 'nowhere', topic: 'flink-it-no-such-topic', schema: { a: 'STRING' } });
    const error = await flinkSql('SELECT * FROM nowhere', { timeoutMs: 60_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FlinkSqlError);
    expect((error as FlinkSqlError).message).toBe('table nowhere reads Kafka topic "flink-it-no-such-topic", which does not exist');
    expect((error as FlinkSqlError).hint).toMatch(/createTopic/);
    expect((await flinkJobs()).filter((job) => job.state === 'RUNNING')).toEqual([]);
    // The cluster is still whole: a query on an existing topic runs.
    const ok = await flinkSql('SELECT sensor_id FROM live_events', { maxRows: 1, timeoutMs: 60_000 });
    expect(ok.rows).toHaveLength(1);
  }, 120_000);

  it('Flink not started: one line with the command that starts it', async () => {
    const home = process.env.STREAMLAB_HOME;
    await closeFlinkSession();
    process.env.STREAMLAB_HOME = mkdtempSync(join(tmpdir(), 'streamlab-no-flink-'));
    try {
      const error = await flinkSql('SELECT 1').catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(StackError);
      expect((error as StackError).describe()).toBe(
        'Apache Flink is not running in this stack\n  hint: start it with "npm run stack:up -- --with flink" (or ensure({ flink: true }) in a notebook)',
      );
    } finally {
      if (home === undefined) delete process.env.STREAMLAB_HOME;
      else process.env.STREAMLAB_HOME = home;
      await closeFlinkSession();
    }
    // The session of the real stack is reopened: the table must be declared again there.
    await createKafkaTable({ name: 'live_events', topic: TOPIC, schema: { sensor_id: 'STRING', event_time: 'TIMESTAMP(3)' }, eventTime: 'event_time', watermark: '5 s' });
  });
});

describe('a bounded streaming query leaves no running job', () => {
  it('ended by its time budget: the job is cancelled', async () => {
    const result = await flinkSql('SELECT sensor_id, event_time FROM live_events', { timeoutMs: 12_000 });
    expect(result.end).toBe('timeout');
    expect(result.rows).toHaveLength(200);
    expect(await stateOf(result.jobId)).toBe('CANCELED');
  }, 60_000);

  it('ended by a row count: exactly that many rows, and the job is cancelled', async () => {
    const result = await flinkSql('SELECT sensor_id, COUNT(*) AS n FROM live_events GROUP BY sensor_id', { maxRows: 20, timeoutMs: 60_000 });
    expect(result.end).toBe('maxRows');
    expect(result.changes).toHaveLength(20);
    expect(await stateOf(result.jobId)).toBe('CANCELED');
  }, 90_000);

  it('interrupted mid-query (an aborted signal, as a notebook interrupt): the job is cancelled', async () => {
    const controller = new AbortController();
    const result = await flinkSql('SELECT * FROM live_events', {
      timeoutMs: 60_000,
      signal: controller.signal,
      onRows: (rows) => rows.length >= 1 && controller.abort(),
    });
    expect(result.end).toBe('interrupted');
    expect(await stateOf(result.jobId)).toBe('CANCELED');
    expect((await flinkJobs()).filter((job) => job.state === 'RUNNING')).toEqual([]);
  }, 90_000);
});
