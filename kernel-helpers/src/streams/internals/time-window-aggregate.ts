import type { TimeWindows } from '../windows.js';
import { firstWindowStart } from '../windows.js';
import { createEmitter, reportLate, reviveWindows, WindowEntry, type WindowedAggregateFactory } from './aggregation.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';

/**
 * Tumbling and hopping window aggregation, as Kafka Streams' KStreamWindowAggregate: stream
 * time is the largest timestamp this processor has seen; a window [start, end) takes updates
 * while end > stream time - grace; a record whose windows have all closed is late.
 */
export const timeWindowAggregate: WindowedAggregateFactory<TimeWindows> = (windows, aggregation, settings, context, children) => {
  const store: StateStore<WindowEntry | number> = context.store(settings.store);
  const emitter = createEmitter(aggregation, settings, windows.graceMs, context, children);
  const { sizeMs, advanceMs, graceMs } = windows;
  const streamTime = new StreamTime(store);
  // Open windows by start (a short array, sorted: a handful of windows are open at once), then by
  // the record's own key string: no key building and no lookup by a non-integer number per update.
  const buckets: WindowsStarting[] = [];

  function windowsStarting(start: number): Map<string, WindowEntry> {
    let index = buckets.length;
    while (index > 0) {
      const bucket = buckets[index - 1];
      if (bucket.start === start) return bucket.byKey;
      if (bucket.start < start) break;
      index--;
    }
    const bucket = new WindowsStarting(start);
    buckets.splice(index, 0, bucket);
    return bucket.byKey;
  }

  /** Forgets (memory only) the windows that have closed: they take no more updates. */
  function expireClosed(closeTime: number): void {
    while (buckets.length && buckets[0].start + sizeMs <= closeTime) {
      for (const entry of buckets.shift()!.byKey.values()) store.evict(entry.storeKey);
    }
  }

  context.onRestored(() => {
    reviveWindows(store);
    streamTime.restore();
    for (const [storeKey, entry] of store.entries) {
      if (storeKey !== STREAM_TIME_KEY) windowsStarting((entry as WindowEntry).start).set((entry as WindowEntry).key, entry as WindowEntry);
    }
    expireClosed(streamTime.value - graceMs);
  });

  return {
    process(key, value, timestamp) {
      if (droppedForNullKey(key, context)) return;
      streamTime.advance(timestamp);
      const closeTime = streamTime.value - graceMs;
      let updated = false;
      for (let start = firstWindowStart(windows, timestamp); start <= timestamp; start += advanceMs) {
        const end = start + sizeMs;
        if (end <= closeTime) {
          context.metrics.lateWindowUpdates++;
          continue;
        }
        const byKey = windowsStarting(start);
        let entry = byKey.get(key);
        if (entry === undefined) {
          entry = new WindowEntry(key, start, end, aggregation.add(aggregation.initial(), value, key), timestamp);
          byKey.set(key, entry);
          store.set(entry.storeKey, entry);
        } else {
          entry.value = aggregation.add(entry.value, value, key);
          if (timestamp > entry.timestamp) entry.timestamp = timestamp;
          if (store.trackChanges) store.touch(entry.storeKey);
        }
        updated = true;
        emitter.update(entry);
      }
      if (!updated) reportLate(context, settings, key, value, timestamp, streamTime.value);
      expireClosed(closeTime);
    },
  };
};

/** The open windows that start at `start`, by key. */
class WindowsStarting {
  readonly byKey = new Map<string, WindowEntry>();
  constructor(readonly start: number) {}
}
