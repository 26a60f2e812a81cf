/**
 * Which store entries fall due first (windows to close, results to emit), by (time, key).
 * Entries are not removed when their store entry goes away; callers check the entry is still
 * current when they pop it. Streams are mostly in time order, so times mostly arrive in order:
 * those go to a sorted queue (O(1) push and pop); a time earlier than the queue's last goes to a
 * binary min-heap (O(log n)). Pops take the earlier head of the two; equal times pop queue first.
 */
export class TimeIndex<K = string> {
  // The sorted queue: entries from `head` on, in time order.
  private queueTimes: number[] = [];
  private queueKeys: K[] = [];
  private head = 0;
  // The heap of out-of-order entries.
  private times: number[] = [];
  private keys: K[] = [];

  get size(): number {
    return this.queueTimes.length - this.head + this.times.length;
  }

  push(time: number, key: K): void {
    const queueTimes = this.queueTimes;
    if (queueTimes.length === this.head || queueTimes[queueTimes.length - 1] <= time) {
      queueTimes.push(time);
      this.queueKeys.push(key);
    } else {
      this.heapPush(time, key);
    }
  }

  /** The earliest time, or +Infinity when empty. */
  peekTime(): number {
    const queued = this.head < this.queueTimes.length ? this.queueTimes[this.head] : Number.POSITIVE_INFINITY;
    const heaped = this.times.length ? this.times[0] : Number.POSITIVE_INFINITY;
    return queued <= heaped ? queued : heaped;
  }

  /** Removes the earliest entry and returns its key (undefined when empty). */
  pop(): K | undefined {
    const head = this.head;
    const queueTimes = this.queueTimes;
    if (head < queueTimes.length && (this.times.length === 0 || queueTimes[head] <= this.times[0])) {
      const key = this.queueKeys[head];
      this.queueKeys[head] = undefined as K; // let the popped key be collected
      this.head = head + 1;
      if (this.head === queueTimes.length) {
        queueTimes.length = 0;
        this.queueKeys.length = 0;
        this.head = 0;
      } else if (this.head >= 1024 && this.head * 2 >= queueTimes.length) {
        queueTimes.splice(0, this.head);
        this.queueKeys.splice(0, this.head);
        this.head = 0;
      }
      return key;
    }
    return this.heapPop();
  }

  private heapPush(time: number, key: K): void {
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

  private heapPop(): K | undefined {
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
