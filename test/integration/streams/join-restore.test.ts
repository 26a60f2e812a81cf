import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopic, deleteGroups, deleteTopicsWithPrefix } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { joinWindow, KafkaStreams, StreamsBuilder, TopologyTestDriver } from '@streamlab/kernel-helpers/streams';
import { produceRecords } from './support.js';

const PARTITIONS = 2;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

type Topic = 'views' | 'clicks';

/** Views and clicks of 10 users, interleaved, ~150 ms of event time apart; user u on partition u mod 2 of both topics. */
function activity(count: number) {
  let state = 5;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
  let clock = 1_700_000_000_000;
  return Array.from({ length: count }, (_, index) => {
    clock += Math.floor(next() * 300);
    const user = Math.floor(next() * 10);
    const topic: Topic = next() < 0.5 ? 'views' : 'clicks';
    return { topic, key: `user-${user}`, partition: user % PARTITIONS, timestamp: clock, value: `${topic[0]}${index}` };
  });
}

/** views ⋈ clicks within 5 s; grace 1 h, so that which topic a batch comes from first changes nothing. */
function joinTopology(views: string, clicks: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream<string>(views)
    .join(builder.stream<string>(clicks), (view, click) => `${view}+${click}`, joinWindow('5s', { grace: '1h' }))
    .to(output);
  return builder.build();
}

const line = (record: { key: string | null; value: string; timestamp: number }) => `${record.key} ${record.value} @${record.timestamp}`;

describe('stream–stream join state after a restart', () => {
  it('a new instance restores both join buffers from their changelogs: results equal an uninterrupted run (exactly_once)', async () => {
    const id = `dslfeat-join-${randomUUID().slice(0, 8)}`;
    const topics = { views: `${id}-views`, clicks: `${id}-clicks` };
    cleanups.push(async () => {
      await deleteTopicsWithPrefix(id);
      await deleteGroups([`${id}-restarted`, `${id}-uninterrupted`]);
    });
    for (const topic of Object.values(topics)) await createTopic(topic, { partitions: PARTITIONS });
    const records = activity(800);
    const half = records.length / 2;
    const produceSlice = async (slice: typeof records) => {
      for (const topic of ['views', 'clicks'] as const) await produceRecords(topics[topic], slice.filter((record) => record.topic === topic));
    };

    // Offline truth: one test driver per partition, records in event-time order.
    const expected: string[] = [];
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const driver = new TopologyTestDriver(joinTopology(topics.views, topics.clicks, 'joined'));
      for (const record of records.filter((candidate) => candidate.partition === partition)) {
        driver.pipe(topics[record.topic], { key: record.key, value: record.value, timestamp: record.timestamp });
      }
      expected.push(...driver.readOutput<string>('joined').map(line));
    }
    expected.sort();
    // Pairs with one record in each half: the ones an instance forgetting its buffers would miss.
    const index = (value: string) => Number(value.slice(1));
    const crossing = expected.filter((pair) => {
      const [view, click] = pair.split(' ')[1].split('+');
      return index(view) < half !== index(click) < half;
    });
    expect(crossing.length).toBeGreaterThan(20);

    // Restarted: the first instance processes the first half and stops; a new one gets the second half.
    await produceSlice(records.slice(0, half));
    const restartedOut = `${id}-joined-restarted`;
    const options = { applicationId: `${id}-restarted`, guarantee: 'exactly_once' as const };
    const first = await new KafkaStreams(joinTopology(topics.views, topics.clicks, restartedOut), options).run({ untilIdleMs: 2500 });
    await produceSlice(records.slice(half));
    const second = await new KafkaStreams(joinTopology(topics.views, topics.clicks, restartedOut), options).run({ untilIdleMs: 2500 });
    console.log(`[streams] join restart: ${first.recordsIn} + ${second.recordsIn} records; the second instance restored ${second.restoredEntries} changelog entries in ${second.restoreMs} ms`);
    expect(first.recordsIn).toBe(half);
    expect(second.recordsIn).toBe(records.length - half);
    expect(second.restoredEntries).toBeGreaterThan(0);

    // Uninterrupted: one instance over the whole input.
    const uninterruptedOut = `${id}-joined-uninterrupted`;
    await new KafkaStreams(joinTopology(topics.views, topics.clicks, uninterruptedOut), { applicationId: `${id}-uninterrupted`, guarantee: 'exactly_once' }).run({ untilIdleMs: 2500 });

    const read = async (topic: string) => (await consume<string>(topic, { max: expected.length + 200, timeoutMs: 4000 })).map(line).sort();
    const uninterrupted = await read(uninterruptedOut);
    expect(uninterrupted).toEqual(expected);
    expect(await read(restartedOut)).toEqual(uninterrupted);
  }, 180_000);
});
