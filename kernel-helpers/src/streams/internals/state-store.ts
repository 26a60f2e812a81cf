/** A window kept in a store's window groups: the changelog key is `${start}|${key}`, built only when needed. */
export interface StoredWindow {
  readonly key: string;
  readonly start: number;
  readonly storeKey: string;
}

/**
 * A keyed, in-memory state store. Every `set`/`delete` marks the key changed so the runtime can
 * write it to the store's changelog topic at the next commit (latest value per key, null for a
 * delete); `evict` forgets an entry in memory only (a closed window), `restore` loads one back.
 * Values are kept by reference: processors update them in place and call `touch`.
 */
export class StateStore<V> {
  readonly entries = new Map<string, V>();
  private changed = new Set<string>();
  /**
   * Windows by start, then by record key: the same data as `entries` would hold under
   * `${start}|${key}`, without building that string per window (it is built at commit, for the
   * changelog, and for inspection). Closing every window of a start drops one group.
   */
  private readonly windowGroups = new Map<number, Map<string, V & StoredWindow>>();
  private changedWindows = new Set<V & StoredWindow>();

  constructor(
    readonly name: string,
    /** Off in the test driver, where nothing is written anywhere: callers may then skip building keys for `touch`. */
    readonly trackChanges: boolean,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.entries.set(key, value);
    if (this.trackChanges) this.changed.add(key);
  }

  /** Marks an entry updated in place as changed. */
  touch(key: string): void {
    if (this.trackChanges) this.changed.add(key);
  }

  delete(key: string): void {
    this.entries.delete(key);
    if (this.trackChanges) this.changed.add(key);
  }

  /** Drops an entry from memory without a changelog delete (restore skips it by its own rule). */
  evict(key: string): void {
    this.entries.delete(key);
  }

  /** The windows starting at `start`, by record key (an empty group is created when absent). */
  windowsStarting(start: number): Map<string, V & StoredWindow> {
    let group = this.windowGroups.get(start);
    if (group === undefined) this.windowGroups.set(start, (group = new Map()));
    return group;
  }

  /** Adds (or replaces) a window in its group: `set(window.storeKey, window)` without the string key. */
  setWindow(window: V & StoredWindow): void {
    this.windowsStarting(window.start).set(window.key, window);
    if (this.trackChanges) this.changedWindows.add(window);
  }

  /** Marks a window updated in place as changed. */
  touchWindow(window: V & StoredWindow): void {
    if (this.trackChanges) this.changedWindows.add(window);
  }

  /** The window starting at `start` for record key `key`, if the store holds it. */
  windowAt(start: number, key: string): (V & StoredWindow) | undefined {
    return this.windowGroups.get(start)?.get(key);
  }

  /** Removes a window (a changelog delete at the next commit); an emptied group goes too. */
  deleteWindow(window: V & StoredWindow): void {
    const group = this.windowGroups.get(window.start);
    if (group === undefined || group.get(window.key) !== window) return;
    group.delete(window.key);
    if (group.size === 0) this.windowGroups.delete(window.start);
    if (this.trackChanges) this.changedWindows.add(window);
  }

  /** Every window the store holds. */
  *windows(): IterableIterator<V & StoredWindow> {
    for (const group of this.windowGroups.values()) yield* group.values();
  }

  /** The starts that have a window group. */
  windowStarts(): IterableIterator<number> {
    return this.windowGroups.keys();
  }

  /** Drops every window starting at `start` from memory without changelog deletes (closed windows). */
  evictWindowsStarting(start: number): void {
    this.windowGroups.delete(start);
  }

  /** Moves restored windows (loaded into `entries` under their flat keys) into the window groups. Not marked changed. */
  groupRestoredWindows(isWindow: (value: unknown) => boolean): void {
    for (const [key, value] of this.entries) {
      if (!isWindow(value)) continue;
      this.entries.delete(key);
      const window = value as V & StoredWindow;
      this.windowsStarting(window.start).set(window.key, window);
    }
  }

  /** Every entry under its changelog key (windows as `${start}|${key}`), for inspection. */
  snapshot(): Map<string, V> {
    const all = new Map<string, V>(this.entries);
    for (const window of this.windows()) all.set(window.storeKey, window);
    return all;
  }

  /** Loads a changelog entry: a value, or null for a delete. Not marked changed. */
  restore(key: string, value: V | null): void {
    if (value === null) this.entries.delete(key);
    else this.entries.set(key, value);
  }

  /** The changes since the last call, as [key, value or null], and forgets them. */
  takeChanges(): Array<[string, V | null]> {
    const changes: Array<[string, V | null]> = [];
    for (const key of this.changed) changes.push([key, this.entries.get(key) ?? null]);
    this.changed = new Set();
    // A window changed then dropped from memory before the commit is written as a delete, as an evicted flat entry is.
    for (const window of this.changedWindows) changes.push([window.storeKey, this.windowGroups.get(window.start)?.get(window.key) === window ? window : null]);
    this.changedWindows = new Set();
    return changes;
  }
}

/** Store key of the processor's stream time, kept next to its entries so it survives a restart. */
export const STREAM_TIME_KEY = '\u0000streamTime';
