import type { TaskContext } from './processor.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';

/**
 * A processor's stream time: the largest timestamp it has seen (-1 before any), kept in its
 * store (as one cell updated in place: no allocation per record) so that a restarted task
 * resumes it and late records stay late. The changelog holds it as a plain number.
 */
export class StreamTime {
  private readonly cell = new StreamTimeCell();

  constructor(private readonly store: StateStore<unknown>) {
    store.entries.set(STREAM_TIME_KEY, this.cell);
  }

  get value(): number {
    return this.cell.value;
  }

  advance(timestamp: number): void {
    if (timestamp > this.cell.value) {
      this.cell.value = timestamp;
      if (this.store.trackChanges) this.store.touch(STREAM_TIME_KEY);
    }
  }

  /** Reads the value back after the store is restored. */
  restore(): void {
    const restored = this.store.get(STREAM_TIME_KEY);
    this.cell.value = restored instanceof StreamTimeCell ? restored.value : typeof restored === 'number' ? restored : -1;
    this.store.entries.set(STREAM_TIME_KEY, this.cell);
  }
}

/** The stored stream time: a number in the changelog. */
class StreamTimeCell {
  value = -1;

  toJSON(): number {
    return this.value;
  }
}

/** True (and counted) for a record without key, which aggregations and joins drop as Kafka Streams does. */
export function droppedForNullKey(key: string | null, context: TaskContext): key is null {
  if (key !== null) return false;
  context.metrics.nullKeyRecords++;
  return true;
}
