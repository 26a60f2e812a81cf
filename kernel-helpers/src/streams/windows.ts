import { parseDuration, type Duration } from './duration.js';
import { StreamsError } from './errors.js';

/** How long after a window's end records may still update it, in event time. Default 0. */
export interface GraceOption {
  grace?: Duration;
}

/** Fixed-size, non-overlapping windows [start, start + size), aligned to the epoch. */
export interface TumblingWindows {
  readonly kind: 'tumbling';
  readonly sizeMs: number;
  /** Always equal to sizeMs: a tumbling window is a hopping window that advances by its size. */
  readonly advanceMs: number;
  readonly graceMs: number;
}

/** Fixed-size windows [start, start + size) starting every `advance` ms, aligned to the epoch; they overlap. */
export interface HoppingWindows {
  readonly kind: 'hopping';
  readonly sizeMs: number;
  readonly advanceMs: number;
  readonly graceMs: number;
}

/**
 * Kafka Streams' sliding windows: record-driven windows [start, start + maxDifference], both ends
 * inclusive, one ending at each record and one starting just after it when it has later neighbours.
 */
export interface SlidingWindows {
  readonly kind: 'sliding';
  readonly maxDifferenceMs: number;
  readonly graceMs: number;
}

/** Per-key sessions: records less than or exactly `inactivityGap` apart belong to the same session. */
export interface SessionWindows {
  readonly kind: 'session';
  readonly inactivityGapMs: number;
  readonly graceMs: number;
}

/**
 * How far apart in event time two records of a stream–stream join may be: a record at t meets
 * the other stream's records of the same key in [t - before, t + after] (both inclusive).
 */
export interface JoinWindows {
  readonly kind: 'join';
  readonly beforeMs: number;
  readonly afterMs: number;
  readonly graceMs: number;
}

/** Join window of ± `timeDifference` (Kafka Streams' `JoinWindows.ofTimeDifferenceAndGrace`). */
export function joinWindow(timeDifference: Duration, options: GraceOption = {}): JoinWindows {
  const differenceMs = parseDuration(timeDifference, 'join window time difference');
  return { kind: 'join', beforeMs: differenceMs, afterMs: differenceMs, graceMs: parseDuration(options.grace ?? 0, 'grace') };
}

/** Windows with a fixed grid, assigned from the timestamp alone. */
export type TimeWindows = TumblingWindows | HoppingWindows;
/** Any window definition `windowedBy` accepts. */
export type WindowDefinition = TimeWindows | SlidingWindows | SessionWindows;

/** One window instance, in ms since the epoch. `end` is exclusive for time windows, inclusive for sliding and session windows. */
export interface Window {
  start: number;
  end: number;
}

function positive(duration: Duration, what: string): number {
  const ms = parseDuration(duration, what);
  if (ms === 0) throw new StreamsError(`${what} must be greater than zero`, { hint: "use at least '1ms'" });
  return ms;
}

/** Tumbling windows of `size` (e.g. `tumbling('1m', { grace: '10s' })`). */
export function tumbling(size: Duration, options: GraceOption = {}): TumblingWindows {
  const sizeMs = positive(size, 'tumbling window size');
  return { kind: 'tumbling', sizeMs, advanceMs: sizeMs, graceMs: parseDuration(options.grace ?? 0, 'grace') };
}

/** Hopping windows of `size` starting every `advance` (e.g. `hopping('5m', '1m')`); advance ≤ size. */
export function hopping(size: Duration, advance: Duration, options: GraceOption = {}): HoppingWindows {
  const sizeMs = positive(size, 'hopping window size');
  const advanceMs = positive(advance, 'hopping window advance');
  if (advanceMs > sizeMs) {
    throw new StreamsError(`hopping window advance (${advanceMs} ms) is larger than its size (${sizeMs} ms)`, {
      hint: 'records between windows would belong to none; make advance ≤ size (equal is a tumbling window)',
    });
  }
  return { kind: 'hopping', sizeMs, advanceMs, graceMs: parseDuration(options.grace ?? 0, 'grace') };
}

/** Kafka Streams' sliding windows: records at most `maxDifference` apart share a window. */
export function sliding(maxDifference: Duration, options: GraceOption = {}): SlidingWindows {
  return { kind: 'sliding', maxDifferenceMs: parseDuration(maxDifference, 'sliding window max difference'), graceMs: parseDuration(options.grace ?? 0, 'grace') };
}

/** Session windows closed by `inactivityGap` without records for the key. */
export function session(inactivityGap: Duration, options: GraceOption = {}): SessionWindows {
  return { kind: 'session', inactivityGapMs: positive(inactivityGap, 'session inactivity gap'), graceMs: parseDuration(options.grace ?? 0, 'grace') };
}

/**
 * The tumbling or hopping windows that contain `timestamp`, oldest first: every epoch-aligned
 * [start, start + size) with start ≤ timestamp < start + size (and start ≥ 0, as in Kafka Streams).
 */
export function windowsFor(windows: TimeWindows, timestamp: number): Window[] {
  const found: Window[] = [];
  for (let start = firstWindowStart(windows, timestamp); start <= timestamp; start += windows.advanceMs) {
    found.push({ start, end: start + windows.sizeMs });
  }
  return found;
}

/** Start of the oldest window containing `timestamp`. */
export function firstWindowStart(windows: TimeWindows, timestamp: number): number {
  const earliest = Math.max(0, timestamp - windows.sizeMs + windows.advanceMs);
  return earliest - (earliest % windows.advanceMs);
}

/** Human-readable summary, e.g. `hopping(size 5m, advance 1m, grace 10s)`. */
export function describeWindows(windows: WindowDefinition): string {
  const grace = `grace ${formatMs(windows.graceMs)}`;
  switch (windows.kind) {
    case 'tumbling':
      return `tumbling(size ${formatMs(windows.sizeMs)}, ${grace})`;
    case 'hopping':
      return `hopping(size ${formatMs(windows.sizeMs)}, advance ${formatMs(windows.advanceMs)}, ${grace})`;
    case 'sliding':
      return `sliding(max difference ${formatMs(windows.maxDifferenceMs)}, ${grace})`;
    case 'session':
      return `session(inactivity gap ${formatMs(windows.inactivityGapMs)}, ${grace})`;
  }
}

function formatMs(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}
