import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { consume, deleteTopic, deleteTopicsWithPrefix, describeTopic, openProducer, produce, resetTopic, SerializationError, tail } from '@streamlab/kernel-helpers/kafka';
import { createKafka } from '../../../kernel-helpers/src/kafka/client';

const TOPIC = 'kafka-it-produce-consume';
let bootstrap = '';

beforeAll(async () => {
  bootstrap = (await ensure({ services: ['kafka'] })).kafka.bootstrap;
  await resetTopic(TOPIC, { partitions: 3 });
});

describe('produce and consume on the real broker', () => {
  it('delivery reports say exactly where each record landed, and one key stays in one partition', async () => {
    const records = Array.from({ length: 30 }, (_, i) => ({ key: `user-${i % 4}`, value: { i }, headers: { source: 'test' } }));
    const reports = await produce(TOPIC, records);
    const consumed = await consume<{ i: number }>(TOPIC, { max: 30, timeoutMs: 15_000 });
    expect(consumed).toHaveLength(30);
    const where = new Map(consumed.map((record) => [record.value.i, `${record.partition}/${record.offset}`]));
    reports.forEach((report, i) => expect(`${report.partition}/${report.offset}`).toBe(where.get(i)));
    for (const key of ['user-0', 'user-1', 'user-2', 'user-3']) expect(new Set(reports.filter((r) => r.key === key).map((r) => r.partition)).size).toBe(1);
    expect(consumed[0].headers).toEqual({ source: 'test' });
  });

  it('waitForTopic: consume waits for a topic that a producer (a connector, a job) creates later, then reads it', async () => {
    const topic = `it-wait-for-topic-${Date.now()}`;
    setTimeout(() => void resetTopic(topic, { partitions: 1 }).then(() => produce(topic, [{ key: 'k', value: { n: 1 } }])), 1_500);
    const started = Date.now();
    const records = await consume(topic, { max: 1, timeoutMs: 20_000, waitForTopic: true });
    expect(records.map((record) => record.value)).toEqual([{ n: 1 }]);
    expect(Date.now() - started).toBeLessThan(15_000);
    await deleteTopic(topic);
  }, 30_000);

  it('waitForTopic after the topic was deleted behind this process (a re-run, another tool) waits for the new one', async () => {
    const topic = `it-recreated-${Date.now()}`;
    await resetTopic(topic, { partitions: 1 });
    await produce(topic, [{ value: { run: 1 } }]);
    expect((await consume(topic, { max: 1, timeoutMs: 15_000 })).map((record) => record.value)).toEqual([{ run: 1 }]);
    // Deleted and created again by another client, as Connect or a second kernel would: this process is not told.
    const admin = createKafka(bootstrap).admin();
    await admin.connect();
    try {
      await admin.deleteTopics({ topics: [topic], timeout: 15_000 });
      setTimeout(() => void admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true }).then(() => produce(topic, [{ value: { run: 2 } }])), 1_500);
      const records = await consume(topic, { max: 1, timeoutMs: 20_000, waitForTopic: true });
      expect(records.map((record) => record.value)).toEqual([{ run: 2 }]);
    } finally {
      await admin.disconnect();
      await deleteTopicsWithPrefix(topic);
    }
  }, 45_000);

  it('targets a cluster by its bootstrap address, the way notebooks reach a lab cluster', async () => {
    const [report] = await produce(TOPIC, [{ value: { via: 'bootstrap' }, partition: 2 }], { bootstrap });
    const description = await describeTopic(TOPIC, { bootstrap });
    expect(description.partitions[2].end).toBe(Number(report.offset) + 1);
  });

  it('a named group resumes after the last record it returned', async () => {
    const group = `kafka-it-resume-${Date.now()}`;
    const total = (await describeTopic(TOPIC)).partitions.reduce((sum, p) => sum + p.records, 0);
    const first = await consume(TOPIC, { groupId: group, max: 10, timeoutMs: 15_000 });
    const rest = await consume(TOPIC, { groupId: group, max: total - first.length, timeoutMs: 15_000 });
    expect(first.length + rest.length).toBe(total);
    const seen = new Set([...first, ...rest].map((r) => `${r.partition}/${r.offset}`));
    expect(seen.size).toBe(total);
  });

  it('a batching producer sends fewer, compressed requests and reports every record', async () => {
    const measure = async (options: { batchSize: number; compression?: 'gzip' }) => {
      const producer = await openProducer(options);
      const reports = await Promise.all(Array.from({ length: 400 }, (_, i) => producer.send(TOPIC, { key: `k${i % 9}`, value: { page: '/produtos/categoria/eletronicos', i } })));
      await producer.close();
      return { reports, stats: producer.stats() };
    };
    const single = await measure({ batchSize: 1 });
    const batched = await measure({ batchSize: 200, compression: 'gzip' });
    expect(single.stats.requests).toBe(400);
    expect(batched.stats.requests).toBeLessThanOrEqual(2);
    expect(batched.stats.bytesSent).toBeLessThan(single.stats.bytesSent / 4);
    expect(new Set(batched.reports.map((r) => `${r.partition}/${r.offset}`)).size).toBe(400);
  });

  it('openProducer: a value JSON cannot hold fails its own send, named, and the rest of its batch is delivered', async () => {
    const topic = `it-open-producer-bad-value-${Date.now()}`;
    await resetTopic(topic, { partitions: 2 });
    const producer = await openProducer({ batchSize: 10 });
    const sends = Array.from({ length: 10 }, (_, i) => producer.send(topic, { key: `k${i}`, value: i === 4 ? { price: 10n } : { i } }));
    const settled = await Promise.allSettled(sends);
    await producer.close();
    expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(9);
    const refused = settled[4] as PromiseRejectedResult;
    expect(refused.status).toBe('rejected');
    expect(refused.reason).toBeInstanceOf(SerializationError);
    expect((refused.reason as Error).message).toBe(`record for topic "${topic}" (key k4): value.price (bigint) cannot be serialized to JSON`);
    const consumed = await consume<{ i: number }>(topic, { max: 10, timeoutMs: 5_000 });
    expect(consumed.map((record) => record.value.i).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9]);
    await deleteTopic(topic);
  });

  it('tail sees records produced while it watches, and ends when its time is up', async () => {
    const seen: unknown[] = [];
    const started = Date.now();
    const watching = tail(TOPIC, { durationMs: 3000, onRecord: (record) => void seen.push(record.value) });
    setTimeout(() => void produce(TOPIC, [{ value: 'live-1' }, { value: 'live-2' }]), 1000);
    const summary = await watching;
    expect(seen).toEqual(expect.arrayContaining(['live-1', 'live-2']));
    expect(summary.records).toBe(seen.length);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
