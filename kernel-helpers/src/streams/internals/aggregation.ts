import type { LateRecord, Processor, TaskContext } from './processor.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';

/**
 * How values fold into an aggregate. `undefined` is the empty aggregate of `reduce`, which has
 * no initializer (as in Kafka Streams, where its initializer returns null).
 */
export interface Aggregation<A> {
  initial(): A | undefined;
  add(aggregate: A | undefined, value: unknown, key: string): A;
  /** Combines two session aggregates when an out-of-order record bridges the sessions. */
  merge(left: A | undefined, right: A, key: string): A;
  /** The result record value of a window. */
  format(key: string, windowStart: number, windowEnd: number, aggregate: A): unknown;
}

/**
 * One window's state, kept by reference in the aggregation's store and, in final mode, in the
 * suppress buffer too (the buffer's latest result of a window is the window itself: every change
 * to it is followed by `update`).
 */
export class WindowEntry<A = unknown> {
  /** Final mode: the end the suppress buffer holds this window due at; -1 when the buffer does not hold it. */
  bufferedEnd = -1;

  constructor(
    readonly key: string,
    readonly start: number,
    public end: number,
    public value: A,
    /** Largest record timestamp in the window: the timestamp of its result records. */
    public timestamp: number,
  ) {}

  /** `${start}|${key}`: the window's key in its store and changelog (built when asked: at commit, for inspection). */
  get storeKey(): string {
    return `${this.start}|${this.key}`;
  }

  /** The window as it is written to the changelog. */
  toJSON(): { key: string; start: number; end: number; value: A; timestamp: number } {
    return { key: this.key, start: this.start, end: this.end, value: this.value, timestamp: this.timestamp };
  }

  /** A window restored from its changelog JSON. */
  static from<A>(plain: { key: string; start: number; end: number; value: A; timestamp: number }): WindowEntry<A> {
    return plain instanceof WindowEntry ? plain : new WindowEntry(plain.key, plain.start, plain.end, plain.value, plain.timestamp);
  }
}

/**
 * Moves the restored (plain JSON, under flat keys) windows of `store` into its window groups as
 * WindowEntry objects; call first thing on restore.
 */
export function reviveWindows(store: StateStore<WindowEntry | number>): void {
  for (const [storeKey, entry] of store.entries) {
    if (storeKey !== STREAM_TIME_KEY && !(entry instanceof WindowEntry)) store.entries.set(storeKey, WindowEntry.from(entry as unknown as WindowEntry));
  }
  store.groupRestoredWindows((entry) => entry instanceof WindowEntry);
}

/** Options every windowed aggregation takes. */
export interface WindowedAggregationSettings {
  store: string;
  /** `current`: every update; `final`: one result per window when it closes. */
  emit: 'current' | 'final';
  lateTopic?: string;
  onLate?: (record: LateRecord) => void;
}

/** Makes the processor of a windowed aggregation over windows `W` inside one task. */
export type WindowedAggregateFactory<W> = (
  windows: W,
  aggregation: Aggregation<unknown>,
  settings: WindowedAggregationSettings,
  context: TaskContext,
  children: Processor[],
) => Processor;

/** Reports a record dropped as late: metrics, the late-records topic, the callback. */
export function reportLate(context: TaskContext, settings: WindowedAggregationSettings, key: string, value: unknown, timestamp: number, streamTime: number): void {
  context.metrics.lateRecords++;
  if (settings.lateTopic) {
    context.metrics.recordsOut++;
    context.send(settings.lateTopic, key, value, timestamp);
  }
  settings.onLate?.({ store: settings.store, key, value, timestamp, streamTime });
}

/** count(): how many records. */
export function countAggregation(): Aggregation<number> {
  return {
    initial: () => 0,
    add: (aggregate) => (aggregate ?? 0) + 1,
    merge: (left, right) => (left ?? 0) + right,
    format: (key, windowStart, windowEnd, count) => ({ key, windowStart, windowEnd, count }),
  };
}

/** reduce(reducer): the first value, then reducer(aggregate, value) for each next one. */
export function reduceAggregation<V>(reducer: (aggregate: V, value: V, key: string) => V): Aggregation<V> {
  return {
    initial: () => undefined,
    add: (aggregate, value, key) => (aggregate === undefined ? (value as V) : reducer(aggregate, value as V, key)),
    merge: (left, right, key) => (left === undefined ? right : reducer(left, right, key)),
    format: (key, windowStart, windowEnd, value) => ({ key, windowStart, windowEnd, value }),
  };
}

/** aggregate(initializer, aggregator, merger): a fold from initializer(); merger joins sessions. */
export function foldAggregation<V, A>(
  initializer: () => A,
  aggregator: (aggregate: A, value: V, key: string) => A,
  merger?: (left: A, right: A, key: string) => A,
): Aggregation<A> {
  return {
    initial: initializer,
    add: (aggregate, value, key) => aggregator(aggregate as A, value as V, key),
    merge: (left, right, key) => {
      if (!merger) throw new Error('session windows need a merger'); // the DSL requires one for sessions
      return merger(left as A, right, key);
    },
    format: (key, windowStart, windowEnd, value) => ({ key, windowStart, windowEnd, value }),
  };
}
