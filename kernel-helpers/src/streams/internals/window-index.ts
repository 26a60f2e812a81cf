import { reviveWindows, type WindowEntry } from './aggregation.js';
import type { StateStore, WindowsByKeyLayout } from './state-store.js';
import { TimeIndex } from './time-index.js';

export { lastIndexAtOrBefore } from './state-store.js';

/**
 * The windows of a session or sliding store, filed by key (each key's list sorted by start, the
 * store's own layout), plus when each window may be forgotten (`dueTime`): the index these
 * aggregations search and expire.
 */
export class WindowsByKey {
  private readonly lists: WindowsByKeyLayout<WindowEntry>;
  private readonly due = new TimeIndex<WindowEntry>();

  constructor(
    private readonly store: StateStore<WindowEntry | number>,
    private readonly dueTime: (window: WindowEntry) => number,
  ) {
    this.lists = store.windowsByKey() as WindowsByKeyLayout<WindowEntry>;
  }

  /** The key's windows sorted by start (created empty when absent). */
  of(key: string): WindowEntry[] {
    return this.lists.of(key);
  }

  /** Adds a window to the store (a changelog write) and schedules its expiry. */
  add(window: WindowEntry): void {
    this.store.setWindow(window);
    this.due.push(this.dueTime(window), window);
  }

  /** A window's due time moved (it was updated in place): schedules it again; the old entry goes stale. */
  reschedule(window: WindowEntry): void {
    this.due.push(this.dueTime(window), window);
  }

  /** Evicts (memory only) every window whose due time is at or before `time`. */
  evictDue(time: number): void {
    const due = this.due;
    while (due.peekTime() <= time) {
      const dueAt = due.peekTime();
      const window = due.pop()!;
      if (this.dueTime(window) === dueAt) this.store.evictWindow(window);
    }
  }

  /** Rebuilds the index from the restored store. */
  restore(): void {
    reviveWindows(this.store);
    for (const window of this.store.windows()) this.due.push(this.dueTime(window as WindowEntry), window as WindowEntry);
  }
}

/**
 * The open groups of a time-window store by start, in start order (a handful are open at once):
 * an update finds its group by a short scan from the latest, with no lookup by a non-integer number.
 */
export class OpenStarts<G> {
  private readonly starts: number[] = [];
  private readonly groups: G[] = [];

  /** `open(start)` makes the group of a start not open yet. */
  constructor(private readonly open: (start: number) => G) {}

  /** The group of `start`, opened when absent. */
  group(start: number): G {
    const starts = this.starts;
    let index = starts.length;
    while (index > 0) {
      const open = starts[index - 1];
      if (open === start) return this.groups[index - 1];
      if (open < start) break;
      index--;
    }
    const group = this.open(start);
    starts.splice(index, 0, start);
    this.groups.splice(index, 0, group);
    return group;
  }

  /** The earliest open start (+Infinity when none). */
  get first(): number {
    return this.starts.length ? this.starts[0] : Number.POSITIVE_INFINITY;
  }

  /** Closes the earliest open start and returns its group. */
  shift(): G | undefined {
    this.starts.shift();
    return this.groups.shift();
  }
}
