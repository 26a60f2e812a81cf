/**
 * Lists the windows of one group (distinct record keys) in key order (JavaScript string order,
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

  /** Appends the windows of `group` (by their keys) to `out` (empty), in key order. */
  list(group: ReadonlyMap<string, W>, out: W[]): void {
    const count = group.size;
    if (count < 32) return this.compared(group, out);
    const { ranks, fresh, slots } = this;
    for (const window of group.values()) {
      const rank = ranks.get(window.key);
      if (rank === undefined) fresh.push(window.key);
      else slots[rank] = window;
    }
    if (fresh.length) {
      for (let rank = 0; rank < slots.length; rank++) slots[rank] = undefined;
      if (this.keys.length + fresh.length > 4 * count + 64) {
        // Mostly keys that do not come back: forget them rather than grow.
        this.forget();
        return this.compared(group, out);
      }
      this.learn();
      for (const window of group.values()) this.slots[ranks.get(window.key)!] = window;
    }
    const placed = this.slots;
    for (let rank = 0; rank < placed.length && out.length < count; rank++) {
      const window = placed[rank];
      if (window !== undefined) {
        out.push(window);
        placed[rank] = undefined;
      }
    }
  }

  /** The comparison sort, for small groups and keys that do not come back. */
  private compared(group: ReadonlyMap<string, W>, out: W[]): void {
    for (const window of group.values()) out.push(window);
    out.sort(byKey);
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
