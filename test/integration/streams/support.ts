import { randomUUID } from 'node:crypto';
import { consume, kafkaClient, createTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { StreamsBuilder, TopologyTestDriver, tumbling, session, type Topology, type WindowedCount } from '@streamlab/kernel-helpers/streams';

/** One input record: key, event time (also the Kafka timestamp) and the partition it is written to. */
export interface InputRecord {
  key: string;
  partition: number;
  timestamp: number;
  value: { sensor: string; reading: number };
}

export const PARTITIONS = 3;
const T0 = Date.UTC(2024, 0, 1);

/**
 * Deterministic sensor readings: `count` records over `keys` sensors, event time advancing
 * ~300 ms per record, 1 in 12 delayed by up to 30 s (late for 10 s windows with 5 s grace).
 * Each key always goes to partition (key index mod 3), so every key lives in one task.
 */
export function sensorReadings(count: number, keys = 6, seed = 7): InputRecord[] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 4_294_967_296;
  };
  const records: InputRecord[] = [];
  let clock = T0;
  for (let index = 0; index < count; index++) {
    clock += Math.floor(next() * 600);
    const sensor = Math.floor(next() * keys);
    const delay = next() < 1 / 12 ? Math.floor(next() * 30_000) : Math.floor(next() * 2000);
    records.push({ key: `sensor-${sensor}`, partition: sensor % PARTITIONS, timestamp: clock - delay, value: { sensor: `sensor-${sensor}`, reading: index } });
  }
  return records;
}

/** The topology under test: final counts in tumbling 10 s (grace 5 s) and session 5 s (grace 5 s) windows. */
export function windowedCounts(input: string, tumblingOut: string, sessionOut: string): Topology {
  const builder = new StreamsBuilder();
  const grouped = builder.stream(input).groupByKey();
  grouped.windowedBy(tumbling('10s', { grace: '5s' })).count({ name: 'tumbling-counts', emit: 'final' }).toStream().to(tumblingOut);
  grouped.windowedBy(session('5s', { grace: '5s' })).count({ name: 'session-counts', emit: 'final' }).toStream().to(sessionOut);
  return builder.build();
}

/** What the topology emits to `topic` offline: one test driver per partition, as one task per partition on the broker. */
export function offline(topology: () => Topology, records: InputRecord[], inputTopic: string, topic: string): string[] {
  const results: string[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const driver = new TopologyTestDriver(topology());
    for (const record of records.filter((candidate) => candidate.partition === partition)) {
      driver.pipe(inputTopic, { key: record.key, value: record.value, timestamp: record.timestamp });
    }
    results.push(...driver.readValues<WindowedCount>(topic).map(describeResult));
  }
  return results.sort();
}

export const describeResult = (result: WindowedCount) => `${result.key} ${result.windowStart}-${result.windowEnd} ${result.count}`;

/** Writes records (JSON values, or raw strings as given) to their partitions with their timestamps. */
export async function produceRecords(topic: string, records: Array<{ key: string | null; partition: number; timestamp: number; value: unknown; raw?: boolean }>): Promise<void> {
  const info = await ensure({ services: ['kafka'] });
  const producer = (await kafkaClient({ bootstrap: info.kafka.bootstrap })).producer();
  await producer.connect();
  try {
    for (let start = 0; start < records.length; start += 500) {
      await producer.send({
        topic,
        acks: -1,
        messages: records.slice(start, start + 500).map((record) => ({
          key: record.key,
          partition: record.partition,
          timestamp: String(record.timestamp),
          value: record.raw ? String(record.value) : JSON.stringify(record.value),
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** All windowed results in `topic` (committed records only), as sorted text lines. */
export async function brokerResults(topic: string, expected: number): Promise<string[]> {
  const records = await consume<WindowedCount>(topic, { max: expected + 1000, timeoutMs: expected ? 8000 : 3000 });
  return records.map((record) => describeResult(record.value)).sort();
}

/** Fresh, uniquely named topics for one test; `drop()` deletes them and the application's internal topics. */
export async function scratchTopics(prefix: string) {
  const id = `${prefix}-${randomUUID().slice(0, 8)}`;
  const topics = { id, input: `${id}-input`, tumbling: `${id}-tumbling`, sessions: `${id}-sessions` };
  await createTopic(topics.input, { partitions: PARTITIONS });
  return {
    ...topics,
    async drop(applicationId: string, extra: string[] = []) {
      for (const topic of [topics.input, topics.tumbling, topics.sessions, `${applicationId}-dlq`, ...extra]) await deleteTopic(topic).catch(() => undefined);
      for (const store of ['tumbling-counts', 'session-counts']) {
        for (const suffix of ['', '-suppress-buffer']) await deleteTopic(`${applicationId}-${store}${suffix}-changelog`).catch(() => undefined);
      }
    },
  };
}
