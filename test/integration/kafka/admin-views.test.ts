import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import {
  consume,
  deleteRecordsBefore,
  describeCluster,
  describeGroup,
  describeTopic,
  GroupActiveError,
  groupLag,
  joinGroup,
  produce,
  resetTopic,
  setGroupOffsets,
  waitForBalance,
} from '@streamlab/kernel-helpers/kafka';

const TOPIC = 'kafka-it-admin';
// Event times within the last hour: older records would be deleted by retention (7 days) mid-test.
const BASE = Date.now() - 60 * 60_000;
const minute = (i: number) => BASE + i * 60_000;

/** Records the topic stores now: a read of exactly that many ends as soon as it has them. */
const stored = async () => (await describeTopic(TOPIC)).partitions.reduce((sum, p) => sum + p.records, 0);

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
  await resetTopic(TOPIC, { partitions: 3 });
  await produce(TOPIC, Array.from({ length: 30 }, (_, i) => ({ value: { i }, partition: i % 3, timestamp: minute(i) })));
});

describe('cluster and topic views', () => {
  it('describeCluster lists the brokers and the active controller', async () => {
    const info = await ensure({ services: ['kafka'] });
    const cluster = await describeCluster();
    expect(cluster.brokers.map((b) => `${b.host}:${b.port}`).sort()).toEqual(info.kafka.nodes.map((n) => n.address).sort());
    expect(cluster.brokers.map((b) => b.nodeId)).toContain(cluster.controller);
  });

  it('describeTopic shows leader, replicas, ISR and start/end offsets per partition', async () => {
    await deleteRecordsBefore(TOPIC, [{ partition: 1, offset: 4 }]);
    const { partitions } = await describeTopic(TOPIC);
    expect(partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(partitions[1]).toMatchObject({ start: 4, end: 10, records: 6 });
    expect(partitions[0]).toMatchObject({ start: 0, end: 10, records: 10 });
    for (const p of partitions) {
      expect(p.replicas).toContain(p.leader);
      expect(p.isr).toContain(p.leader);
    }
  });
});

describe('consumer group views', () => {
  it('groupLag reports committed offset, end offset and lag per partition', async () => {
    const group = `kafka-it-lag-${Date.now()}`;
    await consume(TOPIC, { groupId: group, max: await stored(), timeoutMs: 15_000 });
    await produce(TOPIC, [{ value: 'new', partition: 2 }, { value: 'new', partition: 2 }]);
    const lag = await groupLag(group, TOPIC);
    expect(lag.map((row) => [row.partition, row.committed, row.end, row.lag])).toEqual([
      [0, 10, 10, 0],
      [1, 10, 10, 0],
      [2, 10, 12, 2],
    ]);
    expect((await groupLag(group)).filter((row) => row.topic === TOPIC)).toHaveLength(3);
  });

  it('describeGroup shows each running member with its partitions; a second member triggers a rebalance', async () => {
    const group = `kafka-it-members-${Date.now()}`;
    const a = await joinGroup(group, TOPIC, { name: 'member-a', commit: 'never' });
    const b = await joinGroup(group, TOPIC, { name: 'member-b', commit: 'never' });
    try {
      await waitForBalance([a, b], 3);
      const description = await describeGroup(group);
      expect(description.state).toBe('Stable');
      expect(description.members.map((m) => m.clientId)).toEqual(['member-a', 'member-b']);
      expect(description.members.flatMap((m) => m.assignment[TOPIC]).sort()).toEqual([0, 1, 2]);
      expect(a.assignments.length).toBeGreaterThanOrEqual(2);
      await expect(setGroupOffsets(group, TOPIC, { offsets: [{ partition: 0, offset: 0 }] })).rejects.toBeInstanceOf(GroupActiveError);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('setGroupOffsets moves a stopped group to a timestamp or to explicit offsets', async () => {
    const group = `kafka-it-seek-${Date.now()}`;
    await consume(TOPIC, { groupId: group, max: await stored(), timeoutMs: 15_000 });
    // Minute 20 onwards: record 21 (offset 7) in partition 0, 22 (offset 7) in partition 1, 20 (offset 6) in partition 2.
    await setGroupOffsets(group, TOPIC, { timestamp: minute(20) });
    const lag = await groupLag(group, TOPIC);
    expect(lag.map((row) => row.committed)).toEqual([7, 7, 6]);
    await setGroupOffsets(group, TOPIC, { offsets: [{ partition: 0, offset: 8 }] });
    const next = await consume<{ i: number }>(TOPIC, { groupId: group, max: 2 + 3 + 6, timeoutMs: 10_000 });
    expect(next.filter((r) => r.partition === 0).map((r) => r.offset)).toEqual(['8', '9']);
  });
});

describe('commit modes of a group member', () => {
  it('commit before processing loses the record a crash interrupts; commit after processing reads it again', async () => {
    const topic = `${TOPIC}-commits`;
    await resetTopic(topic, { partitions: 1 });
    await produce(topic, Array.from({ length: 6 }, (_, n) => ({ value: { n } })));
    const runWithCrash = async (commit: 'before-processing' | 'after-processing') => {
      const group = `kafka-it-${commit}-${Date.now()}`;
      const processed: number[] = [];
      let crashed = false;
      const onRecord = (record: { value: { n: number } }) => {
        if (record.value.n === 3 && !crashed) {
          crashed = true;
          throw new Error('crash');
        }
        processed.push(record.value.n);
      };
      const first = await joinGroup<{ n: number }>(group, topic, { commit, onRecord });
      await first.waitForRecords(4);
      await first.stop();
      expect(first.failure).toBeInstanceOf(Error);
      const second = await joinGroup<{ n: number }>(group, topic, { commit, onRecord });
      const remaining = commit === 'before-processing' ? 2 : 3;
      await second.waitForRecords(remaining);
      await second.stop();
      return processed;
    };
    expect(await runWithCrash('before-processing')).toEqual([0, 1, 2, 4, 5]);
    expect(await runWithCrash('after-processing')).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
