import type { TimeWindows } from '../windows.js';
import { firstWindowStart } from '../windows.js';
import { createEmitter, reportLate, reviveWindows, WindowEntry, type Aggregation, type WindowEmitter, type WindowedAggregateFactory, type WindowedAggregationSettings } from './aggregation.js';
import type { Processor, TaskContext } from './processor.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';

/**
 * Tumbling and hopping window aggregation, as Kafka Streams' KStreamWindowAggregate: stream
 * time is the largest timestamp this processor has seen; a window [start, end) takes updates
 * while end > stream time - grace; a record whose windows have all closed is late.
 */
export const timeWindowAggregate: WindowedAggregateFactory<TimeWindows> = (windows, aggregation, settings, context, children) =>
  new TimeWindowAggregate(windows, aggregation, settings, context, children);

class TimeWindowAggregate implements Processor {
  private readonly store: StateStore<WindowEntry | number>;
  private readonly emitter: WindowEmitter;
  private readonly streamTime: StreamTime;
  private readonly sizeMs: number;
  private readonly graceMs: number;
  // The store keeps windows grouped by start (then by the record's key string): no string key is
  // built per window. `starts` lists the open starts in order (a handful are open at once), each
  // with its group, so an update finds its group without a lookup by a non-integer number.
  private readonly starts: number[] = [];
  private readonly groups: Array<Map<string, WindowEntry>> = [];

  constructor(
    private readonly windows: TimeWindows,
    private readonly aggregation: Aggregation<unknown>,
    private readonly settings: WindowedAggregationSettings,
    private readonly context: TaskContext,
    children: Processor[],
  ) {
    this.store = context.store(settings.store);
    this.emitter = createEmitter(aggregation, settings, windows.graceMs, context, children);
    this.streamTime = new StreamTime(this.store);
    this.sizeMs = windows.sizeMs;
    this.graceMs = windows.graceMs;
    context.onRestored(() => {
      reviveWindows(this.store);
      this.streamTime.restore();
      for (const start of [...this.store.windowStarts()]) this.windowsStarting(start);
      this.expireClosed(this.streamTime.value - this.graceMs);
    });
  }

  /** The open group of windows starting at `start` (opened when absent). */
  private windowsStarting(start: number): Map<string, WindowEntry> {
    const starts = this.starts;
    let index = starts.length;
    while (index > 0) {
      const open = starts[index - 1];
      if (open === start) return this.groups[index - 1];
      if (open < start) break;
      index--;
    }
    const group = this.store.windowsStarting(start) as Map<string, WindowEntry>;
    starts.splice(index, 0, start);
    this.groups.splice(index, 0, group);
    return group;
  }

  /** Forgets (memory only) the windows that have closed: they take no more updates. */
  private expireClosed(closeTime: number): void {
    const starts = this.starts;
    while (starts.length && starts[0] + this.sizeMs <= closeTime) {
      this.store.evictWindowsStarting(starts.shift()!);
      this.groups.shift();
    }
  }

  process(key: string | null, value: unknown, timestamp: number): void {
    if (droppedForNullKey(key, this.context)) return;
    const { aggregation, store, emitter, sizeMs } = this;
    this.streamTime.advance(timestamp);
    const closeTime = this.streamTime.value - this.graceMs;
    const advanceMs = this.windows.advanceMs;
    let updated = false;
    for (let start = firstWindowStart(this.windows, timestamp); start <= timestamp; start += advanceMs) {
      const end = start + sizeMs;
      if (end <= closeTime) {
        this.context.metrics.lateWindowUpdates++;
        continue;
      }
      const byKey = this.windowsStarting(start);
      let entry = byKey.get(key);
      if (entry === undefined) {
        entry = new WindowEntry(key, start, end, aggregation.add(aggregation.initial(), value, key), timestamp);
        byKey.set(key, entry);
      } else {
        entry.value = aggregation.add(entry.value, value, key);
        if (timestamp > entry.timestamp) entry.timestamp = timestamp;
      }
      if (store.trackChanges) store.touchWindow(entry);
      updated = true;
      emitter.update(entry);
    }
    if (!updated) reportLate(this.context, this.settings, key, value, timestamp, this.streamTime.value);
    this.expireClosed(closeTime);
  }
}
