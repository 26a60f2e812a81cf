import type { BenchEvent } from '../events.js';

/** A windowed count result as the engine's sink receives it (count with final emission). */
export interface CountResult {
  key: string;
  value: { key: string; windowStart: number; windowEnd: number; count: number };
  timestamp: number;
}

/** One open session of a key, in the plain loop: both ends inclusive, like the engine's. */
interface OpenSession {
  start: number;
  end: number;
  count: number;
  /** Set when the session was merged into another one or emitted: its entries in `closing` are stale. */
  gone: boolean;
}

/** A session waiting to close, filed by the end it had when filed (stale if the session moved since). */
interface Closing {
  end: number;
  key: string;
  start: number;
  session: OpenSession;
}

/** (end, key, start) order: the order in which the engine emits sessions that close together. */
function before(a: Closing, b: Closing): boolean {
  return a.end < b.end || (a.end === b.end && (a.key < b.key || (a.key === b.key && a.start < b.start)));
}

/**
 * The fair baseline for session windows: a plain hand-written loop that computes what the engine
 * computes, as a learner would write it. A Map per key of open sessions; a record merges every
 * session of its key within `gapMs` of it into one [first, last] session; a record whose merged
 * session ends before stream time - gap - grace is late and dropped; a session is emitted (and
 * forgotten) once stream time - gap - grace reaches its end, sessions closing together in
 * (end, key, start) order. Sessions waiting to close sit in one array sorted by that order
 * (binary search + splice: most land at its tail; emitted ones are passed by a read position). Pushes the results to `out`; returns the events read.
 */
export function plainLoopSessions(events: BenchEvent[], gapMs: number, graceMs: number, out: CountResult[]): number {
  const open = new Map<string, OpenSession[]>();
  const closing: Closing[] = [];
  /** `closing` from here on: the entries before it were emitted or stale (dropped now and then). */
  let head = 0;
  let streamTime = -Infinity;
  for (const { key, ts } of events) {
    if (ts > streamTime) streamTime = ts;
    const closeTime = streamTime - gapMs - graceMs;
    let sessions = open.get(key);
    if (sessions === undefined) open.set(key, (sessions = []));
    // The record and every open session of its key it reaches, merged.
    let start = ts;
    let end = ts;
    let count = 1;
    for (const session of sessions) {
      if (session.end < ts - gapMs || session.start > ts + gapMs) continue;
      if (session.start < start) start = session.start;
      if (session.end > end) end = session.end;
      count += session.count;
    }
    if (end >= closeTime) {
      const merged: OpenSession = { start, end, count, gone: false };
      const kept: OpenSession[] = [];
      for (const session of sessions) {
        if (session.end < ts - gapMs || session.start > ts + gapMs) kept.push(session);
        else session.gone = true;
      }
      kept.push(merged);
      if (kept.length > 1) kept.sort((a, b) => a.start - b.start);
      open.set(key, kept);
      const entry: Closing = { end, key, start, session: merged };
      let low = head;
      let high = closing.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (before(closing[middle], entry)) low = middle + 1;
        else high = middle;
      }
      closing.splice(low, 0, entry);
    } // else: late, dropped
    // Emit every session whose end is at or before stream time - gap - grace.
    while (head < closing.length && closing[head].end <= closeTime) {
      const { session, key: closedKey } = closing[head++];
      if (session.gone) continue;
      session.gone = true;
      const list = open.get(closedKey)!;
      list.splice(list.indexOf(session), 1);
      out.push({ key: closedKey, value: { key: closedKey, windowStart: session.start, windowEnd: session.end, count: session.count }, timestamp: session.end });
    }
    if (head > 4096 && head * 2 > closing.length) {
      closing.splice(0, head);
      head = 0;
    }
  }
  return events.length;
}

/**
 * The earlier session baseline, kept for comparison with past figures: per key one session,
 * extended by records within the gap, replaced otherwise. It only counts sessions: no grace, no
 * closing by stream time, no merging of sessions bridged by an out-of-order record, no results.
 */
export function countOnlyLoopSessions(events: BenchEvent[], gap: number): number {
  const sessions = new Map<string, { start: number; end: number; count: number }>();
  let closed = 0;
  for (const { key, ts } of events) {
    const current = sessions.get(key);
    if (current && ts >= current.start - gap && ts <= current.end + gap) {
      current.start = Math.min(current.start, ts);
      current.end = Math.max(current.end, ts);
      current.count += 1;
    } else {
      if (current) closed += 1;
      sessions.set(key, { start: ts, end: ts, count: 1 });
    }
  }
  return closed + sessions.size;
}

/**
 * The time-window baseline: per window start a Map of counts by key, closing a start's windows
 * by stream time. Counts only (returns windows emitted): it builds no result records.
 */
export function countOnlyLoopTimeWindows(events: BenchEvent[], size: number, advance: number, grace: number): number {
  const open = new Map<number, Map<string, number>>();
  let streamTime = -Infinity;
  let emitted = 0;
  for (const { key, ts } of events) {
    streamTime = Math.max(streamTime, ts);
    for (let start = ts - (ts % advance); start > ts - size; start -= advance) {
      if (start + size + grace <= streamTime) continue; // late for this window
      let counts = open.get(start);
      if (!counts) open.set(start, (counts = new Map()));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [start, counts] of open) {
      if (start + size + grace > streamTime) continue;
      emitted += counts.size;
      open.delete(start);
    }
  }
  return emitted;
}

/**
 * The time-window baseline that builds the engine's results: per window start a Map by key of
 * {count, latest timestamp}; once stream time passes a start's end + grace, that start's windows
 * are emitted, starts in order, each start's windows in key order (the engine's order). Pushes
 * the results to `out`; returns the events read.
 */
export function plainLoopTimeWindowRecords(events: BenchEvent[], size: number, advance: number, grace: number, out: CountResult[]): number {
  const open = new Map<number, Map<string, { count: number; timestamp: number }>>();
  let streamTime = -Infinity;
  for (const { key, ts } of events) {
    if (ts > streamTime) streamTime = ts;
    for (let start = ts - (ts % advance); start > ts - size; start -= advance) {
      if (start + size + grace <= streamTime) continue; // late for this window
      let windows = open.get(start);
      if (!windows) open.set(start, (windows = new Map()));
      const window = windows.get(key);
      if (window === undefined) windows.set(key, { count: 1, timestamp: ts });
      else {
        window.count += 1;
        if (ts > window.timestamp) window.timestamp = ts;
      }
    }
    const due: number[] = [];
    for (const start of open.keys()) if (start + size + grace <= streamTime) due.push(start);
    if (due.length === 0) continue;
    due.sort((a, b) => a - b);
    for (const start of due) {
      const windows = open.get(start)!;
      open.delete(start);
      for (const windowKey of [...windows.keys()].sort()) {
        const { count, timestamp } = windows.get(windowKey)!;
        out.push({ key: windowKey, value: { key: windowKey, windowStart: start, windowEnd: start + size, count }, timestamp });
      }
    }
  }
  return events.length;
}

/** The first difference between two result lists (in order), or null when they are equal. */
export function firstDifference(expected: CountResult[], actual: CountResult[]): string | null {
  const length = Math.max(expected.length, actual.length);
  const show = (record: CountResult | undefined): string => (record === undefined ? 'nothing' : JSON.stringify(record));
  for (let index = 0; index < length; index++) {
    const a = expected[index];
    const b = actual[index];
    if (a === undefined || b === undefined || a.key !== b.key || a.timestamp !== b.timestamp || a.value.key !== b.value.key || a.value.windowStart !== b.value.windowStart || a.value.windowEnd !== b.value.windowEnd || a.value.count !== b.value.count) {
      return `result ${index} of ${expected.length} vs ${actual.length}: ${show(a)} vs ${show(b)}`;
    }
  }
  return null;
}
