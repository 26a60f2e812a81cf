import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { consume, createTopic, deleteTopic, kafkaClient, openProducer, produce } from '@streamlab/kernel-helpers/kafka';
import { replayToTopic } from '@streamlab/kernel-helpers/datasets';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { javaConsumerPerformance, javaProducerPerformance, platformaticPeer } from './client-peers.js';
import { pairedRuns, printRuns, type BenchContext } from '../report.js';

/** Enough records that a run's fixed costs (a group join, the first metadata request) do not decide the ratio. */
const RECORDS = 50_000;
const BATCH = 1_000;
const RUNS = 5;
/**
 * Kafka's Java perf tools start a fresh JVM per run: on 50,000 records they time mostly JIT warm-up.
 * As the broker's ceiling they send (and read) this many times more records, and report their own rate.
 */
const JAVA_SCALE = 5;
const SUITE = 'kafka-clients';

/** A JSON value of about `bytes` bytes: the record sizes the issue asks for (100 B and 1 KB). */
function payload(i: number, bytes: number): { user_id: number; action: string; seq: number; pad: string } {
  const base = { user_id: i % 100, action: 'click', seq: i, pad: '' };
  return { ...base, pad: 'x'.repeat(Math.max(0, bytes - JSON.stringify(base).length)) };
}

/**
 * Raw kafkajs reading `total` records from the beginning (group join included, as consume()'s):
 * decodes each value and drops it, or keeps it in an array as consume() keeps its records. Kept
 * values survive the young generation, and copying them out is GC work that dropped ones never cost.
 */
async function rawConsume(client: Kafka, topic: string, total: number, keep: boolean): Promise<number> {
  const consumer = client.consumer({ groupId: `bench-raw-${randomUUID()}`, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const kept: unknown[] = [];
  let seen = 0;
  await new Promise<void>((done) => {
    void consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        if (seen >= total) return;
        const value: unknown = JSON.parse(message.value!.toString());
        if (keep) kept.push(value);
        seen += 1;
        if (seen === total) done();
      },
    });
  });
  await consumer.disconnect();
  return seen;
}

/** produce()/openProducer()/replayToTopic()/consume() through the helpers vs the same work with raw kafkajs, on the real broker. */
export async function kafkaClients(bench: BenchContext): Promise<void> {
  for (const bytes of [100, 1000]) await clientsAt(bench, bytes);
}

async function clientsAt(bench: BenchContext, bytes: number): Promise<void> {
  const topic = `bench-clients-${randomUUID().slice(0, 8)}`;
  // The Java producer writes random bytes, not JSON: to a topic of its own, so the consumers read only JSON.
  const javaTopic = `${topic}-java`;
  await createTopic(topic, { partitions: 3 });
  await createTopic(javaTopic, { partitions: 3 });
  const client = await kafkaClient();
  const events = Array.from({ length: RECORDS }, (_, i) => ({ key: `user-${i % 100}`, value: payload(i, bytes) }));
  const size = bytes === 100 ? '100 B' : '1 KB';
  const suffix = bytes === 100 ? '' : '-1kb';
  try {
    const rawProducer = client.producer();
    await rawProducer.connect();
    const rawSend = async (): Promise<number> => {
      for (let i = 0; i < RECORDS; i += BATCH) {
        await rawProducer.send({ topic, acks: -1, messages: events.slice(i, i + BATCH).map((event) => ({ key: event.key, value: JSON.stringify(event.value) })) });
      }
      return RECORDS;
    };
    const batching = await openProducer({ batchSize: BATCH });
    const { bootstrap } = (await ensure()).kafka;
    const platformatic = await platformaticPeer(bootstrap);
    const [raw, helper, opened, replay, platformaticSend, javaSend] = await pairedRuns(RUNS, [
      ['raw kafkajs producer.send', rawSend],
      [
        'produce() helper',
        async () => {
          for (let i = 0; i < RECORDS; i += BATCH) await produce(topic, events.slice(i, i + BATCH));
          return RECORDS;
        },
      ],
      [
        'openProducer() (one connection, batches)',
        async () => {
          await Promise.all(events.map((event) => batching.send(topic, event)));
          await batching.flush();
          return RECORDS;
        },
      ],
      ['replayToTopic() (as fast as possible)', async () => (await replayToTopic(topic, events, { key: (event) => event.key, value: (event) => event.value, timestampOf: () => Date.now(), batchSize: BATCH })).produced],
      ['peer: @platformatic/kafka producer.send', () => platformatic.send(topic, events, BATCH)],
      [`peer: Kafka's Java ProducerPerformance (${(RECORDS * JAVA_SCALE).toLocaleString('en-US')} random ${bytes} B)`, () => javaProducerPerformance(bootstrap, javaTopic, RECORDS * JAVA_SCALE, bytes)],
    ]);
    await batching.close();
    await rawProducer.disconnect();
    printRuns(`kafka clients: produce ${RECORDS.toLocaleString('en-US')} JSON records of ${size} in batches of ${BATCH}, acks=all`, 'records', [raw, helper, opened, replay, platformaticSend, javaSend]);
    bench.record({ id: `produce-vs-kafkajs${suffix}`, suite: SUITE, name: `produce() vs raw kafkajs send, ${size}`, unit: 'records/s' }, helper, raw);
    bench.record({ id: `open-producer-vs-kafkajs${suffix}`, suite: SUITE, name: `openProducer() vs raw kafkajs send, ${size}`, unit: 'records/s' }, opened, raw);
    bench.record({ id: `replay-vs-open-producer${suffix}`, suite: SUITE, name: `replayToTopic() vs openProducer(), ${size}`, unit: 'records/s' }, replay, opened);
    bench.record({ id: `platformatic-produce-vs-kafkajs${suffix}`, suite: SUITE, name: `peer @platformatic/kafka send vs raw kafkajs send, ${size}`, unit: 'records/s' }, platformaticSend, raw);
    bench.record({ id: `java-producer-perf-vs-kafkajs${suffix}`, suite: SUITE, name: `peer Java ProducerPerformance vs raw kafkajs send, ${size}`, unit: 'records/s' }, javaSend, raw);

    const total = RECORDS * 3;
    const [rawDiscarding, rawKeeping, helperConsume, platformaticConsume, javaConsume] = await pairedRuns(RUNS, [
      ['raw kafkajs consumer.run', () => rawConsume(client, topic, total, false)],
      ['raw kafkajs consumer.run, keeping the decoded values (consume() returns its records)', () => rawConsume(client, topic, total, true)],
      ['consume() helper', async () => (await consume(topic, { max: total, timeoutMs: 120_000 })).length],
      ['peer: @platformatic/kafka consumer stream', () => platformatic.consume(topic, total)],
      [`peer: Kafka's Java ConsumerPerformance (${(total * JAVA_SCALE).toLocaleString('en-US')} records)`, () => javaConsumerPerformance(bootstrap, javaTopic, total * JAVA_SCALE)],
    ]);
    await platformatic.close();
    printRuns(`kafka clients: consume ${total.toLocaleString('en-US')} records of ${size} from the beginning`, 'records', [rawDiscarding, rawKeeping, helperConsume, platformaticConsume, javaConsume]);
    bench.record({ id: `consume-vs-kafkajs${suffix}`, suite: SUITE, name: `consume() vs raw kafkajs consumer.run, ${size}`, unit: 'records/s' }, helperConsume, rawDiscarding);
    bench.record({ id: `consume-vs-kafkajs-keeping${suffix}`, suite: SUITE, name: `consume() vs raw kafkajs consumer.run keeping the decoded values, ${size}`, unit: 'records/s' }, helperConsume, rawKeeping);
    bench.record({ id: `platformatic-consume-vs-kafkajs${suffix}`, suite: SUITE, name: `peer @platformatic/kafka consume vs raw kafkajs consumer.run, ${size}`, unit: 'records/s' }, platformaticConsume, rawDiscarding);
    bench.record({ id: `java-consumer-perf-vs-kafkajs${suffix}`, suite: SUITE, name: `peer Java ConsumerPerformance vs raw kafkajs consumer.run, ${size}`, unit: 'records/s' }, javaConsume, rawDiscarding);
  } finally {
    await deleteTopic(topic);
    await deleteTopic(javaTopic);
  }
}
