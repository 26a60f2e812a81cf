import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { ensure } from '@streamlab/kernel-helpers/stack';

// kafkajs 2.2.4 is not tested upstream against Kafka 4.x: these tests are the proof, on the real broker.
let kafka: Kafka;
let admin: Admin;
const topic = `smoke-${randomUUID()}`;

beforeAll(async () => {
  const info = await ensure({ services: ['kafka'] });
  kafka = new Kafka({ clientId: 'smoke', brokers: info.kafka.bootstrap.split(','), logLevel: logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
  await admin.disconnect();
});

describe('kafkajs 2.2.4 against Apache Kafka 4.x', () => {
  it('reports a 4.x KRaft cluster through describeCluster', async () => {
    const info = await ensure({ services: ['kafka'] });
    const cluster = await admin.describeCluster();
    expect(cluster.brokers.length).toBe(info.kafka.nodes.length);
    expect(cluster.controller).not.toBeNull();
    expect(info.kafka.version).toMatch(/^4\./);
  });

  it('creates a topic with three partitions', async () => {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true })).toBe(true);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(3);
  });

  it('produces keyed records and consumes them all in a group, then reads the committed offsets', async () => {
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: 30 }, (_, i) => ({ key: `user-${i % 5}`, value: JSON.stringify({ i }) }));
    await producer.send({ topic, messages });
    await producer.disconnect();

    const groupId = `smoke-group-${randomUUID()}`;
    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: number[] = [];
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          seen.push(JSON.parse(message.value!.toString()).i);
          if (seen.length === messages.length) done();
        },
      });
    });
    await consumer.disconnect();
    expect(seen.sort((a, b) => a - b)).toEqual(messages.map((_, i) => i));

    const offsets = await admin.fetchOffsets({ groupId, topics: [topic] });
    // A partition no key hashed to has no commit: kafkajs reports it as offset -1.
    const committed = offsets[0].partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    expect(committed).toBe(messages.length);
  });

  it('commits a transaction atomically and hides an aborted one from read_committed consumers', async () => {
    const producer = kafka.producer({ transactionalId: `smoke-tx-${randomUUID()}`, idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'tx', value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ key: 'tx', value: 'committed' }] });
    await committed.commit();
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: `smoke-tx-reader-${randomUUID()}`, readUncommitted: false });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const txValues: string[] = [];
    await new Promise<void>((done) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === 'tx') txValues.push(message.value!.toString());
          if (txValues.includes('committed')) done();
        },
      });
    });
    await consumer.disconnect();
    expect(txValues).toEqual(['committed']);
  });
});
