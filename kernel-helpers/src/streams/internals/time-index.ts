/**
 * A binary min-heap of (time, key): which store entries fall due first (windows to close,
 * results to emit). Entries are not removed when their store entry goes away; callers check
 * the entry is still current when they pop it.
 */
export class TimeIndex<K = string> {
  private times: number[] = [];
  private keys: K[] = [];

  get size(): number {
    return this.times.length;
  }

  push(time: number, key: K): void {
    const times = this.times;
    const keys = this.keys;
    let index = times.length;
    times.push(time);
    keys.push(key);
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (times[parent] <= time) break;
      times[index] = times[parent];
      keys[index] = keys[parent];
      index = parent;
    }
    times[index] = time;
    keys[index] = key;
  }

  /** The earliest time, or +Infinity when empty. */
  peekTime(): number {
    return this.times.length ? this.times[0] : Number.POSITIVE_INFINITY;
  }

  /** Removes the earliest entry and returns its key (undefined when empty). */
  pop(): K | undefined {
    const times = this.times;
    const keys = this.keys;
    if (!times.length) return undefined;
    const top = keys[0];
    const lastTime = times.pop()!;
    const lastKey = keys.pop()!;
    const length = times.length;
    if (length) {
      let index = 0;
      for (;;) {
        const left = 2 * index + 1;
        if (left >= length) break;
        const right = left + 1;
        const child = right < length && times[right] < times[left] ? right : left;
        if (times[child] >= lastTime) break;
        times[index] = times[child];
        keys[index] = keys[child];
        index = child;
      }
      times[index] = lastTime;
      keys[index] = lastKey;
    }
    return top;
  }
}
