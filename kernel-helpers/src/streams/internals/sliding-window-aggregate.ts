import type { SlidingWindows } from '../windows.js';
import { createEmitter, reportLate, windowStoreKey, WindowEntry, type WindowedAggregateFactory } from './aggregation.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
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
export const slidingWindowAggregate: WindowedAggregateFactory<SlidingWindows> = (windows, aggregation, settings, context, children) => {
  const store: StateStore<WindowEntry | number> = context.store(settings.store);
  const { maxDifferenceMs: differenceMs, graceMs } = windows;
  const emitter = createEmitter(aggregation, settings, graceMs, context, children);
  /**
   * Kafka Streams sizes this store's retention to grace + 2 × maxDifference and, counting from the
   * latest window start written, no longer returns older windows: the same rule forgets them here.
   */
  const retentionMs = graceMs + 2 * differenceMs;
  const windowsOf = new WindowsByKey(store, (window) => window.start);
  const streamTime = new StreamTime(store);
  let latestStart = -1;

  // The record being processed; set once per record so the steps below take no arguments.
  let key = '';
  let value: unknown;
  let timestamp = 0;
  let closeTime = 0;
  let keyWindows: WindowEntry[] = [];
  /** Whether some window now counts the record (a right window created for it holds only later records). */
  let counted = false;

  context.onRestored(() => {
    streamTime.restore();
    windowsOf.restore();
    for (const entry of store.entries.values()) if (typeof entry !== 'number' && entry.start > latestStart) latestStart = entry.start;
    windowsOf.evictDue(visibleFrom() - 1);
  });

  /** The oldest window start the store still returns. */
  function visibleFrom(): number {
    return latestStart - retentionMs + 1;
  }

  /** Adds the record to an existing window, if the window is still open. */
  function updateWindow(window: WindowEntry): void {
    if (window.end < closeTime) {
      context.metrics.lateWindowUpdates++;
      return;
    }
    window.value = aggregation.add(window.value, value, key);
    if (timestamp > window.timestamp) window.timestamp = timestamp;
    if (store.trackChanges) store.touch(windowStoreKey(window));
    counted = true;
    emitter.update(window);
  }

  /** Creates a window from `initial` plus the record, if the window is still open. */
  function createWindow(start: number, initial: unknown, initialTimestamp: number): void {
    const end = start + differenceMs;
    if (end < closeTime) {
      context.metrics.lateWindowUpdates++;
      return;
    }
    const newTimestamp = initial === undefined ? timestamp : Math.max(timestamp, initialTimestamp);
    counted = true;
    putWindow(start, end, aggregation.add(initial, value, key), newTimestamp);
  }

  /**
   * Writes a window as Kafka Streams' `windowStore.put` does: a window already stored with the
   * same start is overwritten, not doubled. That happens when a record comes exactly
   * maxDifference + 1 ms after the previous one: the previous record's right window and the new
   * record's left window are then the same window, created twice (and emitted twice, as there).
   */
  function putWindow(start: number, end: number, aggregate: unknown, windowTimestamp: number): void {
    const index = lastIndexAtOrBefore(keyWindows, start);
    const existing = index >= 0 && keyWindows[index].start === start ? keyWindows[index] : undefined;
    if (existing !== undefined) {
      existing.end = end;
      existing.value = aggregate;
      existing.timestamp = windowTimestamp;
      if (store.trackChanges) store.touch(windowStoreKey(existing));
      emitter.update(existing);
      return;
    }
    const window = new WindowEntry(key, start, end, aggregate, windowTimestamp);
    windowsOf.add(windowStoreKey(window), window);
    if (start > latestStart) latestStart = start;
    emitter.update(window);
  }

  function processReverse(): void {
    const lower = Math.max(0, timestamp - 2 * differenceMs, visibleFrom());
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
        updateWindow(window);
      } else if (window.end === timestamp) {
        leftCreated = true;
        const maxTimestamp = window.timestamp;
        updateWindow(window);
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
        createWindow(previousRightStart, aggregation.initial(), timestamp);
      }
    }
    if (!leftCreated) {
      const leftNotEmpty = previous !== undefined && timestamp - differenceMs <= previous;
      createWindow(timestamp - differenceMs, leftNotEmpty ? leftValue : aggregation.initial(), timestamp);
    }
    if (!rightCreated && hasRight && rightTimestamp > timestamp) {
      putWindow(timestamp + 1, timestamp + 1 + differenceMs, rightValue, rightTimestamp);
    }
  }

  /** Records before maxDifference would have windows with negative starts: they share [0, maxDifference]. */
  function processEarly(): void {
    let combined: WindowEntry | undefined;
    let rightValue: unknown;
    let rightTimestamp = 0;
    let hasRight = false;
    let rightCreated = false;
    let previous: number | undefined;
    const last = lastIndexAtOrBefore(keyWindows, timestamp + 1);
    const lower = visibleFrom();
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
        updateWindow(window);
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
      putWindow(timestamp + 1, timestamp + 1 + differenceMs, rightValue, rightTimestamp);
    }
    if (previous !== undefined && !hasWindowAt(keyWindows, previous + 1)) {
      createWindow(previous + 1, aggregation.initial(), timestamp);
    }
    if (combined) updateWindow(combined);
    else createWindow(0, aggregation.initial(), timestamp);
  }

  return {
    process(recordKey, recordValue, recordTimestamp) {
      if (droppedForNullKey(recordKey, context)) return;
      streamTime.advance(recordTimestamp);
      key = recordKey;
      value = recordValue;
      timestamp = recordTimestamp;
      closeTime = streamTime.value - graceMs;
      counted = false;
      if (timestamp + 1 + differenceMs > closeTime) {
        keyWindows = windowsOf.of(key);
        if (timestamp < differenceMs) processEarly();
        else processReverse();
        windowsOf.release(key);
      } else {
        // Kafka Streams counts the record's right window as a closed window it could not update.
        context.metrics.lateWindowUpdates++;
      }
      // Late: the record is in no window, even when its right window was created from later records.
      if (!counted) reportLate(context, settings, key, value, timestamp, streamTime.value);
      windowsOf.evictDue(visibleFrom() - 1);
    },
  };
};

function hasWindowAt(list: WindowEntry[], start: number): boolean {
  const index = lastIndexAtOrBefore(list, start);
  return index >= 0 && list[index].start === start;
}
