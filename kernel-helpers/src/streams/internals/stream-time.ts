import type { TaskContext } from './processor.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';

/**
 * A processor's stream time: the largest timestamp it has seen (-1 before any), kept in its
 * store so that a restarted task resumes it and late records stay late.
 */
export class StreamTime {
  value = -1;

  constructor(private readonly store: StateStore<unknown>) {}

  advance(timestamp: number): void {
    if (timestamp > this.value) {
      this.value = timestamp;
      this.store.set(STREAM_TIME_KEY, timestamp);
    }
  }

  /** Reads the value back after the store is restored. */
  restore(): void {
    this.value = (this.store.get(STREAM_TIME_KEY) as number | undefined) ?? -1;
  }
}

/** True (and counted) for a record without key, which aggregations and joins drop as Kafka Streams does. */
export function droppedForNullKey(key: string | null, context: TaskContext): key is null {
  if (key !== null) return false;
  context.metrics.nullKeyRecords++;
  return true;
}
