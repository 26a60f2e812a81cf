import type { TimeWindows } from '../windows.js';
import { firstWindowStart } from '../windows.js';
import { createEmitter, reportLate, reviveWindows, WindowEntry, type WindowedAggregateFactory } from './aggregation.js';
import type { StateStore } from './state-store.js';
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
  // The store keeps windows grouped by start (then by the record's key string): no string key is
  // built per window. `starts` lists the open starts in order (a handful are open at once), each
  // with its group, so an update finds its group without a lookup by a non-integer number.
  const starts: number[] = [];
  const groups: Array<Map<string, WindowEntry>> = [];

  function windowsStarting(start: number): Map<string, WindowEntry> {
    let index = starts.length;
    while (index > 0) {
      const open = starts[index - 1];
      if (open === start) return groups[index - 1];
      if (open < start) break;
      index--;
    }
    const group = store.windowsStarting(start) as Map<string, WindowEntry>;
    starts.splice(index, 0, start);
    groups.splice(index, 0, group);
    return group;
  }

  /** Forgets (memory only) the windows that have closed: they take no more updates. */
  function expireClosed(closeTime: number): void {
    while (starts.length && starts[0] + sizeMs <= closeTime) {
      store.evictWindowsStarting(starts.shift()!);
      groups.shift();
    }
  }

  context.onRestored(() => {
    reviveWindows(store);
    streamTime.restore();
    store.groupRestoredWindows((entry) => entry instanceof WindowEntry);
    for (const start of [...store.windowStarts()]) windowsStarting(start);
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
          if (store.trackChanges) store.touchWindow(entry);
        } else {
          entry.value = aggregation.add(entry.value, value, key);
          if (timestamp > entry.timestamp) entry.timestamp = timestamp;
          if (store.trackChanges) store.touchWindow(entry);
        }
        updated = true;
        emitter.update(entry);
      }
      if (!updated) reportLate(context, settings, key, value, timestamp, streamTime.value);
      expireClosed(closeTime);
    },
  };
};
