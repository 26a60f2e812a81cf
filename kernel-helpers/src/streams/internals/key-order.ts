/**
 * Puts the windows of one group (distinct record keys) in key order (JavaScript string order,
 * as `<` compares) faster than a comparison sort when the same keys come back group after group,
 * as they do in a windowed aggregation: it remembers the keys seen, in order, with their ranks,
 * and places each window at its key's rank (a counting sort, O(keys remembered)). New keys are
 * merged into the order; when the remembered keys outgrow the groups (keys that never come back)
 * the memory is dropped and a comparison sort is used, so memory stays bounded by the groups.
 */
export class KeyOrder<W extends { readonly key: string }> {
  /** The keys remembered, sorted. */
  private keys: string[] = [];
  private readonly ranks = new Map<string, number>();
  /** Scratch: one slot per remembered key. */
  private slots: Array<W | undefined> = [];
  private readonly fresh: string[] = [];
  /** Scratch: the rank of each window's key. */
  private found = new Int32Array(0);

  /** Sorts `windows` (distinct keys) by key, in place. */
  sort(windows: W[]): void {
    const count = windows.length;
    if (count < 32) {
      windows.sort(byKey);
      return;
    }
    const { ranks, fresh } = this;
    let found = this.found;
    if (found.length < count) found = this.found = new Int32Array(Math.max(count, 2 * found.length));
    for (let index = 0; index < count; index++) {
      const key = windows[index].key;
      const rank = ranks.get(key);
      if (rank === undefined) fresh.push(key);
      else found[index] = rank;
    }
    if (fresh.length) {
      if (this.keys.length + fresh.length > 4 * count + 64) {
        // Mostly keys that do not come back: forget them rather than grow.
        this.forget();
        windows.sort(byKey);
        return;
      }
      this.learn();
      for (let index = 0; index < count; index++) found[index] = ranks.get(windows[index].key)!;
    }
    const slots = this.slots;
    for (let index = 0; index < count; index++) slots[found[index]] = windows[index];
    let next = 0;
    for (let rank = 0; rank < slots.length && next < count; rank++) {
      const window = slots[rank];
      if (window !== undefined) {
        windows[next++] = window;
        slots[rank] = undefined;
      }
    }
  }

  /** Merges the fresh keys into the sorted keys and renumbers the ranks. */
  private learn(): void {
    const fresh = this.fresh.sort();
    const old = this.keys;
    const merged: string[] = new Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) merged[k] = j >= fresh.length || (i < old.length && old[i] < fresh[j]) ? old[i++] : fresh[j++];
    this.keys = merged;
    this.fresh.length = 0;
    for (let rank = 0; rank < merged.length; rank++) this.ranks.set(merged[rank], rank);
    this.slots = new Array<W | undefined>(merged.length).fill(undefined);
  }

  private forget(): void {
    this.keys = [];
    this.ranks.clear();
    this.slots = [];
    this.fresh.length = 0;
  }
}

/** Key order for distinct keys. */
function byKey(a: { readonly key: string }, b: { readonly key: string }): number {
  return a.key < b.key ? -1 : 1;
}
