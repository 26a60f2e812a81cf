import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, createTopic, deleteGroups, deleteTopicsWithPrefix, describeGroup, describeTopic } from '@streamlab/kernel-helpers/kafka';
import { waitUntil } from '@streamlab/kernel-helpers/stack';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { KafkaStreams, StreamsBuilder, TopologyTestDriver, type RunSummary } from '@streamlab/kernel-helpers/streams';
import { produceRecords } from './support.js';

const PARTITIONS = 4;
const COUNTRIES = ['BR', 'AR', 'CL', 'UY', 'PY', 'PE', 'CO'];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

interface Order {
  user: string;
  country: string;
}

/** `count` orders keyed by user (40 users, user u on partition u mod 4), each from a seeded-random country. */
function orders(count: number) {
  let state = 11;
  const next = () => (state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296;
  return Array.from({ length: count }, (_, index) => {
    const user = Math.floor(next() * 40);
    const value: Order = { user: `user-${user}`, country: COUNTRIES[Math.floor(next() * COUNTRIES.length)] };
    return { key: value.user, partition: user % PARTITIONS, timestamp: 1_700_000_000_000 + index, value };
  });
}

function ordersPerCountry(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder
    .stream<Order>(input)
    .groupBy((order) => order.country)
    .count({ name: 'per-country' })
    .toStream()
    .to(output);
  return builder.build();
}

/** Per key, the counts the output topic received, in order. */
async function countsByKey(topic: string, expected: number): Promise<Map<string, number[]>> {
  const records = await consume<number>(topic, { max: expected + 500, timeoutMs: 4000 });
  const byKey = new Map<string, number[]>();
  for (const record of records) {
    let counts = byKey.get(record.key!);
    if (!counts) byKey.set(record.key!, (counts = []));
    counts.push(record.value);
  }
  return byKey;
}

describe('groupBy with a new key through <applicationId>-<store>-repartition (4 input partitions)', () => {
  for (const instances of [1, 2]) {
    it(`counts per new key exactly once, whatever input partition each record came from (exactly_once, ${instances} instance${instances > 1 ? 's' : ''})`, async () => {
      const id = `dslfeat-repart-${randomUUID().slice(0, 8)}`;
      const input = `${id}-orders`;
      const output = `${id}-per-country`;
      const applicationId = `${id}-app`;
      cleanups.push(async () => {
        await deleteTopicsWithPrefix(id);
        await deleteGroups([applicationId]);
      });
      await createTopic(input, { partitions: PARTITIONS });
      const records = orders(2000);

      // The truth, offline: orders per country over the whole input.
      const expected = new Map<string, number>();
      for (const record of records) expected.set(record.value.country, (expected.get(record.value.country) ?? 0) + 1);
      const partitionsOf = new Map<string, Set<number>>();
      for (const record of records) partitionsOf.set(record.value.country, (partitionsOf.get(record.value.country) ?? new Set()).add(record.partition));
      expect([...partitionsOf.values()].every((partitions) => partitions.size === PARTITIONS)).toBe(true);

      const runs: Array<Promise<RunSummary>> = [];
      for (let index = 0; index < instances; index++) {
        const streams = new KafkaStreams(ordersPerCountry(input, output), { applicationId, instanceId: `i${index}`, guarantee: 'exactly_once', commitEveryRecords: 100 });
        runs.push(streams.run({ untilIdleMs: 6000 }));
      }
      // Every instance in the group before the input arrives: the co-partitioning assignor splits the 4 partitions.
      const assigned = async () => {
        const members = (await describeGroup(applicationId).catch(() => undefined))?.members ?? [];
        return members.length === instances && members.every((member) => Object.values(member.assignment).some((partitions) => partitions.length > 0));
      };
      await waitUntil(assigned, { what: `partitions assigned to ${instances} member(s) of group ${applicationId}`, timeoutMs: 30_000, hint: 'did an instance fail to start?' });
      await produceRecords(input, records);
      const summaries = await Promise.all(runs);
      const processed = summaries.reduce((sum, summary) => sum + summary.recordsIn, 0);
      console.log(`[streams] repartition (${instances} instance(s)): ${summaries.map((summary) => `${summary.recordsIn} in, ${summary.commits} commits`).join('; ')}`);
      expect(processed).toBeGreaterThanOrEqual(records.length);
      expect(summaries.every((summary) => summary.recordsIn > 0 && summary.commits > 0)).toBe(true);

      // The repartition topic exists with the input's partition count and holds every re-keyed record once.
      const repartition = `${applicationId}-per-country-repartition`;
      expect((await describeTopic(repartition)).partitions).toHaveLength(PARTITIONS);
      const rekeyed = await consume<Order>(repartition, { max: records.length + 100, timeoutMs: 4000 });
      expect(rekeyed).toHaveLength(records.length);
      expect(rekeyed.every((record) => record.key === record.value.country)).toBe(true);
      // Each country sits in one repartition partition: one task holds its whole count.
      const partitionOfCountry = new Map<string, Set<number>>();
      for (const record of rekeyed) partitionOfCountry.set(record.key!, (partitionOfCountry.get(record.key!) ?? new Set()).add(record.partition));
      expect([...partitionOfCountry.values()].every((partitions) => partitions.size === 1)).toBe(true);

      // Every country's updates are 1, 2, …, n exactly once (no partial counts per input partition, no duplicates).
      const received = await countsByKey(output, records.length);
      expect(new Set(received.keys())).toEqual(new Set(expected.keys()));
      for (const [country, total] of expected) {
        expect([...received.get(country)!].sort((a, b) => a - b), country).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      }

      // The test driver (repartition in process) ends on the same counts.
      const driver = new TopologyTestDriver(ordersPerCountry(input, output));
      driver.pipe(input, records);
      const last = new Map(driver.readOutput<number>(output).map((record) => [record.key!, record.value]));
      expect(last).toEqual(expected);
    }, 180_000);
  }
});
