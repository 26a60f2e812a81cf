import { randomUUID } from 'node:crypto';
import { createTopic, deleteTopic, kafkaClient } from '@streamlab/kernel-helpers/kafka';
import { KafkaStreams, StreamsBuilder, tumbling } from '@streamlab/kernel-helpers/streams';
import { startStreamsPeer, typescriptTwin } from '@streamlab/kernel-helpers/streams-peer';
import { benchEvents, type BenchEvent } from '../events.js';
import { measure, pairedRuns, printRuns, type BenchContext, type Measurement } from '../report.js';

const EVENTS = 60_000;
const MINUTE = 60_000;
const GRACE = 10_000;
const SUITE = 'engine-end-to-end';

/**
 * Raw kafkajs consume + a Map loop (tumbling 1m count, final) + produce, on the real broker.
 * Timed like the engine's `run()`: from connecting (producer, consumer, group join) to the last
 * output sent and both clients disconnected.
 */
async function rawKafkajs(input: string, output: string): Promise<number> {
  const client = await kafkaClient();
  const producer = client.producer();
  const consumer = client.consumer({ groupId: `bench-raw-${randomUUID()}` });
  await Promise.all([producer.connect(), consumer.connect()]);
  await consumer.subscribe({ topic: input, fromBeginning: true });
  const open = new Map<number, Map<string, number>>();
  let streamTime = -Infinity;
  let seen = 0;
  await new Promise<void>((done) => {
    void consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        const closed: Array<{ key: string; value: string }> = [];
        for (const message of batch.messages) {
          const event = JSON.parse(message.value!.toString()) as BenchEvent;
          streamTime = Math.max(streamTime, event.ts);
          const start = event.ts - (event.ts % MINUTE);
          if (start + MINUTE + GRACE > streamTime) {
            let counts = open.get(start);
            if (!counts) open.set(start, (counts = new Map()));
            counts.set(event.key, (counts.get(event.key) ?? 0) + 1);
          }
          resolveOffset(message.offset);
        }
        for (const [start, counts] of open) {
          if (start + MINUTE + GRACE > streamTime) continue;
          for (const [key, count] of counts) closed.push({ key, value: JSON.stringify({ key, windowStart: start, windowEnd: start + MINUTE, count }) });
          open.delete(start);
        }
        // In chunks: a batch can close many windows at once, more than one request may carry.
        for (let i = 0; i < closed.length; i += 1_000) await producer.send({ topic: output, messages: closed.slice(i, i + 1_000) });
        await heartbeat();
        seen += batch.messages.length;
        if (seen >= EVENTS) done();
      },
    });
  });
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return seen;
}

/** The engine's runtime on the same input: tumbling 1m count, final emission; `run()` from start (connect, topics, group join) to stop. */
async function engineRun(input: string, output: string, guarantee: 'at_least_once' | 'exactly_once'): Promise<number> {
  const builder = new StreamsBuilder();
  builder.stream<BenchEvent>(input, { timestamp: 'ts' }).groupByKey().windowedBy(tumbling('1m', { grace: '10s' })).count({ emit: 'final' }).toStream().to(output);
  const streams = new KafkaStreams(builder.build(), { applicationId: `bench-engine-${randomUUID().slice(0, 8)}`, guarantee });
  return (await streams.run({ maxRecords: EVENTS, timeoutMs: 600_000 })).recordsIn;
}

/** The four peer windows in TypeScript (the twin) or in Java (the peer), both exactly-once. */
async function fourWindows(input: string, who: 'engine' | 'peer' | 'peer-defaults'): Promise<Measurement> {
  const prefix = `${input}-${who}-${randomUUID().slice(0, 4)}`;
  if (who === 'engine') {
    const streams = new KafkaStreams(typescriptTwin({ input, outputPrefix: prefix }), { applicationId: `bench-twin-${randomUUID().slice(0, 8)}`, guarantee: 'exactly_once' });
    return measure('engine runtime, the 4 peer windows (exactly_once)', async () => (await streams.run({ maxRecords: EVENTS, timeoutMs: 600_000 })).recordsIn);
  }
  const applicationId = `bench-peer-${randomUUID().slice(0, 8)}`;
  const peer = await startStreamsPeer({ input, outputPrefix: prefix, applicationId, settings: who === 'peer-defaults' ? 'kafka-defaults' : 'comparable' });
  const admin = (await kafkaClient()).admin();
  await admin.connect();
  try {
    // Measured from RUNNING (JVM start excluded) until all input offsets are committed with the outputs.
    return await measure('Kafka Streams 4.3.1 (Java), the 4 windows (exactly_once_v2)', async () => {
      const deadline = Date.now() + 600_000;
      for (;;) {
        const [offsets] = await admin.fetchOffsets({ groupId: applicationId, topics: [input] });
        if (offsets.partitions.reduce((sum, partition) => sum + Math.max(0, Number(partition.offset)), 0) >= EVENTS) return EVENTS;
        if (Date.now() > deadline) throw new Error(`the Kafka Streams peer did not commit all input in 10 min: ${peer.recentOutput().join(' | ')}`);
        await new Promise((resolveWait) => setTimeout(resolveWait, 100));
      }
    });
  } finally {
    await admin.disconnect();
    await peer.stop();
  }
}

/** consume → window → produce through the real broker: raw kafkajs, the engine, and Kafka Streams. */
export async function engineEndToEnd(bench: BenchContext): Promise<void> {
  const input = `bench-e2e-${randomUUID().slice(0, 8)}`;
  const outputs = ['raw', 'alo', 'eos'].map((name) => `${input}-${name}`);
  await createTopic(input, { partitions: 1 });
  for (const topic of outputs) await createTopic(topic, { partitions: 1 });
  try {
    const producer = (await kafkaClient()).producer();
    await producer.connect();
    const events = benchEvents(EVENTS);
    for (let i = 0; i < EVENTS; i += 5_000) {
      await producer.send({ topic: input, messages: events.slice(i, i + 5_000).map((event) => ({ key: event.key, value: JSON.stringify(event), timestamp: String(event.ts) })) });
    }
    await producer.disconnect();
    const title = `end to end on the broker: ${EVENTS.toLocaleString('en-US')} events on one partition, consume → window → produce`;
    const [raw, alos, eos] = await pairedRuns(5, [
      ['raw kafkajs consume + Map loop + produce', () => rawKafkajs(input, outputs[0])],
      ['engine runtime, tumbling 1m (at_least_once)', () => engineRun(input, outputs[1], 'at_least_once')],
      ['engine runtime, tumbling 1m (exactly_once)', () => engineRun(input, outputs[2], 'exactly_once')],
      // One untimed round: the first run of each also compiles its code.
    ], 1);
    printRuns(title, 'events', [raw, alos, eos]);
    bench.record({ id: 'engine-e2e-alos-vs-raw', suite: SUITE, name: 'engine at-least-once vs raw kafkajs consume + Map loop + produce', unit: 'events/s' }, alos, raw);
    bench.record({ id: 'engine-eos-vs-alos', suite: SUITE, name: 'engine exactly-once vs its own at-least-once', unit: 'events/s' }, eos, alos);

    const peerRuns = { comparable: [] as Measurement[], defaults: [] as Measurement[], engine: [] as Measurement[] };
    for (let run = 0; run < 3; run += 1) {
      peerRuns.comparable.push(await fourWindows(input, 'peer'));
      peerRuns.defaults.push(await fourWindows(input, 'peer-defaults'));
      peerRuns.engine.push(await fourWindows(input, 'engine'));
    }
    const comparable = { name: 'Kafka Streams 4.3.1 (Java), record cache off, commit 100 ms (exactly_once_v2)', measurements: peerRuns.comparable };
    const defaults = { name: 'Kafka Streams 4.3.1 (Java), its defaults (exactly_once_v2)', measurements: peerRuns.defaults };
    const engine = { name: 'engine runtime, the 4 peer windows (exactly_once)', measurements: peerRuns.engine };
    printRuns('the same input, four window types at once (tumbling, hopping, sliding, session; final results)', 'events', [comparable, defaults, engine]);
    bench.record({ id: 'engine-vs-kafka-streams-comparable', suite: SUITE, name: 'engine vs Kafka Streams (record cache off, commit 100 ms), 4 windows, exactly-once', unit: 'events/s' }, engine, comparable);
    bench.record({ id: 'engine-vs-kafka-streams-defaults', suite: SUITE, name: 'engine vs Kafka Streams with its default settings, 4 windows, exactly-once', unit: 'events/s' }, engine, defaults);
  } finally {
    // Inputs, outputs, changelogs and repartition topics of every contender start with `bench-`.
    const admin = (await kafkaClient()).admin();
    await admin.connect();
    const leftovers = (await admin.listTopics()).filter((topic) => topic.startsWith(input) || /^bench-(engine|twin|peer)-/.test(topic));
    await admin.disconnect();
    for (const topic of leftovers) await deleteTopic(topic);
  }
}
