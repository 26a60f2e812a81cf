import type { TimeWindows } from '../windows.js';
import { firstWindowStart } from '../windows.js';
import { reportLate, reviveWindows, WindowEntry, type Aggregation, type WindowedAggregateFactory, type WindowedAggregationSettings } from './aggregation.js';
import type { Processor, TaskContext } from './processor.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
import { OpenStarts } from './window-index.js';
import { bufferName, CurrentEmitter, TimeWindowFinalEmitter, type WindowEmitter } from './window-emitters.js';

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
  /** The open windows by start, then by record key: the store's own groups (no string key per window). */
  private readonly open: OpenStarts<Map<string, WindowEntry>>;
  /**
   * The timestamps [firstFrom, firstTo) whose oldest window starts at `first`: consecutive records
   * mostly share it, and computing it takes a floating-point remainder (timestamps are not 32-bit).
   */
  private firstFrom = 0;
  private firstTo = 0;
  private first = 0;

  constructor(
    private readonly windows: TimeWindows,
    private readonly aggregation: Aggregation<unknown>,
    private readonly settings: WindowedAggregationSettings,
    private readonly context: TaskContext,
    children: Processor[],
  ) {
    this.store = context.store(settings.store);
    this.emitter =
      settings.emit === 'final'
        ? new TimeWindowFinalEmitter(aggregation, children, context.store(bufferName(settings)), this.store, windows.sizeMs, windows.graceMs, context)
        : new CurrentEmitter(aggregation, children);
    this.streamTime = new StreamTime(this.store);
    this.sizeMs = windows.sizeMs;
    this.graceMs = windows.graceMs;
    this.open = new OpenStarts((start) => this.store.windowsStarting(start) as Map<string, WindowEntry>);
    context.onRestored(() => {
      reviveWindows(this.store);
      this.streamTime.restore();
      for (const start of [...this.store.windowStarts()]) this.open.group(start);
      this.expireClosed(this.streamTime.value - this.graceMs);
    });
  }

  /** Forgets (memory only) the windows that have closed: they take no more updates. */
  private expireClosed(closeTime: number): void {
    const open = this.open;
    while (open.first + this.sizeMs <= closeTime) {
      this.store.evictWindowsStarting(open.first);
      open.shift();
    }
  }

  /** Start of the oldest window containing `timestamp` (firstWindowStart, remembered per advance-long range). */
  private firstStart(timestamp: number): number {
    if (timestamp >= this.firstFrom && timestamp < this.firstTo) return this.first;
    const first = firstWindowStart(this.windows, timestamp);
    // Past the epoch clamp, every timestamp in [first + size - advance, first + size) has the same oldest window.
    if (first > 0) {
      this.firstFrom = first + this.sizeMs - this.windows.advanceMs;
      this.firstTo = first + this.sizeMs;
      this.first = first;
    }
    return first;
  }

  process(key: string | null, value: unknown, timestamp: number): void {
    if (droppedForNullKey(key, this.context)) return;
    const { aggregation, store, emitter, sizeMs } = this;
    this.streamTime.advance(timestamp);
    const closeTime = this.streamTime.value - this.graceMs;
    const advanceMs = this.windows.advanceMs;
    let updated = false;
    for (let start = this.firstStart(timestamp); start <= timestamp; start += advanceMs) {
      const end = start + sizeMs;
      if (end <= closeTime) {
        this.context.metrics.lateWindowUpdates++;
        continue;
      }
      const byKey = this.open.group(start);
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
