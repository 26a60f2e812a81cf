import type { SessionWindows } from '../windows.js';
import { createEmitter, reportLate, windowStoreKey, WindowEntry, type WindowedAggregateFactory } from './aggregation.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
import { WindowsByKey } from './window-index.js';

/**
 * Session window aggregation, as Kafka Streams' KStreamSessionWindowAggregate (4.x): a record
 * joins every session of its key that ends at or after timestamp - gap and starts at or before
 * timestamp + gap, merging them into one [first, last] session (both ends inclusive); the
 * merged-away sessions are retracted. The record is late when the merged session ends before
 * stream time - gap - grace. Sessions ending at or before that are forgotten (the session
 * store's retention is gap + grace), so a later record within the gap starts a new session.
 */
export const sessionWindowAggregate: WindowedAggregateFactory<SessionWindows> = (windows, aggregation, settings, context, children) => {
  const store: StateStore<WindowEntry | number> = context.store(settings.store);
  const { inactivityGapMs: gapMs, graceMs } = windows;
  const emitter = createEmitter(aggregation, settings, gapMs + graceMs, context, children);
  // Sessions are forgotten once they end at or before stream time - gap - grace.
  const sessions = new WindowsByKey(store, (session) => session.end);
  const streamTime = new StreamTime(store);

  context.onRestored(() => {
    streamTime.restore();
    sessions.restore();
    sessions.evictDue(streamTime.value - gapMs - graceMs);
  });

  return {
    process(key, value, timestamp) {
      if (droppedForNullKey(key, context)) return;
      streamTime.advance(timestamp);
      const closeTime = streamTime.value - gapMs - graceMs;
      const keySessions = sessions.of(key);
      let start = timestamp;
      let end = timestamp;
      let aggregate = aggregation.initial();
      let first = -1;
      let count = 0;
      for (let index = 0; index < keySessions.length; index++) {
        const session = keySessions[index];
        if (session.end < timestamp - gapMs || session.start > timestamp + gapMs) continue;
        if (first < 0) first = index;
        count++;
        aggregate = aggregation.merge(aggregate, session.value, key);
        if (session.start < start) start = session.start;
        if (session.end > end) end = session.end;
      }
      if (end < closeTime) {
        sessions.release(key);
        reportLate(context, settings, key, value, timestamp, streamTime.value);
        return;
      }
      // Matching sessions are contiguous in start order: no session lies between two that overlap the record.
      // The one starting where the merged session starts (if any) is kept and updated in place.
      let session: WindowEntry | undefined;
      for (let index = first; index < first + count; index++) if (keySessions[index].start === start) session = keySessions[index];
      const merging = count > 0 && !(start === timestamp && end === timestamp);
      if (merging) {
        for (const merged of keySessions.splice(first, count)) {
          if (merged === session) {
            emitter.extend(merged, merged.end);
          } else {
            emitter.retract(merged);
            store.delete(windowStoreKey(merged));
          }
        }
      }
      if (session === undefined) {
        session = new WindowEntry(key, start, end, aggregation.add(aggregate, value, key), end);
        sessions.add(session.storeKey, session);
      } else {
        session.end = end;
        session.timestamp = end;
        session.value = aggregation.add(aggregate, value, key);
        if (merging) sessions.add(session.storeKey, session);
        else store.set(session.storeKey, session);
      }
      emitter.update(session);
      sessions.evictDue(closeTime);
    },
  };
};
