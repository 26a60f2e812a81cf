import type { Kafka, PartitionMetadata } from 'kafkajs';
import { StreamlabError } from '../errors.js';
import { kafka } from './client.js';

/** The topic does not exist on the cluster. */
export class TopicNotFoundError extends StreamlabError {}

/** Partition metadata of `topic`; a TopicNotFoundError (with the fix) when there is no such topic. */
export async function topicPartitions(client: Kafka, topic: string): Promise<PartitionMetadata[]> {
  const admin = client.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) {
      const similar = existing.filter((name) => !name.startsWith('_') && name.toLowerCase().includes(topic.toLowerCase().slice(0, 4)));
      throw new TopicNotFoundError(`topic "${topic}" does not exist`, {
        hint: `create it with createTopic("${topic}", { partitions: 3 })${similar.length ? `, or did you mean ${similar.slice(0, 3).map((name) => `"${name}"`).join(', ')}?` : ''}`,
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0].partitions;
  } finally {
    await admin.disconnect();
  }
}

export interface CreateTopicOptions {
  /** Default 1. */
  partitions?: number;
  /** Default: the cluster's default (1 on one node, 3 on three). */
  replicationFactor?: number;
  /** Topic configs, e.g. `{ 'cleanup.policy': 'compact', 'retention.ms': '60000' }`. */
  config?: Record<string, string>;
}

/**
 * Creates `topic` and waits until every partition has a leader. Returns false when the topic
 * already existed (its settings are left as they are).
 */
export async function createTopic(topic: string, options: CreateTopicOptions = {}): Promise<boolean> {
  const admin = (await kafka()).admin();
  await admin.connect();
  try {
    return await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic,
          numPartitions: options.partitions ?? 1,
          replicationFactor: options.replicationFactor ?? -1,
          configEntries: Object.entries(options.config ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Deletes `topic` if it exists; returns whether it did. */
export async function deleteTopic(topic: string): Promise<boolean> {
  const admin = (await kafka()).admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return false;
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
    return true;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes and recreates `topic` empty, with the given options: a clean slate for a re-run cell. */
export async function resetTopic(topic: string, options: CreateTopicOptions = {}): Promise<void> {
  await deleteTopic(topic);
  // Deletion completes asynchronously on the broker; until then creation reports "already exists".
  const deadline = Date.now() + 30_000;
  while (!(await createTopic(topic, options).catch(() => false))) {
    if (Date.now() > deadline) {
      throw new StreamlabError(`topic "${topic}" could not be recreated within 30 s`, { hint: 'check the broker log: npm run stack:logs -- kafka' });
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 200));
  }
}
