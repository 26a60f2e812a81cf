import { randomUUID } from 'node:crypto';
import type { IHeaders, KafkaMessage } from 'kafkajs';
import { kafkaClient, type ClusterTarget } from './client.js';
import { BrokerUnreachableError, connectTo, lostBroker, restartUnlessGone } from './connection.js';
import { decodeJson, DeserializationError } from './serialization.js';
import { knownTopic, topicPartitions } from './topics.js';
import { waitUntil } from '../wait.js';

/** One consumed record, value decoded (JSON by default). */
export interface ConsumedRecord<V = unknown> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: V;
  /** Record timestamp, ms since the epoch. */
  timestamp: number;
  /** Header values as text, in a null-prototype object (header names are Kafka-controlled); read-only: records without headers share one frozen object. */
  headers: Record<string, string>;
  /** Why the value is not what the default JSON decoder expected (not JSON, not UTF-8); absent when it decoded cleanly. */
  problem?: string;
}

export interface ConsumeOptions<V = unknown> extends ClusterTarget {
  /** Stop after this many records. Default 100. */
  max?: number;
  /** Stop after this long even if fewer records came. Default 10 000 ms. */
  timeoutMs?: number;
  /** Start at the earliest offset when the group has no committed offset (default true). */
  fromBeginning?: boolean;
  /** Consumer group; default a fresh one-off group, so every call reads independently. */
  groupId?: string;
  /**
   * Wait (within `timeoutMs`) for a topic that does not exist yet instead of failing at once:
   * Debezium and other producers create their topics on the first record.
   */
  waitForTopic?: boolean;
  /**
   * Custom value decoder; default JSON (text when not JSON, with the reason in `record.problem`).
   * When it throws, `consume` fails with a DeserializationError naming the record (topic/partition@offset).
   */
  deserialize?: (value: Buffer | null) => V;
}

/**
 * Reads up to `max` records from `topic` and returns them. Always ends: at `max` records or after
 * `timeoutMs`. Offsets are committed for `groupId`, so a named group resumes where it stopped.
 */
export async function consume<V = unknown>(topic: string, options: ConsumeOptions<V> = {}): Promise<ConsumedRecord<V>[]> {
  const max = options.max ?? 100;
  const client = await kafkaClient(options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (options.waitForTopic) {
    // Asked of the broker each time, not of the cache: a topic this kernel saw may have been deleted since.
    await waitUntil(async () => (await topicPartitions(client, topic), true), { what: `topic "${topic}" to be created`, timeoutMs, hint: 'is its producer (connector, job) running?', rethrow: BrokerUnreachableError });
  } else {
    await knownTopic(client, topic);
  }
  const decode = options.deserialize;
  // A short fetch wait: disconnecting waits for the fetch in flight, so this bounds how long consume lingers after its last record.
  const consumer = client.consumer({ groupId: options.groupId ?? `streamlab-consume-${randomUUID()}`, allowAutoTopicCreation: false, maxWaitTimeInMs: 500, retry: restartUnlessGone(client) });
  const records: ConsumedRecord<V>[] = [];
  await connectTo(consumer, client);
  try {
    await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
    await new Promise<void>((resolveDone, reject) => {
      const timer = setTimeout(resolveDone, timeoutMs);
      // The broker went away mid-read: one error now, not kafkajs restarting until the timeout.
      consumer.on(consumer.events.CRASH, ({ payload }) => {
        if (payload.restart) return;
        clearTimeout(timer);
        reject(lostBroker(client, topic, payload.error));
      });
      consumer
        .run({
          autoCommit: false,
          // Whole batches, not one awaited call per message: kafkajs's per-message bookkeeping was most of the read's cost.
          eachBatch: async ({ batch }) => {
            for (const message of batch.messages) {
              if (records.length >= max) return;
              try {
                records.push(consumedRecord(batch.topic, batch.partition, message, decode));
              } catch (error) {
                // A value the decoder refuses ends the read at once with the record named, never a retry loop.
                clearTimeout(timer);
                reject(error);
                return;
              }
              if (records.length >= max) {
                clearTimeout(timer);
                resolveDone();
              }
            }
          },
        })
        .catch(reject);
    });
    // Commit only what was returned, so a named group resumes right after the last record it saw.
    if (options.groupId && records.length) await consumer.commitOffsets(nextOffsets(records));
  } finally {
    await consumer.disconnect();
  }
  return records;
}

/** The offsets to commit after `records`: per partition, one past the last record returned. */
export function nextOffsets(records: Array<Pick<ConsumedRecord, 'topic' | 'partition' | 'offset'>>): Array<{ topic: string; partition: number; offset: string }> {
  const last = new Map<string, { topic: string; partition: number; offset: bigint }>();
  for (const record of records) {
    const key = `${record.topic}/${record.partition}`;
    const offset = BigInt(record.offset);
    if ((last.get(key)?.offset ?? -1n) < offset) last.set(key, { topic: record.topic, partition: record.partition, offset });
  }
  return [...last.values()].map((entry) => ({ ...entry, offset: String(entry.offset + 1n) }));
}

/**
 * A kafkajs message as the record the helpers hand out: key as text, value decoded (JSON by
 * default, `problem` saying why when it is not), headers as strings. A custom `decode` that throws
 * becomes a DeserializationError naming the record.
 */
export function consumedRecord<V>(topic: string, partition: number, message: KafkaMessage, decode?: (value: Buffer | null) => V): ConsumedRecord<V> {
  const record: ConsumedRecord<V> = {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? null,
    value: undefined as V,
    timestamp: Number(message.timestamp),
    headers: decodeHeaders(message.headers),
  };
  if (!decode) {
    const { value, problem } = decodeJson(message.value);
    record.value = value as V;
    if (problem) record.problem = problem;
    return record;
  }
  try {
    record.value = decode(message.value);
  } catch (error) {
    throw new DeserializationError(`${topic}/${partition}@${message.offset}: the deserializer failed: ${(error as Error)?.message ?? String(error)}`.split('\n')[0], {
      hint: 'fix the deserializer, or read this topic without it and inspect record.value',
      cause: error,
    });
  }
  return record;
}

/** The headers of every record that has none: one frozen object, not one allocation per record. */
const NO_HEADERS: Record<string, string> = Object.freeze(Object.create(null));

/**
 * Header values as UTF-8 strings (repeated headers joined with ","), in a null-prototype object:
 * a header named `__proto__`, `constructor` or `toString` is just a header. kafkajs folds headers
 * into a plain object, so an inherited member (`Object.prototype`, `Object.prototype.toString`)
 * can appear beside the real value: only Buffers and strings are kept. A record without headers
 * gets a shared, frozen empty object (most records have none, and a read may return millions).
 */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const names = headers === undefined ? [] : Object.keys(headers);
  if (names.length === 0) return NO_HEADERS;
  const decoded: Record<string, string> = Object.create(null);
  for (const name of names) {
    const value = (headers as Record<string, unknown>)[name];
    const parts = (Array.isArray(value) ? value : [value]).filter((part): part is Buffer | string => Buffer.isBuffer(part) || typeof part === 'string');
    if (parts.length) decoded[name] = parts.map((part) => part.toString()).join(',');
  }
  return decoded;
}
