import type { KafkaMessage, Message, TopicMessages } from 'kafkajs';
import { PoisonRecordError, type StreamTask } from '../internals/task.js';
import type { InternalTopics } from './topics.js';

/** Record headers on a dead letter. */
export const DEAD_LETTER_HEADERS = { error: 'streamlab.error', topic: 'streamlab.source.topic', partition: 'streamlab.source.partition', offset: 'streamlab.source.offset' } as const;

/** A message value as JSON; a PoisonRecordError when it is not JSON. */
export function decodeJson(value: Buffer | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new PoisonRecordError(`invalid JSON: ${(error as Error).message}`);
  }
}

/** The dead letter of `message` (read from `topic`/`partition`): the record as it came, with why it failed in headers. */
export function deadLetter(message: KafkaMessage, topic: string, partition: number, problem: string): Message {
  return {
    key: message.key,
    value: message.value,
    timestamp: message.timestamp,
    headers: {
      [DEAD_LETTER_HEADERS.error]: problem,
      [DEAD_LETTER_HEADERS.topic]: topic,
      [DEAD_LETTER_HEADERS.partition]: String(partition),
      [DEAD_LETTER_HEADERS.offset]: message.offset,
    },
  };
}

/**
 * What one commit of `task` writes, per topic: its outputs and repartition records (JSON values), its stores' changes
 * (one record per changed key, to the changelog partition equal to the task's) and `deadLetters`.
 */
export function commitMessages(task: StreamTask, names: InternalTopics, deadLetters: Message[]): TopicMessages[] {
  const { changelogTopic, deadLetterTopic, repartition } = names;
  const byTopic = new Map<string, Message[]>();
  const add = (topic: string, message: Message) => {
    let messages = byTopic.get(topic);
    if (!messages) byTopic.set(topic, (messages = []));
    messages.push(message);
  };
  for (const record of task.takeOutput()) {
    add(repartition.toBroker(record.topic), { key: record.key, value: JSON.stringify(record.value), timestamp: String(record.timestamp) });
  }
  for (const store of task.stores.values()) {
    for (const [key, value] of store.takeChanges()) {
      add(changelogTopic(store.name), { key, value: value === null ? null : JSON.stringify(value), partition: task.partition });
    }
  }
  for (const letter of deadLetters) add(deadLetterTopic, letter);
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

/** Bytes per topic in one produce request at most: well under the broker's 1 MB per partition batch. */
const MAX_TOPIC_BYTES = 512 * 1024;
/** Records per topic in one produce request at most: kafkajs groups a topic's records by partition in time quadratic in their number. */
const MAX_TOPIC_RECORDS = 1000;
/** Bytes per produce request at most, all topics together. */
const MAX_REQUEST_BYTES = 2 * 1024 * 1024;

/**
 * Splits messages into produce requests. The limits that matter are per topic (the broker's batch
 * size, kafkajs's grouping cost), so a request carries up to MAX_TOPIC_RECORDS and MAX_TOPIC_BYTES
 * (sizes estimated from key and value lengths) of each topic, MAX_REQUEST_BYTES in all: a commit's
 * outputs and changelog writes share requests instead of waiting for one round trip each. Every
 * record once, each topic's records in order.
 */
export function chunkBySize(topicMessages: TopicMessages[]): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let chunk: TopicMessages[] = [];
  let chunkBytes = 0;
  let chunkRecords = 0;
  const close = (): void => {
    chunks.push(chunk.filter((entry) => entry.messages.length > 0));
    chunk = [];
    chunkBytes = 0;
    chunkRecords = 0;
  };
  for (const { topic, messages } of topicMessages) {
    let current: Message[] = [];
    let topicBytes = 0;
    chunk.push({ topic, messages: current });
    for (const message of messages) {
      const size = 70 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
      if ((topicBytes + size > MAX_TOPIC_BYTES || current.length >= MAX_TOPIC_RECORDS || chunkBytes + size > MAX_REQUEST_BYTES) && chunkRecords > 0) {
        close();
        current = [];
        topicBytes = 0;
        chunk.push({ topic, messages: current });
      }
      current.push(message);
      topicBytes += size;
      chunkBytes += size;
      chunkRecords++;
    }
  }
  if (chunkRecords > 0) close();
  return chunks;
}
