import type { TimeWindows } from '../windows.js';
import { firstWindowStart } from '../windows.js';
import { createEmitter, reportLate, type WindowedAggregateFactory, type WindowEntry } from './aggregation.js';
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
  // Open windows by start, then key: lookups by number and by the record's own key string, no key building per update.
  const windowsByStart = new Map<number, Map<string, WindowEntry>>();
  const starts: number[] = [];

  function windowsStarting(start: number): Map<string, WindowEntry> {
    let byKey = windowsByStart.get(start);
    if (byKey === undefined) {
      windowsByStart.set(start, (byKey = new Map()));
      let index = starts.length;
      while (index > 0 && starts[index - 1] > start) index--;
      starts.splice(index, 0, start);
    }
    return byKey;
  }

  /** Forgets (memory only) the windows that have closed: they take no more updates. */
  function expireClosed(closeTime: number): void {
    while (starts.length && starts[0] + sizeMs <= closeTime) {
      const start = starts.shift()!;
      for (const key of windowsByStart.get(start)!.keys()) store.evict(`${start}|${key}`);
      windowsByStart.delete(start);
    }
  }

  context.onRestored(() => {
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
          entry = { key, start, end, value: aggregation.add(aggregation.initial(), value, key), timestamp };
          byKey.set(key, entry);
          store.set(`${start}|${key}`, entry);
        } else {
          entry.value = aggregation.add(entry.value, value, key);
          if (timestamp > entry.timestamp) entry.timestamp = timestamp;
          if (store.trackChanges) store.touch(`${start}|${key}`);
        }
        updated = true;
        emitter.update(entry);
      }
      if (!updated) reportLate(context, settings, key, value, timestamp, streamTime.value);
      expireClosed(closeTime);
    },
  };
};
