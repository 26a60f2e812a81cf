/**
 * A keyed, in-memory state store. Every `set`/`delete` marks the key changed so the runtime can
 * write it to the store's changelog topic at the next commit (latest value per key, null for a
 * delete); `evict` forgets an entry in memory only (a closed window), `restore` loads one back.
 * Values are kept by reference: processors update them in place and call `touch`.
 */
export class StateStore<V> {
  readonly entries = new Map<string, V>();
  private changed = new Set<string>();

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
    return changes;
  }
}

/** Store key of the processor's stream time, kept next to its entries so it survives a restart. */
export const STREAM_TIME_KEY = '\u0000streamTime';
