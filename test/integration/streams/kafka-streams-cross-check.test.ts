import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, kafkaClient, createTopic, deleteTopic, produce } from '@streamlab/kernel-helpers/kafka';
import { iotSensors, replayToTopic, type SensorReading } from '@streamlab/kernel-helpers/datasets';
import { PEER_WINDOW_TYPES as WINDOW_TYPES, startStreamsPeer, typescriptTwin, type PeerWindowType as WindowType, type StreamsPeer } from '@streamlab/kernel-helpers/streams-peer';
import { KafkaStreams, TopologyTestDriver, type WindowedCount } from '@streamlab/kernel-helpers/streams';
import { waitUntil } from '../../../kernel-helpers/src/wait';

/*
 * The same out-of-order IoT input with late records goes to the real Kafka Streams 4.3.1 (the Java
 * peer) and to Streamlab's TypeScript engine, with the same four windowed counts and final emission
 * (suppress(untilWindowCloses)). Both must write exactly the same final windows, window by window.
 *
 * Input: one partition, key = sensor, record timestamp = event time `ts`, in arrival order; 6% of
 * the readings arrive 15-45 s late (grace is 10 s), the rest up to 4 s out of order; each sensor
 * goes silent for 16 s every 80 s, so sessions (gap 10 s) break and re-merge out of order. A last
 * record one day later closes every window.
 *
 * The readings are from March 2026, older than the broker's 7-day time retention (which looks at
 * record timestamps): every topic holding them is created with retention.ms = -1, or the broker
 * deletes their first segments while the test reads them.
 */
const WINDOWS = { size: '60s', advance: '20s', slidingDifference: '30s', sessionGap: '10s', grace: '10s' } as const;
const readings: SensorReading[] = iotSensors({ seed: 42, sensors: 4, events: 1600, intervalMs: 2000, disorderMs: 4000, lateFraction: 0.06, lateDelayMs: [15_000, 45_000] })
  // Sensor outages: 8 readings (16 s) missing out of every 40, so sessions end and start again.
  .filter((reading) => reading.seq % 40 < 32);
const flush = { key: 'flush', timestamp: Math.max(...readings.map((reading) => reading.ts)) + 86_400_000 };
const INPUT_RECORDS = readings.length + 1;

const KEEP_FOREVER = { 'retention.ms': '-1' };
const suffix = randomUUID().slice(0, 8);
const inputTopic = `streams-xcheck-${suffix}-input`;
const peerApplicationId = `streams-xcheck-${suffix}-peer`;
const engineApplicationId = `streams-xcheck-${suffix}-engine`;
let bootstrap: string;
let peer: StreamsPeer | undefined;
let peerWindows: Record<WindowType, string[]>;

/** One window as comparable text: key, start and end in ms since the epoch, count. */
const line = (result: WindowedCount): string => `${result.key} [${result.windowStart}, ${result.windowEnd}] ${result.count}`;

/** Every windowed count written to `topic` (committed records only), sorted. */
async function windowsIn(topic: string): Promise<string[]> {
  const records = await consume<WindowedCount>(topic, { max: 100_000, timeoutMs: 6000 });
  for (const record of records) expect(record.key).toBe(record.value.key);
  return records.map((record) => line(record.value)).sort();
}

/** The first `limit` lines that differ between two sorted lists, for a readable failure. */
function firstDifferences(engine: string[], kafkaStreams: string[], limit = 10): string[] {
  const onlyEngine = engine.filter((entry) => !kafkaStreams.includes(entry)).map((entry) => `only TypeScript:    ${entry}`);
  const onlyPeer = kafkaStreams.filter((entry) => !engine.includes(entry)).map((entry) => `only Kafka Streams: ${entry}`);
  return [...onlyEngine, ...onlyPeer].sort((a, b) => a.slice(20).localeCompare(b.slice(20))).slice(0, limit);
}

function expectIdentical(type: WindowType, engine: string[], kafkaStreams: string[]): void {
  const differences = firstDifferences(engine, kafkaStreams);
  if (differences.length || engine.length !== kafkaStreams.length) {
    console.log(`[cross-check] ${type}: ${engine.length} TypeScript vs ${kafkaStreams.length} Kafka Streams windows; first differences:\n  ${differences.join('\n  ')}`);
  }
  expect({ type, differences }).toEqual({ type, differences: [] });
  // Duplicates (a window emitted twice) count too: the lists must match entry for entry.
  expect({ type, windows: engine }).toEqual({ type, windows: kafkaStreams });
}

beforeAll(async () => {
  bootstrap = (await ensure({ services: ['kafka'] })).kafka.bootstrap;
  for (const topic of [inputTopic, ...WINDOW_TYPES.flatMap((type) => [`${inputTopic}-peer-${type}`, `${inputTopic}-engine-${type}`])]) {
    await createTopic(topic, { partitions: 1, config: KEEP_FOREVER });
  }
  await replayToTopic(inputTopic, readings, { key: 'sensorId' });
  await produce(inputTopic, [{ key: flush.key, value: { sensorId: flush.key, ts: flush.timestamp }, timestamp: flush.timestamp }]);

  peer = await startStreamsPeer({ bootstrap, input: inputTopic, outputPrefix: `${inputTopic}-peer`, applicationId: peerApplicationId, windows: WINDOWS });
  const admin = (await kafkaClient({ bootstrap })).admin();
  await admin.connect();
  try {
    // exactly_once_v2 commits the input offsets with the outputs: once all input is committed, every output is readable.
    await waitUntil(
      async () => {
        const [offsets] = await admin.fetchOffsets({ groupId: peerApplicationId, topics: [inputTopic] });
        return offsets.partitions[0]?.offset === String(INPUT_RECORDS);
      },
      { what: 'the Kafka Streams peer to commit the whole input', timeoutMs: 90_000, hint: peer.recentOutput().slice(-3).join(' | ') },
    );
  } finally {
    await admin.disconnect();
  }
  const outputs = await Promise.all(WINDOW_TYPES.map((type) => windowsIn(peer!.topics[type])));
  peerWindows = Object.fromEntries(WINDOW_TYPES.map((type, index) => [type, outputs[index]])) as Record<WindowType, string[]>;
  await peer.stop();
  peer = undefined;
}, 300_000);

afterAll(async () => {
  await peer?.stop();
  const admin = (await kafkaClient({ bootstrap })).admin();
  await admin.connect();
  try {
    const ours = (await admin.listTopics()).filter((topic) => topic.startsWith(`streams-xcheck-${suffix}`));
    for (const topic of ours) await deleteTopic(topic).catch(() => undefined);
    await admin.deleteGroups([peerApplicationId, engineApplicationId]).catch(() => undefined);
  } finally {
    await admin.disconnect();
  }
});

describe('TypeScript engine vs Kafka Streams 4.3.1 on the same out-of-order IoT input', () => {
  it('the input really is out of order, with records later than the grace period', () => {
    let streamTime = 0;
    let behind = 0;
    let beyondGrace = 0;
    for (const reading of readings) {
      if (reading.ts < streamTime) behind++;
      if (reading.ts < streamTime - 10_000) beyondGrace++;
      streamTime = Math.max(streamTime, reading.ts);
    }
    console.log(`[cross-check] input: ${INPUT_RECORDS} records (${readings.length} readings + flush), ${behind} behind stream time, ${beyondGrace} more than the 10 s grace behind`);
    expect(behind).toBeGreaterThan(100);
    expect(beyondGrace).toBeGreaterThan(30);
    for (const type of WINDOW_TYPES) expect(peerWindows[type].length).toBeGreaterThan(20);
  });

  it('TopologyTestDriver over the same record sequence: identical final windows for every window type', () => {
    const late: Record<WindowType, number> = { tumbling: 0, hopping: 0, sliding: 0, session: 0 };
    const driver = new TopologyTestDriver(typescriptTwin({ input: inputTopic, outputPrefix: 'out', windows: WINDOWS, onLate: (type) => late[type]++ }));
    for (const reading of readings) driver.pipe(inputTopic, { key: reading.sensorId, value: reading, timestamp: reading.ts });
    driver.pipe(inputTopic, { key: flush.key, value: { sensorId: flush.key, ts: flush.timestamp }, timestamp: flush.timestamp });
    const metrics = driver.metrics();
    console.log(
      `[cross-check] test driver: ${metrics.recordsIn} records in; late records dropped: ${WINDOW_TYPES.map((type) => `${type} ${late[type]}`).join(', ')}; ` +
        `window updates dropped: ${metrics.lateWindowUpdates}`,
    );
    expect(metrics.recordsIn).toBe(INPUT_RECORDS);
    expect(late.tumbling).toBeGreaterThan(0);
    for (const type of WINDOW_TYPES) {
      const engine = driver.readValues<WindowedCount>(`out-${type}`).map(line).sort();
      console.log(`[cross-check] test driver ${type}: ${engine.length} windows compared with Kafka Streams' ${peerWindows[type].length}`);
      expectIdentical(type, engine, peerWindows[type]);
    }
  });

  it('KafkaStreams runtime reading the same topic on the broker: identical final windows for every window type', async () => {
    const late: Record<WindowType, number> = { tumbling: 0, hopping: 0, sliding: 0, session: 0 };
    const outputPrefix = `${inputTopic}-engine`;
    const twin = typescriptTwin({ input: inputTopic, outputPrefix, windows: WINDOWS, onLate: (type) => late[type]++ });
    const streams = new KafkaStreams(twin, { applicationId: engineApplicationId, guarantee: 'exactly_once', bootstrap });
    const summary = await streams.run({ untilIdleMs: 2000, timeoutMs: 90_000 });
    console.log(
      `[cross-check] runtime: ${summary.recordsIn} records in, ${summary.recordsOut} out, ${summary.commits} commits in ${summary.durationMs} ms; ` +
        `late records dropped: ${WINDOW_TYPES.map((type) => `${type} ${late[type]}`).join(', ')}`,
    );
    expect(summary.recordsIn).toBe(INPUT_RECORDS);
    for (const type of WINDOW_TYPES) {
      const engine = await windowsIn(`${outputPrefix}-${type}`);
      console.log(`[cross-check] runtime ${type}: ${engine.length} windows compared with Kafka Streams' ${peerWindows[type].length}`);
      expectIdentical(type, engine, peerWindows[type]);
    }
  }, 180_000);
});
