/** One event for the offline computation: its event time, in arrival order. */
export interface TimedEvent {
  /** Event time, ms since the epoch. */
  ts: number;
}

/** A window's final count, as Flink's `GROUP BY TUMBLE(...)` emits it. */
export interface WindowCount {
  windowStart: number;
  windowEnd: number;
  count: number;
}

/** What the offline computation found: the final windows and the records Flink drops as late. */
export interface OfflineWindows<E extends TimedEvent> {
  windows: WindowCount[];
  late: E[];
}

/**
 * Flink SQL's tumbling-window counts computed offline under the same watermark rules, for events in
 * the order one source subtask reads them (one partition), with `'scan.watermark.emit.strategy' =
 * 'on-event'`: the watermark after a record is max(event time so far) − `delayMs` (SQL's
 * `WATERMARK FOR t AS t - INTERVAL ...`, with no extra −1 ms), a record is dropped when its window's
 * end − 1 ms ≤ the watermark left by the records before it, and with a bounded source every
 * remaining window fires at the end. Windows are aligned to the epoch, like Flink's.
 */
export function tumblingCountsWithWatermark<E extends TimedEvent>(events: readonly E[], sizeMs: number, delayMs: number): OfflineWindows<E> {
  const counts = new Map<number, number>();
  const late: E[] = [];
  let watermark = Number.NEGATIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    const start = Math.floor(event.ts / sizeMs) * sizeMs;
    if (start + sizeMs - 1 <= watermark) {
      late.push(event);
    } else {
      counts.set(start, (counts.get(start) ?? 0) + 1);
    }
    maxTs = Math.max(maxTs, event.ts);
    watermark = Math.max(watermark, maxTs - delayMs);
  }
  const windows = [...counts.entries()].sort(([a], [b]) => a - b).map(([windowStart, count]) => ({ windowStart, windowEnd: windowStart + sizeMs, count }));
  return { windows, late };
}

/**
 * The Kafka Streams grace that drops exactly the records Flink's watermark drops: a record is late in
 * Kafka Streams when stream time ≥ window end + grace, in Flink when max event time − delay ≥ end − 1 ms,
 * so grace = delay − 1 ms (a 5 s watermark delay ↔ a 4,999 ms grace).
 */
export function equivalentGraceMs(watermarkDelayMs: number): number {
  return Math.max(0, watermarkDelayMs - 1);
}

/**
 * Hopping-window counts (Flink's `HOP`: windows of `sizeMs` starting every `slideMs`, aligned to the
 * epoch), for input with no late records: each event counts in every window that contains it.
 */
export function hoppingCounts(events: readonly TimedEvent[], sizeMs: number, slideMs: number): WindowCount[] {
  const counts = new Map<number, number>();
  for (const event of events) {
    const lastStart = Math.floor(event.ts / slideMs) * slideMs;
    for (let start = lastStart; start > event.ts - sizeMs; start -= slideMs) counts.set(start, (counts.get(start) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([windowStart, count]) => ({ windowStart, windowEnd: windowStart + sizeMs, count }));
}
