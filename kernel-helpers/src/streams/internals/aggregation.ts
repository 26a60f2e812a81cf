import type { LateRecord, Processor, TaskContext } from './processor.js';
import { forward } from './processor.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';
import { StreamTime } from './stream-time.js';
import { TimeIndex } from './time-index.js';

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
 * One window's state: kept in the store, updated in place. Its flat store key is built once, on
 * first use (time windows live in the store's groups by start and never need it in memory).
 */
export class WindowEntry<A = unknown> {
  /** `${start}|${key}`, built on first use (the changelog, the suppress buffer, session and sliding stores). */
  private flatKey: string | undefined;
  /** Final mode: the suppress buffer's copy of this window; on a copy, the window it mirrors. */
  link: WindowEntry<A> | undefined = undefined;

  constructor(
    readonly key: string,
    readonly start: number,
    public end: number,
    public value: A,
    /** Largest record timestamp in the window: the timestamp of its result records. */
    public timestamp: number,
  ) {
    this.flatKey = undefined;
  }

  /** `${start}|${key}`: the window's key in its store and changelog. */
  get storeKey(): string {
    return (this.flatKey ??= `${this.start}|${this.key}`);
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

/** Turns the restored (plain JSON) windows of `store` into WindowEntry objects; call first thing on restore. */
export function reviveWindows(store: StateStore<WindowEntry | number>): void {
  for (const [storeKey, entry] of store.entries) {
    if (storeKey !== STREAM_TIME_KEY && !(entry instanceof WindowEntry)) store.entries.set(storeKey, WindowEntry.from(entry as unknown as WindowEntry));
  }
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

/** Where a windowed aggregation sends window updates and retractions (merged-away sessions). */
export interface WindowEmitter {
  update(entry: WindowEntry): void;
  /** The window is gone (a session merged into another one). */
  retract(entry: WindowEntry): void;
  /** A session kept its start but ended at `previousEnd` until now: its old extent is withdrawn; `update` follows. */
  extend(entry: WindowEntry, previousEnd: number): void;
}

/** The store key of a window: start, then the record key (which may contain anything). */
export function windowStoreKey(entry: WindowEntry): string {
  return entry.storeKey;
}

/** Current mode: every update goes downstream at once (Kafka Streams with caching off). */
export function currentEmitter(aggregation: Aggregation<unknown>, children: Processor[]): WindowEmitter {
  return {
    update(entry) {
      forward(children, entry.key, aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
    },
    retract(entry) {
      forward(children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: entry.end, retracted: true }, entry.end);
    },
    extend(entry, previousEnd) {
      forward(children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: previousEnd, retracted: true }, previousEnd);
    },
  };
}

/**
 * Final mode, like `suppress(Suppressed.untilWindowCloses(...))`: keeps the latest result of
 * each window in a buffer (its own changelogged store) and emits it once the buffer's stream
 * time reaches window end + `closeAfterMs` (grace; inactivity gap + grace for sessions).
 * Retracted sessions leave the buffer unsent.
 */
export function finalEmitter(
  aggregation: Aggregation<unknown>,
  children: Processor[],
  buffer: StateStore<WindowEntry | number>,
  closeAfterMs: number,
  context: TaskContext,
): WindowEmitter {
  // The buffered copies by due time (window end); a copy no longer buffered, or whose end moved, is skipped.
  const due = new TimeIndex<WindowEntry>();
  const streamTime = new StreamTime(buffer);
  const buffered = (copy: WindowEntry) => buffer.windowAt(copy.start, copy.key) === copy;
  context.onRestored(() => {
    reviveWindows(buffer);
    streamTime.restore();
    buffer.groupRestoredWindows((entry) => entry instanceof WindowEntry);
    for (const copy of buffer.windows()) due.push((copy as WindowEntry).end, copy as WindowEntry);
  });
  // A window and its buffered copy point at each other (`link`), so updates find the copy without a lookup.
  const unlink = (copy: WindowEntry) => {
    const original = copy.link;
    if (original !== undefined && original.link === copy) original.link = undefined;
    copy.link = undefined;
  };
  const closed: WindowEntry[] = [];
  const emitClosed = () => {
    const closeTime = streamTime.value - closeAfterMs;
    if (due.peekTime() > closeTime) return;
    while (due.peekTime() <= closeTime) {
      const time = due.peekTime();
      const copy = due.pop()!;
      if (copy.end !== time || !buffered(copy)) continue;
      buffer.deleteWindow(copy);
      unlink(copy);
      closed.push(copy);
    }
    // In window-end order, then key and start, like Kafka Streams' time-ordered buffer: the same order after a restore.
    if (closed.length > 1) closed.sort(byEndKeyStart);
    for (let index = 0; index < closed.length; index++) {
      const entry = closed[index];
      forward(children, entry.key, aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
    }
    closed.length = 0;
  };
  return {
    update(update) {
      let copy = update.link;
      if (copy === undefined) {
        copy = buffer.windowAt(update.start, update.key) as WindowEntry | undefined; // after a restore, or a session that changed object
        if (copy === undefined) {
          copy = new WindowEntry(update.key, update.start, update.end, update.value, update.timestamp);
          buffer.setWindow(copy);
          due.push(update.end, copy);
        } else {
          unlink(copy);
        }
        update.link = copy;
        copy.link = update;
      }
      if (copy.end !== update.end) due.push(update.end, copy);
      copy.end = update.end;
      copy.value = update.value;
      copy.timestamp = update.timestamp;
      if (buffer.trackChanges) buffer.touchWindow(copy);
      streamTime.advance(update.timestamp);
      emitClosed();
    },
    extend() {
      // The buffered result is replaced by the update that follows.
    },
    retract(entry) {
      const copy = buffer.windowAt(entry.start, entry.key) as WindowEntry | undefined;
      if (copy === undefined) return;
      buffer.deleteWindow(copy);
      unlink(copy);
    },
  };
}

/** Window-end order, then key, then start. */
function byEndKeyStart(a: WindowEntry, b: WindowEntry): number {
  return a.end - b.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start);
}

/** Reports a record dropped as late: metrics, the late-records topic, the callback. */
export function reportLate(context: TaskContext, settings: WindowedAggregationSettings, key: string, value: unknown, timestamp: number, streamTime: number): void {
  context.metrics.lateRecords++;
  if (settings.lateTopic) {
    context.metrics.recordsOut++;
    context.send(settings.lateTopic, key, value, timestamp);
  }
  settings.onLate?.({ store: settings.store, key, value, timestamp, streamTime });
}

/** Builds the emitter `settings.emit` asks for. */
export function createEmitter(
  aggregation: Aggregation<unknown>,
  settings: WindowedAggregationSettings,
  closeAfterMs: number,
  context: TaskContext,
  children: Processor[],
): WindowEmitter {
  return settings.emit === 'final'
    ? finalEmitter(aggregation, children, context.store(`${settings.store}-suppress-buffer`), closeAfterMs, context)
    : currentEmitter(aggregation, children);
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
