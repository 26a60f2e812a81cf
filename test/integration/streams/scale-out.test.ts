import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeGroup } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { KafkaStreams } from '@streamlab/kernel-helpers/streams';
import { brokerResults, offline, produceRecords, scratchTopics, sensorReadings, windowedCounts } from './support.js';

const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('scale-out: instances with one application id share the input partitions', () => {
  it('gives the same final windows when a second instance joins mid-stream and takes partitions (and their state) over', async () => {
    const topics = await scratchTopics('streams-scale');
    const applicationId = `${topics.id}-app`;
    cleanups.push(() => topics.drop(applicationId));
    const records = sensorReadings(1200, 9, 5);
    const half = records.length / 2;
    await produceRecords(topics.input, records.slice(0, half));
    const topology = () => windowedCounts(topics.input, topics.tumbling, topics.sessions);

    // The first instance starts alone with all three partitions and processes the first half; the
    // second joins: the rebalance moves partitions, whose stores the new owner rebuilds from the
    // changelogs; then the second half arrives. Transactional ids are per task (partition), so the new owner of a partition fences the old one.
    const first = new KafkaStreams(topology(), { applicationId, instanceId: 'a', guarantee: 'exactly_once', commitEveryRecords: 20 });
    const second = new KafkaStreams(topology(), { applicationId, instanceId: 'b', guarantee: 'exactly_once', commitEveryRecords: 20 });
    const firstRun = first.run({ untilIdleMs: 4000 });
    await new Promise((resolveWait) => setTimeout(resolveWait, 1500));
    const secondRun = second.run({ untilIdleMs: 4000 });
    let members = 0;
    for (let i = 0; i < 100 && members < 2; i += 1) {
      members = (await describeGroup(applicationId)).members.length;
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
    await produceRecords(topics.input, records.slice(half));
    const [a, b] = await Promise.all([firstRun, secondRun]);
    console.log(`[streams] scale-out: instance a ${a.recordsIn} records, b ${b.recordsIn}; b restored ${b.restoredEntries} changelog entries; group had ${members} members`);

    expect(members).toBe(2);
    expect(a.recordsIn + b.recordsIn).toBeGreaterThanOrEqual(records.length);
    expect(b.recordsIn).toBeGreaterThan(0);
    expect(b.restoredEntries).toBeGreaterThan(0);
    const expected = offline(topology, records, topics.input, topics.tumbling);
    expect(await brokerResults(topics.tumbling, expected.length)).toEqual(expected);
    expect(await brokerResults(topics.sessions, 1)).toEqual(offline(topology, records, topics.input, topics.sessions));
  }, 240_000);
});
