import { randomUUID } from 'node:crypto';
import { runKafkaTool } from '@streamlab/kernel-helpers/stack';
import type { SelfTimed } from '../report.js';

/** One record the clients suite sends: a key and a JSON value. */
export interface PeerEvent {
  key: string;
  value: unknown;
}

/**
 * Node 20 lacks Promise.withResolvers (Node ≥ 22), which @platformatic/kafka calls on every
 * request: the standard shim, installed in the bench process only, before the client loads.
 */
function shimWithResolvers(): void {
  const promiseClass = Promise as unknown as { withResolvers?: () => unknown };
  promiseClass.withResolvers ??= () => {
    let resolve!: (value: unknown) => void;
    let reject!: (reason: unknown) => void;
    const promise = new Promise((resolveWith, rejectWith) => {
      resolve = resolveWith;
      reject = rejectWith;
    });
    return { promise, resolve, reject };
  };
}

/**
 * @platformatic/kafka (a devDependency, bench only): the pure-JS client a user could switch to.
 * It declares Node ≥ 22; on Node 20 it installs (with an engine warning) and runs what the bench
 * does (produce, consume) with one shim, Promise.withResolvers.
 */
export async function platformaticPeer(bootstrap: string): Promise<{
  send: (topic: string, events: PeerEvent[], batch: number) => Promise<number>;
  consume: (topic: string, total: number) => Promise<number>;
  close: () => Promise<void>;
}> {
  shimWithResolvers();
  const { Producer, Consumer, ProduceAcks, MessagesStreamModes, stringSerializers, stringDeserializers } = await import('@platformatic/kafka');
  const producer = new Producer({ clientId: 'bench-platformatic', bootstrapBrokers: [bootstrap], serializers: stringSerializers });
  return {
    async send(topic, events, batch) {
      for (let i = 0; i < events.length; i += batch) {
        await producer.send({ acks: ProduceAcks.ALL, messages: events.slice(i, i + batch).map((event) => ({ topic, key: event.key, value: JSON.stringify(event.value) })) });
      }
      return events.length;
    },
    async consume(topic, total) {
      const consumer = new Consumer({ groupId: `bench-platformatic-${randomUUID()}`, clientId: 'bench-platformatic', bootstrapBrokers: [bootstrap], deserializers: stringDeserializers, maxWaitTime: 500 });
      let seen = 0;
      try {
        const stream = await consumer.consume({ topics: [topic], mode: MessagesStreamModes.EARLIEST, autocommit: false });
        for await (const message of stream) {
          JSON.parse(message.value as string);
          seen += 1;
          if (seen >= total) break;
        }
        await stream.close();
      } finally {
        await consumer.close(true);
      }
      return seen;
    },
    close: () => producer.close(true),
  };
}

/**
 * Kafka's own Java ProducerPerformance (`kafka-producer-perf-test.sh`, from the stack's cached
 * classpath): `records` random payloads of `bytes` bytes, acks=all, no throttling. Its rate is the
 * one it reports itself (from its first send to its last ack: JVM start excluded).
 */
export async function javaProducerPerformance(bootstrap: string, topic: string, records: number, bytes: number): Promise<SelfTimed> {
  const result = await runKafkaTool('producer-perf-test', ['--topic', topic, '--num-records', String(records), '--record-size', String(bytes), '--throughput', '-1', '--command-property', 'acks=all'], { bootstrap, timeoutMs: 120_000 });
  const match = /(\d+) records sent, ([\d.]+) records\/sec/.exec(result.stdout);
  if (result.exitCode !== 0 || !match) throw new Error(`${result.command} failed: ${result.stderr.slice(-400)}`);
  return { units: Number(match[1]), elapsedMs: (Number(match[1]) / Number(match[2])) * 1000 };
}

/**
 * Kafka's own Java ConsumerPerformance (`kafka-consumer-perf-test.sh`): reads `records` from the
 * beginning of `topic` in a new group. Its nMsg.sec (group join included, JVM start excluded), as
 * the raw kafkajs consumer's figure includes its join.
 */
export async function javaConsumerPerformance(bootstrap: string, topic: string, records: number): Promise<SelfTimed> {
  const result = await runKafkaTool('consumer-perf-test', ['--topic', topic, '--messages', String(records), '--group', `bench-java-${randomUUID()}`, '--timeout', '60000'], { bootstrap, timeoutMs: 120_000 });
  // start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, ...
  const row = result.stdout.split('\n').find((line) => /^\d{4}-\d\d-\d\d /.test(line));
  const columns = row?.split(',').map((cell) => cell.trim());
  if (result.exitCode !== 0 || !columns || columns.length < 6) throw new Error(`${result.command} failed: ${result.stderr.slice(-400)}`);
  const consumed = Number(columns[4]);
  return { units: consumed, elapsedMs: (consumed / Number(columns[5])) * 1000 };
}
