import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { produce, resetTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { COURSE_TUMBLE_QUERY, createKafkaTable, equivalentGraceMs, flinkJobs, flinkSql, tumblingCountsWithWatermark } from '@streamlab/kernel-helpers/flink';
import { engineCounts, eventRecords, fromFlinkTimestamp, readings } from './support';

const TOPIC = 'flink-it-seed-events';
const events = readings();
const WATERMARK_MS = 5000;


const asWindows = (rows: Array<Record<string, unknown>>) =>
  rows.map((row) => ({ windowStart: fromFlinkTimestamp(row.window_start), count: Number(row.event_count) })).sort((a, b) => a.windowStart - b.windowStart);

beforeAll(async () => {
  await ensure({ services: ['kafka'], flink: true });
  // One partition: which records are late then depends only on their order, as in the offline model.
  await resetTopic(TOPIC, { partitions: 1 });
  await produce(TOPIC, eventRecords(events));
  await createKafkaTable({
    name: 'events',
    topic: TOPIC,
    schema: { sensor_id: 'STRING', temperature: 'DOUBLE', event_time: 'TIMESTAMP(3)' },
    eventTime: 'event_time',
    watermark: WATERMARK_MS,
    bounded: true,
    deterministic: true,
  });
}, 300_000);

afterAll(async () => {
  await deleteTopic(TOPIC);
});

describe("the course's TUMBLE query on Flink", () => {
  const offline = tumblingCountsWithWatermark(events, 60_000, WATERMARK_MS);

  it('the input really is out of order with late records', () => {
    expect(offline.late.length).toBeGreaterThan(5);
    expect(events.some((event, index) => index > 0 && event.ts < events[index - 1].ts)).toBe(true);
  });

  it('gives, window by window, the offline computation under the same watermark rules', async () => {
    const result = await flinkSql(COURSE_TUMBLE_QUERY, { timeoutMs: 120_000 });
    expect(result.end).toBe('complete');
    expect(result.changes.every((change) => change.kind === 'INSERT')).toBe(true);
    expect(asWindows(result.rows)).toEqual(offline.windows.map(({ windowStart, count }) => ({ windowStart, count })));
    expect(result.rows.reduce((sum, row) => sum + Number(row.event_count), 0)).toBe(events.length - offline.late.length);
  }, 180_000);

  it('equals the window-TVF form of the same query', async () => {
    const tvf = await flinkSql(
      `SELECT window_start, COUNT(*) AS event_count FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(event_time), INTERVAL '1' MINUTES)) GROUP BY window_start, window_end`,
      { timeoutMs: 120_000 },
    );
    expect(asWindows(tvf.rows)).toEqual(offline.windows.map(({ windowStart, count }) => ({ windowStart, count })));
  }, 180_000);

  it('equals the TypeScript engine with grace = watermark delay − 1 ms, and differs from it where the rules do not coincide', () => {
    const expected = offline.windows.map(({ windowStart, count }) => ({ windowStart, count }));
    expect(engineCounts(events, equivalentGraceMs(WATERMARK_MS))).toEqual(expected);
    // A grace of 0 s in the engine drops more than Flink's 5 s watermark: the settings must match.
    const strict = engineCounts(events, 0);
    expect(strict.reduce((sum, window) => sum + window.count, 0)).toBeLessThan(events.length - offline.late.length);
  });

  it('leaves no running job behind', async () => {
    expect((await flinkJobs()).filter((job) => job.state === 'RUNNING')).toEqual([]);
  });
});
