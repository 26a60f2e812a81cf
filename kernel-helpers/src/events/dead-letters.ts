/**
 * Dead letters: a record a consumer cannot process is parked on `<name>-dlq` with the reason and
 * where it came from in headers (the same header names the stream engine uses), so the consumer
 * keeps going; later someone inspects the DLQ, fixes the record and replays it to its source topic.
 */
import { DEAD_LETTER_HEADERS } from '../streams/index.js';

export { DEAD_LETTER_HEADERS };

/** Header naming the dead letter a replayed record came from (`<dlq topic>/<partition>/<offset>`). */
export const REPLAYED_FROM_HEADER = 'streamlab.replayed.from';

/** Where a record was read. */
export interface RecordPosition {
  topic: string;
  partition: number;
  offset: string;
}

/** A parked record, decoded from its DLQ headers. */
export interface DeadLetter<V = unknown> {
  /** Why processing failed. */
  reason: string;
  /** Where the record was read when it failed. */
  source: RecordPosition;
  /** Where it sits on the DLQ. */
  position: RecordPosition;
  key: string | null;
  value: V;
}

/** The DLQ topic of a consumer or application `name`. */
export function deadLetterTopic(name: string): string {
  return `${name}-dlq`;
}

/** The headers of a dead letter (null prototype: header names are Kafka-controlled). Pure. */
export function deadLetterHeaders(reason: string, source: RecordPosition): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  headers[DEAD_LETTER_HEADERS.error] = reason.split('\n')[0].slice(0, 500);
  headers[DEAD_LETTER_HEADERS.topic] = source.topic;
  headers[DEAD_LETTER_HEADERS.partition] = String(source.partition);
  headers[DEAD_LETTER_HEADERS.offset] = source.offset;
  return headers;
}

/** Decodes a record read from a DLQ; undefined when it lacks the dead-letter headers. Pure. */
export function parseDeadLetter<V>(record: RecordPosition & { key: string | null; value: V; headers: Record<string, string> }): DeadLetter<V> | undefined {
  const header = (name: string) => (Object.prototype.hasOwnProperty.call(record.headers, name) ? record.headers[name] : undefined);
  const reason = header(DEAD_LETTER_HEADERS.error);
  const topic = header(DEAD_LETTER_HEADERS.topic);
  const partition = header(DEAD_LETTER_HEADERS.partition);
  const offset = header(DEAD_LETTER_HEADERS.offset);
  if (reason === undefined || topic === undefined || partition === undefined || offset === undefined) return undefined;
  return {
    reason,
    source: { topic, partition: Number(partition), offset },
    position: { topic: record.topic, partition: record.partition, offset: record.offset },
    key: record.key,
    value: record.value,
  };
}

/** The headers of a replayed record: it names the dead letter it replays, so replays can be traced and deduplicated. Pure. */
export function replayHeaders(letter: DeadLetter): Record<string, string> {
  const headers: Record<string, string> = Object.create(null);
  headers[REPLAYED_FROM_HEADER] = `${letter.position.topic}/${letter.position.partition}/${letter.position.offset}`;
  return headers;
}
