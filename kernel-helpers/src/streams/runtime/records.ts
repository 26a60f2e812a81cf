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

/** Bytes per produce request at most: well under the broker's 1 MB per partition batch. */
const MAX_REQUEST_BYTES = 512 * 1024;
/** Records per produce request at most: kafkajs groups a request's records by partition in time quadratic in their number. */
const MAX_REQUEST_RECORDS = 1000;

/** Splits messages into produce requests of at most MAX_REQUEST_BYTES (estimated from key and value lengths) and MAX_REQUEST_RECORDS. */
export function chunkBySize(topicMessages: TopicMessages[]): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let chunk: TopicMessages[] = [];
  let bytes = 0;
  let records = 0;
  for (const { topic, messages } of topicMessages) {
    let current: Message[] = [];
    chunk.push({ topic, messages: current });
    for (const message of messages) {
      const size = 70 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
      if ((bytes + size > MAX_REQUEST_BYTES || records >= MAX_REQUEST_RECORDS) && records > 0) {
        chunks.push(chunk);
        current = [];
        chunk = [{ topic, messages: current }];
        bytes = 0;
        records = 0;
      }
      current.push(message);
      bytes += size;
      records++;
    }
  }
  const nonEmpty = chunk.filter((entry) => entry.messages.length > 0);
  if (nonEmpty.length) chunks.push(nonEmpty);
  return chunks.map((entries) => entries.filter((entry) => entry.messages.length > 0));
}
