/** Parking, reading and replaying dead letters on the real broker (the pure part is dead-letters.ts). */
import { consume, createTopic, describeTopic, produce, type ConsumedRecord } from '../kafka/index.js';
import { deadLetterHeaders, parseDeadLetter, replayHeaders, type DeadLetter } from './dead-letters.js';

/**
 * Wraps a record handler so that a record it cannot process (it throws) is parked on `dlqTopic`
 * with the reason and its source position in headers, and the consumer goes on with the next one.
 * The park is awaited before the handler returns, so the offset is committed only once the
 * record is safe on the DLQ. Resolves true when processed, false when parked.
 */
export function parkOnFailure<V>(dlqTopic: string, handle: (record: ConsumedRecord<V>) => Promise<void> | void): (record: ConsumedRecord<V>) => Promise<boolean> {
  return async (record) => {
    try {
      await handle(record);
      return true;
    } catch (error) {
      const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      await produce(dlqTopic, [{ key: record.key, value: record.value, headers: deadLetterHeaders(reason, record) }]);
      return false;
    }
  };
}

/** Creates the DLQ topic if it does not exist (one partition: dead letters are few and read in order). */
export async function ensureDeadLetterTopic(dlqTopic: string): Promise<void> {
  await createTopic(dlqTopic, { partitions: 1 });
}

/** Every dead letter stored on `dlqTopic` now, decoded (records without DLQ headers are left out). */
export async function readDeadLetters<V = unknown>(dlqTopic: string): Promise<DeadLetter<V>[]> {
  const stored = (await describeTopic(dlqTopic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  if (!stored) return [];
  const records = await consume<V>(dlqTopic, { max: stored, timeoutMs: 15_000 });
  return records.flatMap((record) => parseDeadLetter(record) ?? []);
}

/**
 * Sends each dead letter's fixed value back to its source topic (same key), with a header naming
 * the dead letter it replays. `fix` returns the corrected value, or undefined to leave a letter
 * parked. Returns the letters replayed.
 */
export async function replayDeadLetters<V>(letters: DeadLetter<V>[], fix: (letter: DeadLetter<V>) => V | undefined): Promise<DeadLetter<V>[]> {
  const replayed: DeadLetter<V>[] = [];
  for (const letter of letters) {
    const value = fix(letter);
    if (value === undefined) continue;
    await produce(letter.source.topic, [{ key: letter.key, value, headers: replayHeaders(letter as DeadLetter) }]);
    replayed.push(letter);
  }
  return replayed;
}
