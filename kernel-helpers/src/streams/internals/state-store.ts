/** A window kept in a store's window layout: the changelog key is `${start}|${key}`, built only when needed. */
export interface StoredWindow {
  readonly key: string;
  readonly start: number;
  readonly storeKey: string;
}

/** How a store files its windows in memory (the changelog sees `${start}|${key}` either way). */
interface WindowLayout<W extends StoredWindow> {
  get(start: number, key: string): W | undefined;
  /** Adds a window, or replaces the one with the same start and key (returned). */
  set(window: W): W | undefined;
  /** Removes this very window; false when the layout does not hold it. */
  delete(window: W): boolean;
  values(): IterableIterator<W>;
}

/**
 * Windows by start, then by record key (time windows, their suppress buffers): every window of
 * a start closes at once, so closing drops one group. No string key is built per window.
 */
export class WindowsByStart<W extends StoredWindow> implements WindowLayout<W> {
  private readonly groups = new Map<number, Map<string, W>>();
  /** The group last looked up, and its start: consecutive window operations mostly hit one start. */
  private lastStart = Number.NaN;
  private lastGroup: Map<string, W> | undefined = undefined;

  /** The windows starting at `start`, by record key (an empty group is created when absent). */
  starting(start: number): Map<string, W> {
    let group = this.groupAt(start);
    if (group === undefined) {
      this.groups.set(start, (group = new Map()));
      this.lastStart = start;
      this.lastGroup = group;
    }
    return group;
  }

  /** The starts that have a group. */
  starts(): IterableIterator<number> {
    return this.groups.keys();
  }

  /** Files `group` as the windows starting at `start` (replacing any group of that start). */
  adopt(start: number, group: Map<string, W>): void {
    this.groups.set(start, group);
    this.lastStart = start;
    this.lastGroup = group;
  }

  /** Drops every window starting at `start`; returns the group dropped. */
  dropStart(start: number): Map<string, W> | undefined {
    const group = this.groupAt(start);
    this.groups.delete(start);
    if (start === this.lastStart) {
      this.lastStart = Number.NaN;
      this.lastGroup = undefined;
    }
    return group;
  }

  get(start: number, key: string): W | undefined {
    return this.groupAt(start)?.get(key);
  }

  set(window: W): W | undefined {
    const group = this.starting(window.start);
    const previous = group.get(window.key);
    group.set(window.key, window);
    return previous;
  }

  delete(window: W): boolean {
    const group = this.groupAt(window.start);
    if (group === undefined || group.get(window.key) !== window) return false;
    group.delete(window.key);
    if (group.size === 0) this.dropStart(window.start);
    return true;
  }

  *values(): IterableIterator<W> {
    for (const group of this.groups.values()) yield* group.values();
  }

  private groupAt(start: number): Map<string, W> | undefined {
    if (start === this.lastStart) return this.lastGroup;
    const group = this.groups.get(start);
    if (group !== undefined) {
      this.lastStart = start;
      this.lastGroup = group;
    }
    return group;
  }
}

/**
 * Windows by record key, each key's list sorted by start (session and sliding windows, whose
 * starts are record timestamps: grouping by start would make a group per window).
 */
export class WindowsByKeyLayout<W extends StoredWindow> implements WindowLayout<W> {
  private readonly lists = new Map<string, W[]>();
  /**
   * Lists left empty: kept, as the key mostly comes back (a key with one session at a time
   * empties its list at every session), and swept when they outnumber the others.
   */
  private empty = 0;
  /** The key looked up last and its list: a record's lookups (its sessions, then adding one) mostly hit one key. */
  private lastKey: string | undefined = undefined;
  private lastList: W[] | undefined = undefined;

  /** The key's windows sorted by start (created empty when absent). */
  of(key: string): W[] {
    let list = this.listOf(key);
    if (list === undefined) {
      this.lists.set(key, (list = []));
      this.empty++;
      this.lastKey = key;
      this.lastList = list;
    }
    return list;
  }

  /** The key's list, if it has one. */
  private listOf(key: string): W[] | undefined {
    if (key === this.lastKey) return this.lastList;
    const list = this.lists.get(key);
    if (list !== undefined) {
      this.lastKey = key;
      this.lastList = list;
    }
    return list;
  }

  get(start: number, key: string): W | undefined {
    const list = this.listOf(key);
    if (list === undefined) return undefined;
    const index = lastIndexAtOrBefore(list, start);
    return index >= 0 && list[index].start === start ? list[index] : undefined;
  }

  set(window: W): W | undefined {
    const list = this.of(window.key);
    const index = lastIndexAtOrBefore(list, window.start);
    if (index >= 0 && list[index].start === window.start) {
      const previous = list[index];
      list[index] = window;
      return previous;
    }
    if (list.length === 0) this.empty--;
    if (index + 1 === list.length) list.push(window); // mostly: windows come in start order
    else list.splice(index + 1, 0, window);
    return undefined;
  }

  delete(window: W): boolean {
    const list = this.listOf(window.key);
    if (list === undefined) return false;
    const index = lastIndexAtOrBefore(list, window.start);
    if (index < 0 || list[index] !== window) return false;
    if (list.length === 1) {
      list.pop();
      this.empty++;
      this.sweep();
    } else if (index === list.length - 1) {
      list.pop();
    } else {
      list.splice(index, 1);
    }
    return true;
  }

  *values(): IterableIterator<W> {
    for (const list of this.lists.values()) yield* list;
  }

  /** Drops the empty lists once they are more than half of them (and more than 1,024). Only on a delete: callers may hold a list they took from `of`. */
  private sweep(): void {
    if (this.empty <= 1024 || this.empty * 2 <= this.lists.size) return;
    for (const [key, list] of this.lists) if (list.length === 0) this.lists.delete(key);
    this.empty = 0;
    this.lastKey = undefined;
    this.lastList = undefined;
  }
}

/** Index of the last window starting at or before `start` in a list sorted by start (-1 when none). */
export function lastIndexAtOrBefore(list: ReadonlyArray<{ readonly start: number }>, start: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (list[middle].start <= start) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/**
 * A keyed, in-memory state store. Every `set`/`delete` marks the key changed so the runtime can
 * write it to the store's changelog topic at the next commit (latest value per key, null for a
 * delete); `evict` forgets an entry in memory only (a closed window), `restore` loads one back.
 * Values are kept by reference: processors update them in place and call `touch`. Windows live
 * apart from `entries`, in a layout chosen by their processor (by start unless `windowsByKey()`
 * is called), and are written to the changelog under `${start}|${key}`.
 */
export class StateStore<V> {
  readonly entries = new Map<string, V>();
  private changed = new Set<string>();
  private layout: WindowsByStart<V & StoredWindow> | WindowsByKeyLayout<V & StoredWindow> = new WindowsByStart();
  private changedWindows = new Set<V & StoredWindow>();
  /**
   * The windows whose latest changelog record is a value (written at a commit, or restored): a
   * window gone from memory is written as a delete only if it is here. One created and dropped
   * between two commits (most closed or emitted windows) costs the changelog nothing.
   */
  private readonly loggedWindows = new WeakSet<V & StoredWindow>();

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

  /** Files this store's windows per record key, sorted by start; call before any window is added. */
  windowsByKey(): WindowsByKeyLayout<V & StoredWindow> {
    if (!(this.layout instanceof WindowsByKeyLayout)) this.layout = new WindowsByKeyLayout();
    return this.layout;
  }

  /** The windows by start (the default layout). */
  private byStart(): WindowsByStart<V & StoredWindow> {
    if (!(this.layout instanceof WindowsByStart)) throw new Error(`store ${this.name} files its windows by key`);
    return this.layout;
  }

  /** The windows starting at `start`, by record key (an empty group is created when absent). By-start layout only. */
  windowsStarting(start: number): Map<string, V & StoredWindow> {
    return this.byStart().starting(start);
  }

  /** Adds (or replaces) a window: `set(window.storeKey, window)` without the string key. */
  setWindow(window: V & StoredWindow): void {
    const previous = this.layout.set(window);
    if (previous !== undefined && previous !== window) this.inheritLogged(previous, window);
    if (this.trackChanges) this.changedWindows.add(window);
  }

  /**
   * `window` took the place of `previous` (same start and key: a restored copy superseded) in a
   * group its caller updates directly: the changelog's record of that key is now the window's.
   */
  inheritLogged(previous: V & StoredWindow, window: V & StoredWindow): void {
    if (this.loggedWindows.has(previous)) this.loggedWindows.add(window);
  }

  /** Marks a window updated in place as changed. */
  touchWindow(window: V & StoredWindow): void {
    if (this.trackChanges) this.changedWindows.add(window);
  }

  /** The window starting at `start` for record key `key`, if the store holds it. */
  windowAt(start: number, key: string): (V & StoredWindow) | undefined {
    return this.layout.get(start, key);
  }

  /** Removes a window (a changelog delete at the next commit). */
  deleteWindow(window: V & StoredWindow): void {
    if (this.layout.delete(window) && this.trackChanges) this.changedWindows.add(window);
  }

  /** Drops a window from memory without a changelog delete; false when the store did not hold it. */
  evictWindow(window: V & StoredWindow): boolean {
    return this.layout.delete(window);
  }

  /** Every window the store holds. */
  windows(): IterableIterator<V & StoredWindow> {
    return this.layout.values();
  }

  /** The starts that have a window group. By-start layout only. */
  windowStarts(): IterableIterator<number> {
    return this.byStart().starts();
  }

  /** Files `group` (another store's, shared) as the windows starting at `start`. By-start layout only. */
  adoptWindowGroup(start: number, group: Map<string, V & StoredWindow>): void {
    this.byStart().adopt(start, group);
  }

  /** Removes every window starting at `start` (changelog deletes at the next commit). By-start layout only. */
  deleteWindowsStarting(start: number): void {
    const group = this.byStart().dropStart(start);
    if (group !== undefined && this.trackChanges) for (const window of group.values()) this.changedWindows.add(window);
  }

  /** Drops every window starting at `start` from memory without changelog deletes (closed windows). By-start layout only. */
  evictWindowsStarting(start: number): void {
    this.byStart().dropStart(start);
  }

  /** Moves restored windows (loaded into `entries` under their flat keys) into the window layout. Not marked changed. */
  groupRestoredWindows(isWindow: (value: unknown) => boolean): void {
    for (const [key, value] of this.entries) {
      if (!isWindow(value)) continue;
      this.entries.delete(key);
      this.layout.set(value as V & StoredWindow);
      this.loggedWindows.add(value as V & StoredWindow);
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
    // A window changed then dropped from memory before the commit is written as a delete, as an
    // evicted flat entry is, unless the changelog never had it.
    for (const window of this.changedWindows) {
      if (this.layout.get(window.start, window.key) === window) {
        changes.push([window.storeKey, window]);
        this.loggedWindows.add(window);
      } else if (this.loggedWindows.delete(window)) {
        changes.push([window.storeKey, null]);
      }
    }
    this.changedWindows = new Set();
    return changes;
  }
}

/** Store key of the processor's stream time, kept next to its entries so it survives a restart. */
export const STREAM_TIME_KEY = '\u0000streamTime';
