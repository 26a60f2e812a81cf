import type { SlidingWindows } from '../windows.js';
import { reportLate, WindowEntry, type Aggregation, type WindowedAggregateFactory, type WindowedAggregationSettings } from './aggregation.js';
import type { Processor, TaskContext } from './processor.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
import { createEmitter, type WindowEmitter } from './window-emitters.js';
import { lastIndexAtOrBefore, WindowsByKey } from './window-index.js';

/**
 * Kafka Streams' sliding window aggregation (KStreamSlidingWindowAggregate, reverse-iterator
 * path), ported step by step so results match window by window. Windows are
 * [start, start + maxDifference], both ends inclusive: each record gets a left window ending at
 * it and, when later records are within reach, a right window starting 1 ms after it. A window
 * takes updates while its end ≥ stream time - grace. A record is late when no window counts it:
 * its own windows have closed (a right window it opens holds only later records). Kafka Streams'
 * dropped-records metric is `lateWindowUpdates` here: one per closed window a record could not
 * update, and one for a record whose right window (t + 1 + maxDifference) had already closed.
 */
export const slidingWindowAggregate: WindowedAggregateFactory<SlidingWindows> = (windows, aggregation, settings, context, children) =>
  new SlidingWindowAggregate(windows, aggregation, settings, context, children);

class SlidingWindowAggregate implements Processor {
  private readonly store: StateStore<WindowEntry | number>;
  private readonly emitter: WindowEmitter;
  private readonly differenceMs: number;
  private readonly graceMs: number;
  /**
   * Kafka Streams sizes this store's retention to grace + 2 × maxDifference and, counting from the
   * latest window start written, no longer returns older windows: the same rule forgets them here.
   */
  private readonly retentionMs: number;
  private readonly windowsOf: WindowsByKey;
  private readonly streamTime: StreamTime;
  private latestStart = -1;

  // The record being processed; set once per record so the steps below take no arguments.
  private key = '';
  private value: unknown = undefined;
  private timestamp = 0;
  private closeTime = 0;
  private keyWindows: WindowEntry[] = [];
  /** Whether some window now counts the record (a right window created for it holds only later records). */
  private counted = false;

  constructor(
    windows: SlidingWindows,
    private readonly aggregation: Aggregation<unknown>,
    private readonly settings: WindowedAggregationSettings,
    private readonly context: TaskContext,
    children: Processor[],
  ) {
    this.store = context.store(settings.store);
    this.differenceMs = windows.maxDifferenceMs;
    this.graceMs = windows.graceMs;
    this.emitter = createEmitter(aggregation, settings, windows.graceMs, context, children);
    this.retentionMs = windows.graceMs + 2 * windows.maxDifferenceMs;
    this.windowsOf = new WindowsByKey(this.store, (window) => window.start);
    this.streamTime = new StreamTime(this.store);
    context.onRestored(() => {
      this.streamTime.restore();
      this.windowsOf.restore();
      for (const window of this.store.windows()) if (window.start > this.latestStart) this.latestStart = window.start;
      this.windowsOf.evictDue(this.visibleFrom() - 1);
    });
  }

  /** The oldest window start the store still returns. */
  private visibleFrom(): number {
    return this.latestStart - this.retentionMs + 1;
  }

  /** Adds the record to an existing window, if the window is still open. */
  private updateWindow(window: WindowEntry): void {
    if (window.end < this.closeTime) {
      this.context.metrics.lateWindowUpdates++;
      return;
    }
    window.value = this.aggregation.add(window.value, this.value, this.key);
    if (this.timestamp > window.timestamp) window.timestamp = this.timestamp;
    if (this.store.trackChanges) this.store.touchWindow(window);
    this.counted = true;
    this.emitter.update(window);
  }

  /** Creates a window from `initial` plus the record, if the window is still open. */
  private createWindow(start: number, initial: unknown, initialTimestamp: number): void {
    const end = start + this.differenceMs;
    if (end < this.closeTime) {
      this.context.metrics.lateWindowUpdates++;
      return;
    }
    const newTimestamp = initial === undefined ? this.timestamp : Math.max(this.timestamp, initialTimestamp);
    this.counted = true;
    this.putWindow(start, end, this.aggregation.add(initial, this.value, this.key), newTimestamp);
  }

  /**
   * Writes a window as Kafka Streams' `windowStore.put` does: a window already stored with the
   * same start is overwritten, not doubled. That happens when a record comes exactly
   * maxDifference + 1 ms after the previous one: the previous record's right window and the new
   * record's left window are then the same window, created twice (and emitted twice, as there).
   */
  private putWindow(start: number, end: number, aggregate: unknown, windowTimestamp: number): void {
    const keyWindows = this.keyWindows;
    const index = lastIndexAtOrBefore(keyWindows, start);
    const existing = index >= 0 && keyWindows[index].start === start ? keyWindows[index] : undefined;
    if (existing !== undefined) {
      existing.end = end;
      existing.value = aggregate;
      existing.timestamp = windowTimestamp;
      if (this.store.trackChanges) this.store.touchWindow(existing);
      this.emitter.update(existing);
      return;
    }
    const window = new WindowEntry(this.key, start, end, aggregate, windowTimestamp);
    this.windowsOf.add(window);
    if (start > this.latestStart) this.latestStart = start;
    this.emitter.update(window);
  }

  private processReverse(): void {
    const { timestamp, differenceMs, keyWindows, aggregation } = this;
    const lower = Math.max(0, timestamp - 2 * differenceMs, this.visibleFrom());
    let leftValue: unknown;
    let rightValue: unknown;
    let rightTimestamp = 0;
    let hasRight = false;
    let leftCreated = false;
    let rightCreated = false;
    let previous: number | undefined;
    for (let index = lastIndexAtOrBefore(keyWindows, timestamp + 1); index >= 0; index--) {
      const window = keyWindows[index];
      if (window.start < lower) break;
      if (window.start === timestamp + 1) {
        rightCreated = true;
      } else if (window.end > timestamp) {
        if (!hasRight) {
          hasRight = true;
          rightValue = window.value;
          rightTimestamp = window.timestamp;
        }
        this.updateWindow(window);
      } else if (window.end === timestamp) {
        leftCreated = true;
        const maxTimestamp = window.timestamp;
        this.updateWindow(window);
        if (maxTimestamp < timestamp) previous = maxTimestamp;
        else return;
      } else {
        leftValue = window.value;
        previous = window.timestamp;
        break;
      }
    }
    if (previous !== undefined) {
      const previousRightStart = previous + 1;
      if (!hasWindowAt(keyWindows, previousRightStart) && previousRightStart + differenceMs >= timestamp) {
        this.createWindow(previousRightStart, aggregation.initial(), timestamp);
      }
    }
    if (!leftCreated) {
      const leftNotEmpty = previous !== undefined && timestamp - differenceMs <= previous;
      this.createWindow(timestamp - differenceMs, leftNotEmpty ? leftValue : aggregation.initial(), timestamp);
    }
    if (!rightCreated && hasRight && rightTimestamp > timestamp) {
      this.putWindow(timestamp + 1, timestamp + 1 + differenceMs, rightValue, rightTimestamp);
    }
  }

  /** Records before maxDifference would have windows with negative starts: they share [0, maxDifference]. */
  private processEarly(): void {
    const { timestamp, differenceMs, keyWindows, aggregation } = this;
    let combined: WindowEntry | undefined;
    let rightValue: unknown;
    let rightTimestamp = 0;
    let hasRight = false;
    let rightCreated = false;
    let previous: number | undefined;
    const last = lastIndexAtOrBefore(keyWindows, timestamp + 1);
    const lower = this.visibleFrom();
    for (let index = 0; index <= last; index++) {
      const window = keyWindows[index];
      if (window.start < lower) continue;
      if (window.start === 0) {
        combined = window;
        if (window.timestamp < timestamp) previous = window.timestamp;
      } else if (window.start <= timestamp) {
        hasRight = true;
        rightValue = window.value;
        rightTimestamp = window.timestamp;
        this.updateWindow(window);
      } else if (window.start === timestamp + 1) {
        rightCreated = true;
      }
    }
    if (!hasRight && combined && combined.timestamp > timestamp) {
      hasRight = true;
      rightValue = combined.value;
      rightTimestamp = combined.timestamp;
    }
    if (!rightCreated && hasRight && rightTimestamp > timestamp) {
      this.putWindow(timestamp + 1, timestamp + 1 + differenceMs, rightValue, rightTimestamp);
    }
    if (previous !== undefined && !hasWindowAt(keyWindows, previous + 1)) {
      this.createWindow(previous + 1, aggregation.initial(), timestamp);
    }
    if (combined) this.updateWindow(combined);
    else this.createWindow(0, aggregation.initial(), timestamp);
  }

  process(recordKey: string | null, recordValue: unknown, recordTimestamp: number): void {
    if (droppedForNullKey(recordKey, this.context)) return;
    this.streamTime.advance(recordTimestamp);
    this.key = recordKey;
    this.value = recordValue;
    this.timestamp = recordTimestamp;
    this.closeTime = this.streamTime.value - this.graceMs;
    this.counted = false;
    if (recordTimestamp + 1 + this.differenceMs > this.closeTime) {
      this.keyWindows = this.windowsOf.of(recordKey);
      if (recordTimestamp < this.differenceMs) this.processEarly();
      else this.processReverse();
      this.keyWindows = NO_WINDOWS;
    } else {
      // Kafka Streams counts the record's right window as a closed window it could not update.
      this.context.metrics.lateWindowUpdates++;
    }
    // Late: the record is in no window, even when its right window was created from later records.
    if (!this.counted) reportLate(this.context, this.settings, recordKey, recordValue, recordTimestamp, this.streamTime.value);
    this.value = undefined;
    this.windowsOf.evictDue(this.visibleFrom() - 1);
  }
}

const NO_WINDOWS: WindowEntry[] = [];

function hasWindowAt(list: WindowEntry[], start: number): boolean {
  const index = lastIndexAtOrBefore(list, start);
  return index >= 0 && list[index].start === start;
}
