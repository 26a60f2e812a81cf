import { iotSensors, type SensorReading } from '@streamlab/kernel-helpers/datasets';
import { StreamsBuilder, TopologyTestDriver, tumbling, type WindowedCount } from '@streamlab/kernel-helpers/streams';

/** Event time as Flink's JSON format reads a TIMESTAMP(3) ('ISO-8601': no zone suffix). */
export const isoLocal = (ms: number): string => new Date(ms).toISOString().slice(0, 23);

/** Flink prints TIMESTAMP(3) values without trailing zero fractions: back to epoch ms (UTC). */
export const fromFlinkTimestamp = (value: unknown): number => Date.parse(`${String(value)}Z`);

/** 1,000 IoT readings in arrival order: out of order by up to 2 s, 5 % late by 15–45 s. */
export function readings(): SensorReading[] {
  return iotSensors({ events: 1000, seed: 7 });
}

/** The events as the topic holds them (the course's `events` table: event_time + payload). */
export function eventRecords(events: readonly SensorReading[]) {
  return events.map((reading) => ({ key: reading.sensorId, value: { sensor_id: reading.sensorId, temperature: reading.temperature, event_time: isoLocal(reading.ts) } }));
}

/** Per-minute counts from the TypeScript engine (test driver), one group, tumbling 1 min with `graceMs`. */
export function engineCounts(events: readonly SensorReading[], graceMs: number): Array<{ windowStart: number; count: number }> {
  const builder = new StreamsBuilder();
  builder.stream<SensorReading>('events', { timestamp: 'ts' }).groupBy(() => 'all').windowedBy(tumbling('1m', { grace: graceMs })).count({ emit: 'final' }).toStream().to('counts');
  const driver = new TopologyTestDriver(builder.build());
  driver.pipe('events', events.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })));
  const flushTs = Math.max(...events.map((reading) => reading.ts)) + 3_600_000;
  driver.pipe('events', { key: 'flush', value: { ts: flushTs }, timestamp: flushTs });
  return driver
    .readValues<WindowedCount>('counts')
    .filter((result) => result.windowStart < flushTs - 60_000)
    .map((result) => ({ windowStart: result.windowStart, count: result.count }))
    .sort((a, b) => a.windowStart - b.windowStart);
}
