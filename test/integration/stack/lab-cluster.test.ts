import { afterAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { restartLabNodes, startLabCluster, stopLabCluster, stopLabNode } from '@streamlab/kernel-helpers/stack';
import { existsSync } from 'node:fs';
import { labClusterHome } from '@streamlab/kernel-helpers/stack';

const NAME = 'test-failover';

afterAll(async () => {
  await stopLabCluster(NAME);
});

describe('a three-node lab cluster', () => {
  it('keeps acks=all writes through a leader crash, moves leadership, and heals the ISR after restart', async () => {
    const info = await startLabCluster(NAME, { brokers: 3 });
    expect(info.nodes.map((node) => node.state)).toEqual(['up', 'up', 'up']);

    const kafka = new Kafka({ clientId: 'failover-test', brokers: info.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'replicated', numPartitions: 1, replicationFactor: 3 }], waitForLeaders: true });
    const partition = async () => (await admin.fetchTopicMetadata({ topics: ['replicated'] })).topics[0].partitions[0];
    const before = await partition();
    expect(before.isr.sort()).toEqual([1, 2, 3]);

    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic: 'replicated', acks: -1, messages: [{ value: 'before crash' }] });
    await stopLabNode(NAME, before.leader, { crash: true });

    // A new leader is elected among the in-sync followers; writes with acks=all go on (min ISR 2).
    let after = await partition();
    for (let i = 0; i < 100 && (after.leader === before.leader || after.isr.includes(before.leader)); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      after = await partition();
    }
    expect(after.leader).not.toBe(before.leader);
    expect(after.isr).not.toContain(before.leader);
    await producer.send({ topic: 'replicated', acks: -1, messages: [{ value: 'after crash' }] });

    await restartLabNodes(NAME);
    let healed = await partition();
    for (let i = 0; i < 100 && healed.isr.length < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      healed = await partition();
    }
    expect(healed.isr.sort()).toEqual([1, 2, 3]);
    const offsets = await admin.fetchTopicOffsets('replicated');
    expect(offsets[0].high).toBe('2');
    await producer.disconnect();
    await admin.disconnect();
  }, 240_000);

  it('leaves no data behind once stopped', async () => {
    await stopLabCluster(NAME);
    expect(existsSync(`${labClusterHome(NAME)}/kafka`)).toBe(false);
  }, 60_000);
});
