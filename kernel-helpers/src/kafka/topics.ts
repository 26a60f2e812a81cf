import type { Kafka, PartitionMetadata } from 'kafkajs';
import { StreamlabError } from '../errors.js';
import { bootstrapOf, kafkaClient, type ClusterTarget } from './client.js';
import { forgetSharedProducers } from './shared-producer.js';
import { withAdmin } from './connection.js';
import { waitUntil } from '../wait.js';

/** The topic does not exist on the cluster (yet: retriable, as kafkajs's UNKNOWN_TOPIC_OR_PARTITION is). */
export class TopicNotFoundError extends StreamlabError {
  static override readonly retriable = true;
}

/** Partition metadata of `topic`; a TopicNotFoundError (with the fix) when there is no such topic. */
export async function topicPartitions(client: Kafka, topic: string): Promise<PartitionMetadata[]> {
  return withAdmin(client, async (admin) => {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) throw topicNotFound(topic, existing);
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    return metadata.topics[0].partitions;
  });
}

/** Topics seen to exist, per client: checked once, forgotten when this process changes topics or a send fails. */
const existing = new WeakMap<Kafka, Set<string>>();

/** Fails with TopicNotFoundError unless `topic` exists; asks the broker only the first time per client. */
export async function knownTopic(client: Kafka, topic: string): Promise<void> {
  let known = existing.get(client);
  if (known?.has(topic)) return;
  await topicPartitions(client, topic);
  if (!known) existing.set(client, (known = new Set()));
  known.add(topic);
}

/** Forgets that `topic` exists (it was deleted, recreated, or a send to it failed). */
export function forgetTopic(client: Kafka, topic: string): void {
  existing.get(client)?.delete(topic);
  forgetSharedProducers(bootstrapOf(client));
}

/** The error for a missing `topic`, suggesting similar names among `existing`. */
export function topicNotFound(topic: string, existing: string[]): TopicNotFoundError {
  const similar = existing.filter((name) => !name.startsWith('_') && name.toLowerCase().includes(topic.toLowerCase().slice(0, 4)));
  return new TopicNotFoundError(`topic "${topic}" does not exist`, {
    hint: `create it with createTopic("${topic}", { partitions: 3 })${similar.length ? `, or did you mean ${similar.slice(0, 3).map((name) => `"${name}"`).join(', ')}?` : ''}`,
  });
}

export interface CreateTopicOptions extends ClusterTarget {
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
  const client = await kafkaClient(options);
  forgetTopic(client, topic);
  return withAdmin(client, (admin) =>
    createTopics(admin, topic, options).catch((error: unknown) => {
      throw topicRefused(topic, options, error);
    }),
  );
}

/** The broker refused to create a topic (a wrong config, an invalid name): not retriable, with the broker's reason. */
export class TopicConfigError extends StreamlabError {}

/** kafkajs reports a refused creation as an aggregate of per-topic errors: one line with their reasons. */
function topicRefused(topic: string, options: CreateTopicOptions, error: unknown): unknown {
  const errors = (error as { errors?: Array<{ message?: string; type?: string }> }).errors;
  if (!Array.isArray(errors)) return error;
  const reasons = errors.map((entry) => `${entry.message ?? 'refused'}${entry.type ? ` (${entry.type})` : ''}`).join('; ');
  const config = Object.entries(options.config ?? {}).map(([name, value]) => `${name}=${value}`).join(', ');
  return new TopicConfigError(`the broker refused to create topic "${topic}": ${reasons}`, {
    hint: `check the partitions (${options.partitions ?? 1}), replication factor and config${config ? ` (${config})` : ''}; see https://kafka.apache.org/documentation/#topicconfigs`,
    cause: error,
  });
}

function createTopics(admin: Parameters<Parameters<typeof withAdmin>[1]>[0], topic: string, options: CreateTopicOptions): Promise<boolean> {
  return admin.createTopics({
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
}

/** Deletes `topic` if it exists; returns whether it did. */
export async function deleteTopic(topic: string, target: ClusterTarget = {}): Promise<boolean> {
  const client = await kafkaClient(target);
  forgetTopic(client, topic);
  return withAdmin(client, async (admin) => {
    if (!(await admin.listTopics()).includes(topic)) return false;
    await admin.deleteTopics({ topics: [topic], timeout: 10_000 });
    return true;
  });
}

/** Deletes and recreates `topic` empty, with the given options: a clean slate for a re-run cell. */
export async function resetTopic(topic: string, options: CreateTopicOptions = {}): Promise<void> {
  await deleteTopic(topic, options);
  // Deletion completes asynchronously on the broker; until then creation reports "already exists".
  await waitUntil(() => createTopic(topic, options), {
    what: `topic "${topic}" to be recreated`,
    timeoutMs: 30_000,
    intervalMs: 200,
    hint: 'check the broker log: npm run stack:logs -- kafka',
  });
}

/**
 * Deletes every record before `offset` in each listed partition: the log start offset moves
 * forward, exactly what retention does when it drops old segments (but now, on demand).
 */
export async function deleteRecordsBefore(topic: string, offsets: Array<{ partition: number; offset: number }>, target: ClusterTarget = {}): Promise<void> {
  await withAdmin(await kafkaClient(target), async (admin) => {
    // kafkajs looks the partition leaders up in metadata it must have loaded for this topic.
    await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.deleteTopicRecords({ topic, partitions: offsets.map(({ partition, offset }) => ({ partition, offset: String(offset) })) });
  });
}

/**
 * Deletes every topic whose name starts with `prefix` (an application's inputs, outputs, changelogs
 * and repartition topics) and waits until the names are no longer listed. Returns the topics deleted.
 * Recreate a name with `resetTopic`, which retries while the broker finishes the deletion.
 */
export async function deleteTopicsWithPrefix(prefix: string, target: ClusterTarget = {}): Promise<string[]> {
  if (!prefix) throw new StreamlabError('deleteTopicsWithPrefix needs a non-empty prefix', { hint: 'pass the prefix your topics share, e.g. "lesson-04-"' });
  const client = await kafkaClient(target);
  return withAdmin(client, async (admin) => {
    const topics = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (!topics.length) return [];
    for (const topic of topics) forgetTopic(client, topic);
    await admin.deleteTopics({ topics, timeout: 15_000 });
    // Deletion finishes in the background: wait until no name with the prefix is listed.
    await waitUntil(async () => !(await admin.listTopics()).some((topic) => topic.startsWith(prefix)), {
      what: `topics ${prefix}* to be deleted`,
      timeoutMs: 30_000,
      intervalMs: 200,
      hint: 'check the broker log: npm run stack:logs -- kafka',
    });
    return topics;
  });
}
