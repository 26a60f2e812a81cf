import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { KafkaStreams, StreamsError } from '@streamlab/kernel-helpers/streams';
import type { CommitRequest, CommitStrategy } from '../../../kernel-helpers/src/streams/runtime/commit.js';
import { brokerResults, offline, produceRecords, scratchTopics, sensorReadings, windowedCounts } from './support.js';

// A commit that fails from the engine's view is the dangerous moment of exactly-once: the
// transaction may have been aborted, or may have gone through on the broker (the reply was lost:
// a leader or coordinator SIGKILLed mid-request). Both are made to happen here, on the real broker,
// by failing the third commit of the run on purpose, before or after the real one.

const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A retriable error as kafkajs reports a lost connection. */
function lostReply(): Error {
  return Object.assign(new Error('Connection error: connect ECONNREFUSED (injected by the test)'), { name: 'KafkaJSConnectionError', retriable: true });
}

describe('a commit that fails from the engine\'s view (exactly_once, 3 partitions)', () => {
  for (const when of ['before', 'after'] as const) {
    it(`results stay exact when the broker ${when === 'before' ? 'aborted' : 'committed'} the transaction`, async () => {
      const topics = await scratchTopics(`commit-fail-${when}`);
      const applicationId = `${topics.id}-app`;
      cleanups.push(() => topics.drop(applicationId));
      const records = sensorReadings(1200);
      await produceRecords(topics.input, records);
      const topology = () => windowedCounts(topics.input, topics.tumbling, topics.sessions);
      const expectedTumbling = offline(topology, records, topics.input, topics.tumbling);
      const expectedSessions = offline(topology, records, topics.input, topics.sessions);

      let attempts = 0;
      let injected = 0;
      const streams: KafkaStreams = new KafkaStreams(topology(), {
        applicationId,
        guarantee: 'exactly_once',
        commitEveryRecords: 100,
        onCommitStep: (step) => {
          if (step !== 'outputs-sent' || attempts > 0) return;
          // The first commit wraps the strategy: its third call fails, before or after the real commit.
          const commits = (streams as unknown as { connection: { commits: CommitStrategy } }).connection.commits;
          const commit = commits.commit.bind(commits);
          commits.commit = async (request: CommitRequest) => {
            attempts++;
            if (attempts !== 3) return commit(request);
            injected++;
            if (when === 'before') throw lostReply();
            await commit(request);
            throw lostReply();
          };
        },
      });
      const summary = await streams.run({ untilIdleMs: 2500 });
      console.log(`[commit failure ${when}] ${summary.recordsIn} records in for ${records.length}, ${summary.commits} commits, ${injected} failure injected`);

      expect(injected).toBe(1);
      expect(summary.failuresRetried).toBeGreaterThanOrEqual(1);
      expect(summary.stoppedBy).toBe('idle');
      // The failed commit's records are read again only when the broker aborted them.
      if (when === 'after') expect(summary.recordsIn).toBe(records.length);
      else expect(summary.recordsIn).toBeGreaterThan(records.length);
      expect(await brokerResults(topics.tumbling, expectedTumbling.length)).toEqual(expectedTumbling);
      expect(await brokerResults(topics.sessions, expectedSessions.length)).toEqual(expectedSessions);
    });
  }

  it('a commit failing for good ends run() with one StreamsError after 30 s of retries', async () => {
    const topics = await scratchTopics('commit-fail-always');
    const applicationId = `${topics.id}-app`;
    cleanups.push(() => topics.drop(applicationId));
    await produceRecords(topics.input, sensorReadings(300));
    let attempts = 0;
    const streams = new KafkaStreams(windowedCounts(topics.input, topics.tumbling, topics.sessions), {
      applicationId,
      guarantee: 'exactly_once',
      onCommitStep: (step) => {
        if (step !== 'outputs-sent') return;
        attempts++;
        throw lostReply();
      },
    });
    const started = Date.now();
    const error = await streams.run({ untilIdleMs: 2000, timeoutMs: 90_000 }).then(() => undefined, (failure: unknown) => failure);
    const seconds = (Date.now() - started) / 1000;
    console.log(`[commit failure always] run() failed after ${seconds.toFixed(1)} s and ${attempts} attempts: ${String(error)}`);

    expect(error).toBeInstanceOf(StreamsError);
    expect((error as StreamsError).message).toMatch(/kept failing for 30 s: Connection error: connect ECONNREFUSED \(injected by the test\)/);
    expect((error as StreamsError).retriable).toBe(true);
    expect(attempts).toBeGreaterThan(3);
    expect(seconds).toBeGreaterThanOrEqual(30);
    expect(seconds).toBeLessThan(60);
    expect(streams.state).toBe('failed');
  }, 120_000);
});

