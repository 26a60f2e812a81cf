import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin, Kafka } from 'kafkajs';
import { createTopic, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { createKafka } from '../../../kernel-helpers/src/kafka/client';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { StreamsBuilder } from '@streamlab/kernel-helpers/streams';
import { StreamTask } from '../../../kernel-helpers/src/streams/internals/task';
import { restoreTask } from '../../../kernel-helpers/src/streams/runtime/restore';

const id = `streams-restore-${randomUUID().slice(0, 8)}`;
const changelog = `${id}-counts-changelog`;
const changelogTopic = (store: string) => `${id}-${store}-changelog`;
let client: Kafka;
let admin: Admin;

/** A running count per key: its one store, `counts`, is what the changelog restores. */
function countsTask(partition: number): StreamTask {
  const builder = new StreamsBuilder();
  builder.stream(`${id}-input`).groupByKey().count({ name: 'counts' }).toStream().to(`${id}-output`);
  return new StreamTask(builder.build(), partition, { trackChanges: true });
}

beforeAll(async () => {
  const info = await ensure({ services: ['kafka'] });
  client = createKafka(info.kafka.bootstrap);
  admin = client.admin();
  await admin.connect();
  await createTopic(changelog, { partitions: 3, config: { 'cleanup.policy': 'compact' } });
  const producer = client.producer();
  await producer.connect();
  // Partition p holds keys p<p>-k0..k<9+p>: each task's state is told apart by its keys.
  for (let partition = 0; partition < 3; partition++) {
    const messages = Array.from({ length: 10 + partition }, (_, index) => ({ key: `p${partition}-k${index}`, value: JSON.stringify(index + 1), partition }));
    await producer.send({ topic: changelog, acks: -1, messages });
  }
  await producer.disconnect();
});

afterAll(async () => {
  await admin?.disconnect();
  await deleteTopic(changelog).catch(() => undefined);
});

describe('restoring a task reads only its own changelog partition', () => {
  it('fetches partition 1 of the changelog and nothing else, and loads exactly its keys', async () => {
    const task = countsTask(1);
    const result = await restoreTask(client, admin, task, changelogTopic, id);
    expect(result.partitionsRead).toEqual([`${changelog}:1`]);
    expect(result.entries).toBe(11);
    const keys = [...task.stores.get('counts')!.snapshot().keys()].sort();
    expect(keys).toEqual(Array.from({ length: 11 }, (_, index) => `p1-k${index}`).sort());
  });

  it('ends with the abort reason when aborted mid-restore (a failed heartbeat, a stop)', async () => {
    const task = countsTask(2);
    const aborted = new AbortController();
    // The store tells when the first changelog entry arrives: abort right then.
    const store = task.stores.get('counts')!;
    const restoreEntry = store.restore.bind(store);
    store.restore = (key, value) => {
      aborted.abort(new Error('heartbeat failed: rebalance in progress'));
      restoreEntry(key, value);
    };
    await expect(restoreTask(client, admin, task, changelogTopic, id, aborted.signal)).rejects.toThrow('heartbeat failed: rebalance in progress');
    await expect(restoreTask(client, admin, countsTask(2), changelogTopic, id, aborted.signal)).rejects.toThrow('heartbeat failed: rebalance in progress');
  });
});
