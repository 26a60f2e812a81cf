import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { DEAD_LETTER_HEADERS, KafkaStreams, StreamsBuilder } from '@streamlab/kernel-helpers/streams';
import { brokerResults, offline, produceRecords, scratchTopics, sensorReadings, windowedCounts } from './support.js';

const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describe('KafkaStreams on the real broker', () => {
  it('emits the same final windowed counts as the test driver (exactly_once, 3 partitions)', async () => {
    const topics = await scratchTopics('streams-eq');
    const applicationId = `${topics.id}-app`;
    cleanups.push(() => topics.drop(applicationId));
    const records = sensorReadings(900);
    await produceRecords(topics.input, records);
    const topology = () => windowedCounts(topics.input, topics.tumbling, topics.sessions);
    const expectedTumbling = offline(topology, records, topics.input, topics.tumbling);
    const expectedSessions = offline(topology, records, topics.input, topics.sessions);

    const summary = await new KafkaStreams(topology(), { applicationId, guarantee: 'exactly_once' }).run({ untilIdleMs: 2000 });
    console.log(`[streams] eq run: ${summary.recordsIn} in, ${summary.lateRecords} late, ${summary.recordsOut} out, ${summary.commits} commits in ${summary.durationMs} ms`);

    expect(summary.recordsIn).toBe(records.length);
    expect(summary.lateRecords).toBeGreaterThan(0);
    expect(expectedTumbling.length).toBeGreaterThan(50);
    expect(await brokerResults(topics.tumbling, expectedTumbling.length)).toEqual(expectedTumbling);
    expect(await brokerResults(topics.sessions, expectedSessions.length)).toEqual(expectedSessions);
    console.log(`[streams] eq: ${expectedTumbling.length} tumbling and ${expectedSessions.length} session results identical to the test driver`);
  });

  for (const guarantee of ['at_least_once', 'exactly_once'] as const) {
    it(`restores state from the changelogs after a restart (${guarantee})`, async () => {
      const topics = await scratchTopics('streams-restart');
      const applicationId = `${topics.id}-app`;
      cleanups.push(() => topics.drop(applicationId));
      const records = sensorReadings(600, 6, 11);
      await produceRecords(topics.input, records);
      const topology = () => windowedCounts(topics.input, topics.tumbling, topics.sessions);

      const first = await new KafkaStreams(topology(), { applicationId, guarantee, commitEveryRecords: 50 }).run({ maxRecords: 250 });
      expect(first.stoppedBy).toBe('maxRecords');
      const changelog = await consume(`${applicationId}-tumbling-counts-changelog`, { max: 5000, timeoutMs: 3000 });
      expect(changelog.length).toBeGreaterThan(0);
      const second = await new KafkaStreams(topology(), { applicationId, guarantee }).run({ untilIdleMs: 2000 });
      console.log(`[streams] restart (${guarantee}): ${first.recordsIn} + ${second.recordsIn} records, changelog had ${changelog.length} entries`);

      expect(first.recordsIn + second.recordsIn).toBe(records.length);
      const expected = offline(topology, records, topics.input, topics.tumbling);
      expect(await brokerResults(topics.tumbling, expected.length)).toEqual(expected);
      expect(await brokerResults(topics.sessions, 1)).toEqual(offline(topology, records, topics.input, topics.sessions));
    });
  }

  it('sends poison records (invalid JSON, missing timestamp field) to <appId>-dlq with the error in headers, and keeps going', async () => {
    const topics = await scratchTopics('streams-dlq');
    const applicationId = `${topics.id}-app`;
    const output = `${topics.id}-out`;
    cleanups.push(() => topics.drop(applicationId, [output]));
    await produceRecords(topics.input, [
      { key: 'a', partition: 0, timestamp: 1, value: { ts: 1000, n: 1 } },
      { key: 'b', partition: 0, timestamp: 2, value: '{not json', raw: true },
      { key: 'c', partition: 1, timestamp: 3, value: { n: 3 } },
      { key: 'd', partition: 2, timestamp: 4, value: { ts: 4000, n: 4 } },
    ]);
    const builder = new StreamsBuilder();
    builder.stream<{ n: number }>(topics.input, { timestamp: 'ts' }).mapValues((value) => value.n * 10).to(output);

    const summary = await new KafkaStreams(builder.build(), { applicationId }).run({ untilIdleMs: 1500 });
    expect(summary).toMatchObject({ recordsIn: 2, deadLetters: 2, recordsOut: 2 });
    const outputs = await consume<number>(output, { max: 2, timeoutMs: 5000 });
    expect(outputs.map((record) => [record.key, record.value, record.timestamp]).sort()).toEqual([
      ['a', 10, 1000],
      ['d', 40, 4000],
    ]);
    const letters = await consume(`${applicationId}-dlq`, { max: 2, timeoutMs: 5000, deserialize: (value) => value?.toString('utf8') });
    const byKey = new Map(letters.map((letter) => [letter.key, letter]));
    expect(byKey.get('b')?.value).toBe('{not json');
    expect(byKey.get('b')?.headers[DEAD_LETTER_HEADERS.error]).toMatch(/^invalid JSON/);
    expect(byKey.get('c')?.headers[DEAD_LETTER_HEADERS.error]).toBe('timestamp extractor failed: field "ts" is missing');
    expect(byKey.get('c')?.headers).toMatchObject({ [DEAD_LETTER_HEADERS.topic]: topics.input, [DEAD_LETTER_HEADERS.partition]: '1', [DEAD_LETTER_HEADERS.offset]: '0' });
  });
});
