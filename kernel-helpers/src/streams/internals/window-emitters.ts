import { reviveWindows, WindowEntry, type Aggregation, type WindowedAggregationSettings } from './aggregation.js';
import { forward, type Processor, type TaskContext } from './processor.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';
import { StreamTime } from './stream-time.js';
import { KeyOrder } from './key-order.js';
import { TimeIndex } from './time-index.js';
import { OpenStarts } from './window-index.js';

/** Where a windowed aggregation sends window updates and retractions (merged-away sessions). */
export interface WindowEmitter {
  update(entry: WindowEntry): void;
  /** The window is gone (a session merged into another one). */
  retract(entry: WindowEntry): void;
  /** A session kept its start but ended at `previousEnd` until now: its old extent is withdrawn; `update` follows. */
  extend(entry: WindowEntry, previousEnd: number): void;
}

/** Current mode: every update goes downstream at once (Kafka Streams with caching off). */
export class CurrentEmitter implements WindowEmitter {
  constructor(
    private readonly aggregation: Aggregation<unknown>,
    private readonly children: Processor[],
  ) {}

  update(entry: WindowEntry): void {
    forward(this.children, entry.key, this.aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
  }

  retract(entry: WindowEntry): void {
    forward(this.children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: entry.end, retracted: true }, entry.end);
  }

  extend(entry: WindowEntry, previousEnd: number): void {
    forward(this.children, entry.key, { key: entry.key, windowStart: entry.start, windowEnd: previousEnd, retracted: true }, previousEnd);
  }
}

/**
 * Final mode for session and sliding windows, like `suppress(Suppressed.untilWindowCloses(...))`: keeps the latest result of
 * each window in a buffer (its own changelogged store) and emits it once the buffer's stream
 * time reaches window end + `closeAfterMs` (grace; inactivity gap + grace for sessions).
 * Retracted sessions leave the buffer unsent. The buffer holds the aggregation's window objects
 * themselves (no copy): `bufferedEnd` says whether, and at which end, a window is buffered.
 */
export class FinalEmitter implements WindowEmitter {
  /**
   * The buffered windows by due time: one entry per buffered window, at the end it had when
   * buffered. A window whose end grew since (a session extended) is filed again at its
   * `bufferedEnd` when its entry is reached; one no longer buffered (`bufferedEnd` -1) is skipped.
   */
  private readonly due = new TimeIndex<WindowEntry>();
  private readonly streamTime: StreamTime;
  /** Set when the buffer was restored with windows: they are other objects than the aggregation's, found by lookup. */
  private restoredCopies = false;
  private readonly closed: Array<WindowEntry | undefined> = [];

  constructor(
    private readonly aggregation: Aggregation<unknown>,
    private readonly children: Processor[],
    private readonly buffer: StateStore<WindowEntry | number>,
    private readonly closeAfterMs: number,
    context: TaskContext,
  ) {
    buffer.windowsByKey(); // session and sliding windows: starts are record timestamps
    this.streamTime = new StreamTime(buffer);
    context.onRestored(() => {
      reviveWindows(buffer);
      this.streamTime.restore();
      for (const copy of buffer.windows()) {
        const window = copy as WindowEntry;
        window.bufferedEnd = window.end;
        this.due.push(window.end, window);
        this.restoredCopies = true;
      }
    });
  }

  update(entry: WindowEntry): void {
    if (entry.bufferedEnd < 0) {
      if (this.restoredCopies) this.dropRestoredCopy(entry);
      this.buffer.setWindow(entry);
    } else if (this.buffer.trackChanges) {
      this.buffer.touchWindow(entry);
    }
    if (entry.bufferedEnd !== entry.end) {
      entry.bufferedEnd = entry.end;
      this.due.push(entry.end, entry);
    }
    this.streamTime.advance(entry.timestamp);
    this.emitClosed();
  }

  extend(): void {
    // The buffered result is replaced by the update that follows.
  }

  retract(entry: WindowEntry): void {
    if (entry.bufferedEnd >= 0) {
      this.buffer.deleteWindow(entry);
      entry.bufferedEnd = -1;
    } else if (this.restoredCopies) {
      const copy = this.buffer.windowAt(entry.start, entry.key) as WindowEntry | undefined;
      if (copy === undefined) return;
      this.buffer.deleteWindow(copy);
      copy.bufferedEnd = -1;
    }
  }

  /** A restored buffer copy of `entry`'s window is superseded by `entry` (its due entry goes stale). */
  private dropRestoredCopy(entry: WindowEntry): void {
    const copy = this.buffer.windowAt(entry.start, entry.key) as WindowEntry | undefined;
    if (copy !== undefined && copy !== entry) copy.bufferedEnd = -1;
  }

  /** Emits, in window-end order, every buffered window due at or before buffer stream time - closeAfterMs. */
  private emitClosed(): void {
    const closeTime = this.streamTime.value - this.closeAfterMs;
    const due = this.due;
    if (due.peekTime() > closeTime) return;
    // Filled from 0 and emptied slot by slot: never truncated (a truncated array gives up its storage).
    const closed = this.closed;
    let count = 0;
    while (due.peekTime() <= closeTime) {
      const time = due.peekTime();
      const window = due.pop()!;
      if (window.bufferedEnd !== time) continue;
      this.buffer.deleteWindow(window);
      window.bufferedEnd = -1;
      closed[count++] = window;
    }
    // In window-end order, then key and start, like Kafka Streams' time-ordered buffer: the same order after a restore.
    if (count > 1) sortByEndKeyStart(closed, count);
    const { aggregation, children } = this;
    for (let index = 0; index < count; index++) {
      const entry = closed[index]!;
      closed[index] = undefined;
      forward(children, entry.key, aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
    }
  }
}

/** Window-end order, then key, then start. */
function byEndKeyStart(a: WindowEntry, b: WindowEntry): number {
  return a.end - b.end || (a.key < b.key ? -1 : a.key > b.key ? 1 : a.start - b.start);
}

/**
 * Sorts the first `count` windows closing together by `byEndKeyStart`: by insertion when they are few (they mostly
 * are, and come nearly in end order from the due index), else by `Array.prototype.sort`. Two
 * windows never tie (a key's sessions or sliding windows have distinct starts), so both give one order.
 */
function sortByEndKeyStart(windows: Array<WindowEntry | undefined>, count: number): void {
  if (count > 16) {
    const sorted = (windows.slice(0, count) as WindowEntry[]).sort(byEndKeyStart);
    for (let index = 0; index < count; index++) windows[index] = sorted[index];
    return;
  }
  for (let index = 1; index < count; index++) {
    const window = windows[index]!;
    let at = index;
    while (at > 0 && byEndKeyStart(windows[at - 1]!, window) > 0) {
      windows[at] = windows[at - 1];
      at--;
    }
    windows[at] = window;
  }
}

/**
 * Final mode for tumbling and hopping windows: as `FinalEmitter`, but every window of a start
 * ends at once, so the buffer emits whole groups by start (each in key order: the same order as
 * window end, key, start) and needs no due index. Until a restore brings buffered windows back,
 * the buffer's group of a start is the aggregation store's very group (the same Map: every
 * window of the aggregation is buffered from its first update until its group is emitted, after
 * which the aggregation no longer updates it), so a window costs one map entry, not two.
 */
export class TimeWindowFinalEmitter implements WindowEmitter {
  /** The buffered groups by start. */
  private readonly open: OpenStarts<Map<string, WindowEntry>>;
  private readonly streamTime: StreamTime;
  /** False once restored state exists: the buffer then keeps groups of its own. */
  private shareGroups = true;
  private readonly closing: WindowEntry[] = [];
  private readonly keyOrder = new KeyOrder<WindowEntry>();

  constructor(
    private readonly aggregation: Aggregation<unknown>,
    private readonly children: Processor[],
    private readonly buffer: StateStore<WindowEntry | number>,
    /** The aggregation's store, whose groups the buffer shares. */
    private readonly source: StateStore<WindowEntry | number>,
    private readonly sizeMs: number,
    private readonly graceMs: number,
    context: TaskContext,
  ) {
    this.streamTime = new StreamTime(buffer);
    this.open = new OpenStarts((start) => this.openGroup(start));
    context.onRestored(() => {
      reviveWindows(buffer);
      this.streamTime.restore();
      // Restored windows, the buffer's or the aggregation's (in its entries until it groups them), are other objects.
      const restored = [...buffer.windowStarts()];
      if (restored.length || source.windows().next().done !== true) this.shareGroups = false;
      for (const key of source.entries.keys()) if (key !== STREAM_TIME_KEY) this.shareGroups = false;
      for (const start of restored) for (const window of this.open.group(start).values()) window.bufferedEnd = window.end;
    });
  }

  update(entry: WindowEntry): void {
    if (entry.bufferedEnd < 0) {
      const group = this.open.group(entry.start);
      // Shared, the group already holds the window (the aggregation put it there).
      const current = this.shareGroups ? entry : group.get(entry.key);
      if (current !== entry) {
        // Not shared (after a restore): the window supersedes its restored copy, if any.
        if (current !== undefined) this.buffer.inheritLogged(current, entry);
        group.set(entry.key, entry);
      }
      entry.bufferedEnd = entry.end;
    }
    if (this.buffer.trackChanges) this.buffer.touchWindow(entry);
    this.streamTime.advance(entry.timestamp);
    const closeTime = this.streamTime.value - this.graceMs;
    if (this.open.first + this.sizeMs <= closeTime) this.emitClosed(closeTime);
  }

  extend(): void {
    // Time windows never grow.
  }

  retract(): void {
    // Time windows are never merged away.
  }

  /** A buffer group for a start not buffered yet: the aggregation's own group when shared. */
  private openGroup(start: number): Map<string, WindowEntry> {
    if (!this.shareGroups) return this.buffer.windowsStarting(start) as Map<string, WindowEntry>;
    const group = this.source.windowsStarting(start) as Map<string, WindowEntry>;
    this.buffer.adoptWindowGroup(start, group);
    return group;
  }

  /** Emits every group whose windows end at or before `closeTime`, in start order, each by key. */
  private emitClosed(closeTime: number): void {
    const { open, closing, aggregation, children } = this;
    while (open.first + this.sizeMs <= closeTime) {
      const start = open.first;
      const group = open.shift()!;
      this.buffer.deleteWindowsStarting(start);
      this.keyOrder.list(group, closing);
      for (let index = 0; index < closing.length; index++) {
        const entry = closing[index];
        entry.bufferedEnd = -1;
        forward(children, entry.key, aggregation.format(entry.key, entry.start, entry.end, entry.value), entry.timestamp);
      }
      closing.length = 0;
    }
  }
}

/** Builds the emitter `settings.emit` asks for, for session and sliding windows. */
export function createEmitter(
  aggregation: Aggregation<unknown>,
  settings: WindowedAggregationSettings,
  closeAfterMs: number,
  context: TaskContext,
  children: Processor[],
): WindowEmitter {
  return settings.emit === 'final'
    ? new FinalEmitter(aggregation, children, context.store(bufferName(settings)), closeAfterMs, context)
    : new CurrentEmitter(aggregation, children);
}

/** The suppress buffer's store name. */
export function bufferName(settings: WindowedAggregationSettings): string {
  return `${settings.store}-suppress-buffer`;
}
