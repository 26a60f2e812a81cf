import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, createTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { clickstream, iotSensors, replayToTopic, type ClickEvent, type ReplayProgress, type SensorReading } from '@streamlab/kernel-helpers/datasets';

const suffix = randomUUID().slice(0, 8);
const sensorsTopic = `datasets-replay-sensors-${suffix}`;
const clicksTopic = `datasets-replay-clicks-${suffix}`;

beforeAll(async () => {
  await ensure();
  await createTopic(sensorsTopic, { partitions: 3 });
  await createTopic(clicksTopic, { partitions: 2 });
});

afterAll(async () => {
  await deleteTopic(sensorsTopic).catch(() => undefined);
  await deleteTopic(clicksTopic).catch(() => undefined);
});

/** Values per key, in the order they were produced or consumed. */
function perKey<T>(items: Array<{ key: string | null; value: T }>): Map<string | null, T[]> {
  const groups = new Map<string | null, T[]>();
  for (const { key, value } of items) groups.set(key, [...(groups.get(key) ?? []), value]);
  return groups;
}

describe('replayToTopic against the real broker', () => {
  it('sends a generated stream that consumes back identical, in order per key, stamped with event time', async () => {
    const readings = iotSensors({ seed: 21, sensors: 6, events: 1200 });
    const progress: ReplayProgress[] = [];
    const summary = await replayToTopic(sensorsTopic, readings, { key: 'sensorId', batchSize: 250, onProgress: (p) => progress.push(p) });

    expect(summary.produced).toBe(1200);
    expect(summary.batches).toBe(5);
    expect(Object.values(summary.partitions).reduce((sum, n) => sum + n, 0)).toBe(1200);
    expect(progress.map((p) => p.done)).toEqual([250, 500, 750, 1000, 1200]);
    expect(progress.every((p) => p.total === 1200)).toBe(true);

    const records = await consume<SensorReading>(sensorsTopic, { max: 1200, timeoutMs: 30_000 });
    expect(records).toHaveLength(1200);
    for (const record of records) {
      expect(record.key).toBe(record.value.sensorId);
      expect(record.timestamp).toBe(record.value.ts);
    }
    const sent = perKey(readings.map((reading) => ({ key: reading.sensorId, value: reading })));
    const received = perKey(records);
    expect(received.size).toBe(6);
    for (const [key, values] of sent) expect(received.get(key)).toEqual(values);
  });

  it('paces a replay by event time divided by speed and reports the records it sent', async () => {
    // 12 clicks of one user, spanning minutes of event time, replayed at a speed that makes it 1.5 s.
    const clicks = clickstream({ seed: 2, users: 1, events: 12 });
    const span = clicks.at(-1)!.ts - clicks[0].ts;
    const speed = span / 1500; // the whole stream in 1.5 s of wall-clock time
    const summary = await replayToTopic(clicksTopic, clicks, { key: 'userId', speed, batchSize: 100 });
    expect(summary.produced).toBe(12);
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(1500);
    expect(summary.elapsedMs).toBeLessThan(1500 + 12 * 1000);
    // Pacing flushed before each wait, so records went out in several batches, not one.
    expect(summary.batches).toBeGreaterThan(1);

    const records = await consume<ClickEvent>(clicksTopic, { max: 12, timeoutMs: 20_000 });
    expect(records.map((record) => record.value)).toEqual(clicks);
    expect(records.map((record) => record.timestamp)).toEqual(clicks.map((click) => click.ts));
  });

  it('stops at its signal and says so, keeping what it sent', async () => {
    const clicks = clickstream({ seed: 4, users: 3, events: 50 });
    const summary = await replayToTopic(clicksTopic, clicks, { speed: 1, signal: AbortSignal.timeout(800) });
    expect(summary.aborted).toBe(true);
    expect(summary.produced).toBeGreaterThanOrEqual(1);
    expect(summary.produced).toBeLessThan(50);
    expect(summary.elapsedMs).toBeLessThan(5000);
  });
});
