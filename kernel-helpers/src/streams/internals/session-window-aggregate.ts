import type { SessionWindows } from '../windows.js';
import { reportLate, WindowEntry, type Aggregation, type WindowedAggregateFactory, type WindowedAggregationSettings } from './aggregation.js';
import type { Processor, TaskContext } from './processor.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
import { createEmitter, type WindowEmitter } from './window-emitters.js';
import { lastIndexAtOrBefore, WindowsByKey } from './window-index.js';

/**
 * Session window aggregation, as Kafka Streams' KStreamSessionWindowAggregate (4.x): a record
 * joins every session of its key that ends at or after timestamp - gap and starts at or before
 * timestamp + gap, merging them into one [first, last] session (both ends inclusive); the
 * merged-away sessions are retracted. The record is late when the merged session ends before
 * stream time - gap - grace. Sessions ending at or before that are forgotten (the session
 * store's retention is gap + grace), so a later record within the gap starts a new session.
 */
export const sessionWindowAggregate: WindowedAggregateFactory<SessionWindows> = (windows, aggregation, settings, context, children) =>
  new SessionWindowAggregate(windows, aggregation, settings, context, children);

class SessionWindowAggregate implements Processor {
  private readonly store: StateStore<WindowEntry | number>;
  private readonly emitter: WindowEmitter;
  private readonly gapMs: number;
  /** Sessions are forgotten once they end at or before stream time - gap - grace. */
  private readonly retentionMs: number;
  /** Each key's sessions sorted by start; they never overlap, so they are sorted by end too. */
  private readonly sessions: WindowsByKey;
  private readonly streamTime: StreamTime;

  constructor(
    windows: SessionWindows,
    private readonly aggregation: Aggregation<unknown>,
    private readonly settings: WindowedAggregationSettings,
    private readonly context: TaskContext,
    children: Processor[],
  ) {
    this.store = context.store(settings.store);
    this.gapMs = windows.inactivityGapMs;
    this.retentionMs = windows.inactivityGapMs + windows.graceMs;
    this.emitter = createEmitter(aggregation, settings, this.retentionMs, context, children);
    this.sessions = new WindowsByKey(this.store, (session) => session.end);
    this.streamTime = new StreamTime(this.store);
    context.onRestored(() => {
      this.streamTime.restore();
      this.sessions.restore();
      this.sessions.evictDue(this.streamTime.value - this.retentionMs);
    });
  }

  process(key: string | null, value: unknown, timestamp: number): void {
    if (droppedForNullKey(key, this.context)) return;
    const { aggregation, gapMs, sessions, store, emitter } = this;
    this.streamTime.advance(timestamp);
    const closeTime = this.streamTime.value - this.retentionMs;
    const keySessions = sessions.of(key);
    // The sessions the record reaches are contiguous: those starting at or before timestamp + gap
    // are a prefix of the list, and among them the ones ending at or after timestamp - gap its tail.
    const last = lastIndexAtOrBefore(keySessions, timestamp + gapMs);
    let first = last + 1;
    while (first > 0 && keySessions[first - 1].end >= timestamp - gapMs) first--;
    let start = timestamp;
    let end = timestamp;
    let aggregate = aggregation.initial();
    for (let index = first; index <= last; index++) {
      const session = keySessions[index];
      aggregate = aggregation.merge(aggregate, session.value, key);
      if (session.start < start) start = session.start;
      if (session.end > end) end = session.end;
    }
    if (end < closeTime) {
      reportLate(this.context, this.settings, key, value, timestamp, this.streamTime.value);
      return;
    }
    // The session starting where the merged session starts (if any) is kept and updated in place.
    let session = first <= last && keySessions[first].start === start ? keySessions[first] : undefined;
    if (first <= last && !(start === timestamp && end === timestamp)) {
      for (let index = first; index <= last; index++) {
        const merged = keySessions[index];
        if (merged === session) emitter.extend(merged, merged.end);
        else emitter.retract(merged);
      }
      // Backwards, so deleting one leaves the indexes of those before it in place.
      for (let index = last; index >= first; index--) if (keySessions[index] !== session) store.deleteWindow(keySessions[index]);
    }
    if (session === undefined) {
      session = new WindowEntry(key, start, end, aggregation.add(aggregate, value, key), end);
      sessions.add(session);
    } else {
      const moved = session.end !== end;
      session.end = end;
      session.timestamp = end;
      session.value = aggregation.add(aggregate, value, key);
      if (store.trackChanges) store.touchWindow(session);
      if (moved) sessions.reschedule(session);
    }
    emitter.update(session);
    sessions.evictDue(closeTime);
  }
}
