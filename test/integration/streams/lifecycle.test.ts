import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteGroups } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { KafkaStreams, type StreamsState } from '@streamlab/kernel-helpers/streams';
import { waitUntil } from '../../../kernel-helpers/src/wait';
import { produceRecords, scratchTopics, sensorReadings, windowedCounts } from './support.js';

const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as { port: number };
  await new Promise((resolveClose) => server.close(resolveClose));
  return port;
}

describe('KafkaStreams lifecycle: one state, a bounded stop', () => {
  it('goes created → starting → running → stopping → stopped, and stop() returns within its bound', async () => {
    const topics = await scratchTopics('streams-lifecycle');
    const applicationId = `${topics.id}-app`;
    cleanups.push(async () => {
      await topics.drop(applicationId);
      await deleteGroups([applicationId]).catch(() => undefined);
    });
    await produceRecords(topics.input, sensorReadings(300, 6, 3));
    const streams = new KafkaStreams(windowedCounts(topics.input, topics.tumbling, topics.sessions), { applicationId, guarantee: 'exactly_once' });
    const seen: StreamsState[] = [streams.state];
    const starting = streams.start();
    seen.push(streams.state);
    await expect(streams.start()).rejects.toThrow('this KafkaStreams is starting');
    // start() returns once the consumer has joined the group.
    await starting;
    seen.push(streams.state);
    await waitUntil(async () => streams.metrics().recordsIn === 300, { what: 'all 300 records processed', timeoutMs: 60_000, hint: 'see the runtime', intervalMs: 100 });
    const stopping = streams.stop({ timeoutMs: 5000 });
    seen.push(streams.state);
    const started = Date.now();
    await stopping;
    seen.push(streams.state);
    expect(seen).toEqual(['created', 'starting', 'running', 'stopping', 'stopped']);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(streams.metrics().commits).toBeGreaterThan(0);
  });

  it('fails to start against a port nobody listens on: one BrokerUnreachableError, state failed, stop() returns at once', async () => {
    const port = await closedPort();
    const streams = new KafkaStreams(windowedCounts('in', 'out-a', 'out-b'), { applicationId: 'streams-lifecycle-nowhere', bootstrap: `127.0.0.1:${port}` });
    await expect(streams.start()).rejects.toThrow(expect.objectContaining({ name: 'BrokerUnreachableError', message: `no Kafka broker answers at 127.0.0.1:${port}` }));
    expect(streams.state).toBe('failed');
    const started = Date.now();
    await streams.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(streams.state).toBe('failed');
  }, 60_000);
});
