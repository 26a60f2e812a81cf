import { CompressionTypes, type Message } from 'kafkajs';
import { StreamlabError } from '../errors.js';
import { kafkaClient, type ClusterTarget } from './client.js';
import { forgetTopic, knownTopic, topicPartitions } from './topics.js';
import { withSharedProducer } from './shared-producer.js';
import { serializeJson } from './serialization.js';

/** One record to produce. `value` is JSON-encoded unless `serialize` says otherwise. */
export interface ProduceRecord<V = unknown> {
  key?: string | null;
  value: V;
  headers?: Record<string, string>;
  /** Force a partition instead of the key's hash. */
  partition?: number;
  /** Event time in ms since the epoch (default: now, set by the producer). */
  timestamp?: number;
}

export interface ProduceOptions<V = unknown> extends ClusterTarget {
  /** -1 (all in-sync replicas, the default), 1 (leader only) or 0 (no acknowledgement). */
  acks?: -1 | 0 | 1;
  /** Idempotent producer: no duplicates on retry (requires acks -1). */
  idempotent?: boolean;
  compression?: 'none' | 'gzip';
  /** Custom value encoder; default JSON. */
  serialize?: (value: V) => Buffer | string | null;
}

/** Where one record landed. */
export interface DeliveryReport {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
}

/**
 * Sends `records` to `topic` in one batch and waits for the broker's acknowledgement.
 * Returns a delivery report per record, in input order.
 */
export async function produce<V>(topic: string, records: ProduceRecord<V>[], options: ProduceOptions<V> = {}): Promise<DeliveryReport[]> {
  checkDeliveryOptions(options);
  const client = await kafkaClient(options);
  await knownTopic(client, topic);
  const messages: Message[] = new Array(records.length);
  for (let index = 0; index < records.length; index++) {
    const record = records[index];
    messages[index] = {
      key: record.key ?? null,
      value: options.serialize ? options.serialize(record.value) : serializeJson(record.value, () => `record ${index} for topic "${topic}"`),
      headers: record.headers,
      timestamp: record.timestamp === undefined ? undefined : String(record.timestamp),
      // Unset: kafkajs's own partitioner picks it (from the producer's metadata) and writes it here, so each delivery report is exact.
      partition: record.partition,
    };
  }
  try {
    const results = await withSharedProducer(client, options.idempotent ?? false, (producer) =>
      producer.send({ topic, messages, acks: options.acks ?? -1, compression: compressionType(options.compression) }),
    );
    return assignOffsets(topic, messages, results);
  } catch (error) {
    forgetTopic(client, topic);
    // The topic may have gone since it was checked: say so rather than kafkajs's retries.
    await topicPartitions(client, topic);
    throw error;
  }
}

/**
 * kafkajs reports the base offset of each partition's batch; records of one partition are
 * appended in send order, so the i-th record sent to a partition sits at base + i.
 * With acks 0 the broker reports no offsets: those come back as "-1".
 */
export function assignOffsets(
  topic: string,
  messages: Array<{ key?: Message['key']; partition?: number }>,
  results: Array<{ partition: number; baseOffset?: string }>,
): DeliveryReport[] {
  const next = new Map(results.map((result) => [result.partition, result.baseOffset === undefined ? undefined : BigInt(result.baseOffset)]));
  return messages.map((message) => {
    const partition = message.partition ?? 0;
    const offset = next.get(partition);
    if (offset !== undefined) next.set(partition, offset + 1n);
    return { topic, partition, offset: offset === undefined ? '-1' : offset.toString(), key: message.key === null || message.key === undefined ? null : String(message.key) };
  });
}

/** The kafkajs codec for a compression name (kafkajs ships gzip; the others need extra codecs). */
export function compressionType(compression: 'none' | 'gzip' | undefined): CompressionTypes {
  return compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
}

/** A producer setting that cannot work, e.g. idempotence without acks=all. */
export class ProducerConfigError extends StreamlabError {}

/** Rejects option combinations the broker would refuse, before anything is sent. */
export function checkDeliveryOptions(options: { acks?: -1 | 0 | 1; idempotent?: boolean }): void {
  if (options.idempotent && (options.acks ?? -1) !== -1) {
    throw new ProducerConfigError(`an idempotent producer needs acks: -1 (all in-sync replicas), not acks: ${options.acks}`, {
      hint: 'drop acks (it defaults to -1) or set idempotent: false',
    });
  }
}
