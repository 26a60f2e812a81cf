import { randomUUID } from 'node:crypto';
import { consume, createTopic, deleteTopic, describeTopic, type ConsumedRecord, type CreateTopicOptions } from '../kafka/index.js';

/** Runs `work` on a fresh topic named after the exercise, and deletes the topic afterwards. */
export async function withScratchTopic<T>(exercise: string, options: CreateTopicOptions, work: (topic: string) => Promise<T>): Promise<T> {
  const topic = `exercise-${exercise}-${randomUUID().slice(0, 8)}`;
  await createTopic(topic, options);
  try {
    return await work(topic);
  } finally {
    await deleteTopic(topic, options).catch(() => undefined);
  }
}

/** Every record stored in `topic` now (counted from its offsets first, so the read ends at once). */
export async function readAll<V = unknown>(topic: string): Promise<ConsumedRecord<V>[]> {
  const stored = (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  return stored ? consume<V>(topic, { max: stored, timeoutMs: 10_000 }) : [];
}
