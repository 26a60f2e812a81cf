import { mkdirSync } from 'node:fs';
import type { Producer } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { compareWindowedCounts, crashTestTopology, expectedWindowedCounts } from '@streamlab/kernel-helpers/crash-lab';
import { consume, createTopic, describeTopic, groupLag, produce } from '@streamlab/kernel-helpers/kafka';
import { createKafka } from '../../kernel-helpers/src/kafka/client';
import { KafkaStreams, type RunSummary, type WindowedCount } from '@streamlab/kernel-helpers/streams';
import { downNative, stopKafkaNode, upNative } from '../../kernel-helpers/src/stack/native';
import { readState } from '../../kernel-helpers/src/stack/state';
import { waitUntil } from '../../kernel-helpers/src/wait';
import { reliabilityHome } from './support/homes';
import { sensorReadings } from './support/readings';
import { tally } from './support/tally';

/**
 * Brokers killed on purpose, so never the shared stack: each test starts a private Kafka-only
 * stack under build/reliability-stacks/ (see support/homes.ts) and wipes it afterwards.
 */
const homes: string[] = [];

async function privateKafka(name: string, brokers: number): Promise<{ home: string; bootstrap: string }> {
  const home = reliabilityHome(name);
  mkdirSync(home, { recursive: true });
  homes.push(home);
  await upNative({ home, brokers, services: ['kafka'] });
  return { home, bootstrap: readState(home)!.kafka.map((node) => `127.0.0.1:${node.clientPort}`).join(',') };
}

afterAll(async () => {
  for (const home of homes) await downNative({ home, wipe: true });
}, 120_000);

describe('the broker SIGKILLed and restarted under an idempotent producer', () => {
  it('100,000 records: every sequence number read back exactly once', async () => {
    const { home, bootstrap } = await privateKafka('broker-kill', 1);
    const topic = 'broker-kill-sequence';
    await createTopic(topic, { partitions: 3, bootstrap });
    const TOTAL = 100_000;
    const BATCH = 1000;
    // kafkajs's idempotent producer (one request in flight, as idempotence needs), retrying through
    // the outage like the Java client's delivery.timeout.ms: the same producer id and sequence numbers
    // are sent again, so the broker drops what it had already written.
    const client = createKafka(bootstrap, { retry: { retries: 12, initialRetryTime: 300, maxRetryTime: 3000 } });
    const producer: Producer = client.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    let sendsFailed = 0;
    let killedAt = -1;
    let restarted: Promise<unknown> | undefined;
    try {
      for (let first = 0; first < TOTAL; first += BATCH) {
        if (first === 30_000) {
          // Mid-stream: SIGKILL the only broker, start it again without waiting, and keep sending.
          killedAt = first;
          await stopKafkaNode(1, { home, crash: true });
          restarted = upNative({ home, services: ['kafka'] });
        }
        const messages = Array.from({ length: BATCH }, (_, index) => ({ key: `k${(first + index) % 97}`, value: String(first + index) }));
        // A send that runs out of kafkajs's retries goes again through the same producer: its sequence
        // numbers were rolled back, so anything the broker already has is recognised as a duplicate.
        for (let attempt = 1; ; attempt++) {
          try {
            await producer.send({ topic, messages, acks: -1 });
            break;
          } catch (error) {
            sendsFailed += 1;
            if (attempt === 5) throw error;
          }
        }
      }
    } finally {
      await producer.disconnect();
    }
    await restarted;

    const read = await consume<number>(topic, { max: TOTAL, timeoutMs: 60_000, bootstrap });
    const seen = new Uint8Array(TOTAL);
    let outOfRange = 0;
    for (const record of read) {
      const sequence = Number(record.value);
      if (Number.isInteger(sequence) && sequence >= 0 && sequence < TOTAL) seen[sequence] += 1;
      else outOfRange += 1;
    }
    const stored = (await describeTopic(topic, { bootstrap })).partitions.reduce((sum, partition) => sum + partition.end - partition.start, 0);
    const lost = seen.filter((times) => times === 0).length;
    // Records beyond the first of each sequence number, in what was read and in what the topic stores.
    const duplicated = Math.max(read.length - (TOTAL - lost), stored - TOTAL, 0);
    console.log(`[broker SIGKILL] killed at record ${killedAt}, sends that ran out of retries ${sendsFailed}; read ${read.length}, stored ${stored}, lost ${lost}, duplicated ${duplicated}`);
    tally('broker SIGKILLed under an idempotent producer', { faultsSurvived: 1, recordsSent: TOTAL, recordsLost: lost, recordsDuplicated: duplicated });
    expect(killedAt).toBe(30_000);
    expect(outOfRange).toBe(0);
    expect(lost).toBe(0);
    expect(seen.every((times) => times === 1)).toBe(true);
    expect(stored).toBe(TOTAL);
    await downNative({ home, wipe: true });
  }, 300_000);
});

describe('a 3-node cluster loses a partition leader under the engine (exactly_once, RF 3, min.insync.replicas 2)', () => {
  it('the final windows still equal the offline computation', async () => {
    const startedAt = Date.now();
    const { home, bootstrap } = await privateKafka('leader-loss', 3);
    const clusterMs = Date.now() - startedAt;
    const applicationId = 'leader-loss';
    const input = `${applicationId}-input`;
    const output = `${applicationId}-output`;
    const PARTITIONS = 3;
    // On a cluster that has just started, kafkajs's wait for the new topic's leaders can ask a node that
    // has not heard of the topic yet (UNKNOWN_TOPIC_OR_PARTITION, retriable): the topic exists, ask again.
    const replicated = (topic: string, partitions: number) =>
      waitUntil(async () => (await createTopic(topic, { partitions, replicationFactor: 3, config: { 'min.insync.replicas': '2' }, bootstrap }), true), {
        what: `topic "${topic}" to be created on the 3 nodes`,
        timeoutMs: 60_000,
        hint: `read the nodes' logs in ${home}/logs`,
      });
    await replicated(input, PARTITIONS);
    await replicated(output, 1);
    const records = sensorReadings(12_000, 11);
    const delivered = await produce(input, records, { bootstrap });
    const expected = expectedWindowedCounts(records, delivered.map((report) => report.partition), input, output, PARTITIONS);

    // The engine's internal topics (changelogs, the suppress buffer) take the cluster's defaults: RF 3, min ISR 2.
    const engine = () => new KafkaStreams(crashTestTopology(input, output), { applicationId, guarantee: 'exactly_once', bootstrap, commitEveryRecords: 200 });
    // Idle for 12 s ends a run: longer than the other partitions go quiet while partition 0 fails over.
    // Settled at once into a value, so a failure is handled below, not reported as an unhandled rejection.
    const run = (streams: KafkaStreams) =>
      streams.run({ untilIdleMs: 12_000, timeoutMs: 240_000 }).then(
        (summary): { summary: RunSummary } | { error: unknown } => ({ summary }),
        (error: unknown) => ({ error }),
      );
    const streams = engine();
    const running = run(streams);
    const before = await describeTopic(input, { bootstrap });
    const victim = before.partitions[0].leader;
    // Wait until the engine is well into the input, then SIGKILL the leader of input partition 0.
    const killedAfter = await waitUntil(async () => streams.metrics().recordsIn >= 3000 && streams.metrics().recordsIn, {
      what: 'the engine to read 3,000 records',
      timeoutMs: 120_000,
      hint: 'is the engine running? see its errors above',
      intervalMs: 20,
    });
    await stopKafkaNode(victim, { home, crash: true });
    // The engine's kafkajs clients retry for ~1.5 s, and the controller takes up to the broker session
    // timeout (9 s) to fence the dead node: the engine must ride that out by itself (its batches and
    // commits fail and are retried for up to RETRY_BOUND_MS), with no restart from outside.
    const outcome = await running;
    if ('error' in outcome) throw new Error(`the engine failed after node ${victim} was SIGKILLed: ${String(outcome.error)}`, { cause: outcome.error });
    const { summary } = outcome;
    // The test's own reads go to the two nodes left (the engine was given all three, as an application would be).
    const survivors = readState(home)!.kafka.filter((node) => node.id !== victim).map((node) => `127.0.0.1:${node.clientPort}`).join(',');
    const after = await describeTopic(input, { bootstrap: survivors });
    const lag = await groupLag(applicationId, input, { bootstrap: survivors });

    const emitted = (await consume<WindowedCount>(output, { max: expected.length * 3 + 100, timeoutMs: 6000, bootstrap: survivors })).map((record) => record.value);
    const comparison = compareWindowedCounts(expected, emitted);
    // Where results differ: per input partition, windows missing, too low and too high (the killed leader led partition 0).
    const partitionOfKey = new Map(records.map((record, index) => [record.key, delivered[index].partition]));
    const got = new Map(emitted.map((result) => [`${result.key}@${result.windowStart}`, result.count]));
    const differences = expected
      .filter((result) => got.get(`${result.key}@${result.windowStart}`) !== result.count)
      .map((result) => `p${partitionOfKey.get(result.key)} ${result.key}@${new Date(result.windowStart).toISOString().slice(11, 19)} ${got.get(`${result.key}@${result.windowStart}`) ?? 'missing'}/${result.count}`);
    if (differences.length) console.log(`[leader loss] windows that differ (partition key@start got/expected): ${differences.slice(0, 40).join(', ')}`);
    console.log(
      `[leader loss] node ${victim} (leader of ${input}/0) SIGKILLed after ${killedAfter} records; new leader ${after.partitions[0].leader}, ISR ${after.partitions[0].isr.join(',')}; ` +
        `engine not restarted; run: ${summary.recordsIn} records in, ${summary.failuresRetried} failures retried, ${summary.commits} commits, ${(summary.durationMs / 1000).toFixed(0)} s, stopped by ${summary.stoppedBy} (cluster started in ${(clusterMs / 1000).toFixed(0)} s); windows expected ${comparison.expectedWindows}, ` +
        `exact ${comparison.exact}, missing ${comparison.missing}, emitted twice ${comparison.duplicated}, records lost ${comparison.recordsLost}, counted twice ${comparison.recordsDuplicated}`,
    );
    tally('partition leader SIGKILLed under the engine (3 nodes, exactly_once, no restart)', {
      faultsSurvived: 1,
      recordsSent: records.length,
      recordsLost: comparison.recordsLost,
      recordsDuplicated: comparison.recordsDuplicated + comparison.duplicated,
    });
    expect(after.partitions[0].leader).not.toBe(victim);
    expect(after.partitions[0].leader).toBeGreaterThan(0);
    expect(lag.every((partition) => partition.lag === 0)).toBe(true);
    expect(comparison).toMatchObject({ missing: 0, duplicated: 0, countTooHigh: 0, countTooLow: 0, unexpected: 0, recordsLost: 0, recordsDuplicated: 0 });
    expect(comparison.exact).toBe(comparison.expectedWindows);
    expect(comparison.expectedWindows).toBeGreaterThan(500);
    expect(summary.stoppedBy).toBe('idle');
    await downNative({ home, wipe: true });
  }, 420_000);
});
