import { reviveWindows, type WindowEntry } from './aggregation.js';
import { STREAM_TIME_KEY, type StateStore } from './state-store.js';
import { TimeIndex } from './time-index.js';

/**
 * The windows of a store by key, each key's list sorted by start, plus when each window may be
 * forgotten (`dueTime`): the index session and sliding aggregations search and expire.
 */
export class WindowsByKey {
  private readonly lists = new Map<string, WindowEntry[]>();
  private readonly due = new TimeIndex();

  constructor(
    private readonly store: StateStore<WindowEntry | number>,
    private readonly dueTime: (window: WindowEntry) => number,
  ) {}

  /** The key's windows (created empty when absent). */
  of(key: string): WindowEntry[] {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = []));
    return list;
  }

  /** Adds a window to the store and the index. */
  add(storeKey: string, window: WindowEntry): void {
    insertByStart(this.of(window.key), window);
    this.store.set(storeKey, window);
    this.due.push(this.dueTime(window), storeKey);
  }

  /** Forgets an empty key list. */
  release(key: string): void {
    if (this.lists.get(key)?.length === 0) this.lists.delete(key);
  }

  /** Evicts (memory only) every window whose due time is at or before `time`. */
  evictDue(time: number): void {
    while (this.due.peekTime() <= time) {
      const dueAt = this.due.peekTime();
      const storeKey = this.due.pop()!;
      const window = this.store.get(storeKey) as WindowEntry | undefined;
      if (!window || this.dueTime(window) !== dueAt) continue;
      this.store.evict(storeKey);
      const list = this.lists.get(window.key)!;
      list.splice(list.indexOf(window), 1);
      this.release(window.key);
    }
  }

  /** Rebuilds the index from the restored store. */
  restore(): void {
    reviveWindows(this.store);
    for (const [storeKey, entry] of this.store.entries) {
      if (storeKey === STREAM_TIME_KEY) continue;
      const window = entry as WindowEntry;
      insertByStart(this.of(window.key), window);
      this.due.push(this.dueTime(window), storeKey);
    }
  }
}

/** Index of the last window starting at or before `start` (-1 when none). */
export function lastIndexAtOrBefore(list: WindowEntry[], start: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].start <= start) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

function insertByStart(list: WindowEntry[], window: WindowEntry): void {
  list.splice(lastIndexAtOrBefore(list, window.start) + 1, 0, window);
}
