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
 * One window's state, kept by reference in the aggregation's store and, in final mode, in the
 * suppress buffer too (the buffer's latest result of a window is the window itself: every change
 * to it is followed by `update`). Its flat store key is built once, on first use.
 */
export class WindowEntry<A = unknown> {
  /** `${start}|${key}`, built on first use (the changelog, inspection). */
  private flatKey: string | undefined = undefined;
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

/** Where a windowed aggregation sends window updates and retractions (merged-away sessions). */
export interface WindowEmitter {
  update(entry: WindowEntry): void;
  /** The window is gone (a session merged into another one). */
  retract(entry: WindowEntry): void;
  /** A session kept its start but ended at `previousEnd` until now: its old extent is withdrawn; `update` follows. */
  extend(entry: WindowEntry, previousEnd: number): void;
}

/** Current mode: every update goes downstream at once (Kafka Streams with caching off). */
export class CurrentEmitter implements WindowEmitter {
  constructor(
    private readonly aggregation: Aggregation<unknown>,
    private readonly children: Processor[],
  ) {}

  update(entry: WindowEntry): void {
    forward(this.children, entry.key, this.aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
  }

  retract(entry: WindowEntry): void {
    forward(this.children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: entry.end, retracted: true }, entry.end);
  }

  extend(entry: WindowEntry, previousEnd: number): void {
    forward(this.children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: previousEnd, retracted: true }, previousEnd);
  }
}

/**
 * Final mode, like `suppress(Suppressed.untilWindowCloses(...))`: keeps the latest result of
 * each window in a buffer (its own changelogged store) and emits it once the buffer's stream
 * time reaches window end + `closeAfterMs` (grace; inactivity gap + grace for sessions).
 * Retracted sessions leave the buffer unsent. The buffer holds the aggregation's window objects
 * themselves (no copy): `bufferedEnd` says whether, and at which end, a window is buffered.
 */
export class FinalEmitter implements WindowEmitter {
  /** The buffered windows by due time (their end when buffered); an entry whose `bufferedEnd` differs is stale. */
  private readonly due = new TimeIndex<WindowEntry>();
  private readonly streamTime: StreamTime;
  /** Set when the buffer was restored with windows: they are other objects than the aggregation's, found by lookup. */
  private restoredCopies = false;
  private readonly closed: WindowEntry[] = [];

  constructor(
    private readonly aggregation: Aggregation<unknown>,
    private readonly children: Processor[],
    private readonly buffer: StateStore<WindowEntry | number>,
    private readonly closeAfterMs: number,
    context: TaskContext,
  ) {
    this.streamTime = new StreamTime(buffer);
    context.onRestored(() => {
      reviveWindows(buffer);
      this.streamTime.restore();
      for (const copy of buffer.windows()) {
        const window = copy as WindowEntry;
        window.bufferedEnd = window.end;
        this.due.push(window.end, window);
        this.restoredCopies = true;
      }
    });
  }

  update(entry: WindowEntry): void {
    if (entry.bufferedEnd < 0) {
      if (this.restoredCopies) this.dropRestoredCopy(entry);
      this.buffer.setWindow(entry);
    } else if (this.buffer.trackChanges) {
      this.buffer.touchWindow(entry);
    }
    if (entry.bufferedEnd !== entry.end) {
      entry.bufferedEnd = entry.end;
      this.due.push(entry.end, entry);
    }
    this.streamTime.advance(entry.timestamp);
    this.emitClosed();
  }

  extend(): void {
    // The buffered result is replaced by the update that follows.
  }

  retract(entry: WindowEntry): void {
    if (entry.bufferedEnd >= 0) {
      this.buffer.deleteWindow(entry);
      entry.bufferedEnd = -1;
    } else if (this.restoredCopies) {
      const copy = this.buffer.windowAt(entry.start, entry.key) as WindowEntry | undefined;
      if (copy === undefined) return;
      this.buffer.deleteWindow(copy);
      copy.bufferedEnd = -1;
    }
  }

  /** A restored buffer copy of `entry`'s window is superseded by `entry` (its due entry goes stale). */
  private dropRestoredCopy(entry: WindowEntry): void {
    const copy = this.buffer.windowAt(entry.start, entry.key) as WindowEntry | undefined;
    if (copy !== undefined && copy !== entry) copy.bufferedEnd = -1;
  }

  /** Emits, in window-end order, every buffered window due at or before buffer stream time - closeAfterMs. */
  private emitClosed(): void {
    const closeTime = this.streamTime.value - this.closeAfterMs;
    const due = this.due;
    if (due.peekTime() > closeTime) return;
    const closed = this.closed;
    while (due.peekTime() <= closeTime) {
      const time = due.peekTime();
      const window = due.pop()!;
      if (window.bufferedEnd !== time) continue;
      this.buffer.deleteWindow(window);
      window.bufferedEnd = -1;
      closed.push(window);
    }
    // In window-end order, then key and start, like Kafka Streams' time-ordered buffer: the same order after a restore.
    if (closed.length > 1) closed.sort(byEndKeyStart);
    const { aggregation, children } = this;
    for (let index = 0; index < closed.length; index++) {
      const entry = closed[index];
      forward(children, entry.key, aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
    }
    closed.length = 0;
  }
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
    ? new FinalEmitter(aggregation, children, context.store(`${settings.store}-suppress-buffer`), closeAfterMs, context)
    : new CurrentEmitter(aggregation, children);
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
