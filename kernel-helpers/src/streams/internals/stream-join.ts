import type { JoinWindows } from '../windows.js';
import { forward, type Processor, type TaskContext } from './processor.js';
import type { StateStore } from './state-store.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';
import { TimeIndex } from './time-index.js';

/** The buffered records of one key and timestamp on one join side: one store entry, values in arrival order. */
interface Bucket {
  key: string;
  timestamp: number;
  values: unknown[];
}

/** A bucket in memory: also its store key, `${timestamp}|${key}`, built once (not written to the changelog). */
class StoredBucket implements Bucket {
  readonly storeKey: string;

  constructor(
    readonly key: string,
    readonly timestamp: number,
    readonly values: unknown[],
  ) {
    this.storeKey = `${timestamp}|${key}`;
  }

  toJSON(): Bucket {
    return { key: this.key, timestamp: this.timestamp, values: this.values };
  }
}

/**
 * One side's buffer of a stream–stream join (Kafka Streams' JOINTHIS/JOINOTHER window store):
 * per key, buckets sorted by timestamp, kept in a changelogged store so a restarted task goes on
 * joining; buckets older than the join's retention are deleted (store and changelog) as stream
 * time passes them, whether or not their key shows up again.
 */
class JoinBuffer {
  private readonly byKey = new Map<string, StoredBucket[]>();
  /** Every bucket by timestamp: the next to expire first. */
  private due = new TimeIndex<StoredBucket>();

  constructor(private readonly store: StateStore<Bucket>) {}

  /** Buffers `value` of `key` at `timestamp`. */
  add(key: string, value: unknown, timestamp: number): void {
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    let index = list.length;
    while (index > 0 && list[index - 1].timestamp > timestamp) index--;
    const previous = list[index - 1];
    if (previous !== undefined && previous.timestamp === timestamp) {
      previous.values.push(value);
      this.store.touch(previous.storeKey);
      return;
    }
    const bucket = new StoredBucket(key, timestamp, [value]);
    if (index === list.length) list.push(bucket);
    else list.splice(index, 0, bucket);
    this.due.push(timestamp, bucket);
    this.store.set(bucket.storeKey, bucket);
  }

  /** The buckets of `key`, oldest first (undefined when none). */
  bucketsOf(key: string): readonly Bucket[] | undefined {
    return this.byKey.get(key);
  }

  /** Deletes every bucket older than `before`: it can meet no record that is not late. */
  expire(before: number): void {
    while (this.due.peekTime() < before) {
      const bucket = this.due.pop()!;
      const list = this.byKey.get(bucket.key)!;
      // The oldest bucket overall is the oldest of its key.
      list.shift();
      if (!list.length) this.byKey.delete(bucket.key);
      this.store.delete(bucket.storeKey);
    }
  }

  /** Rebuilds the indexes from the restored store, deleting what expired before the restart. */
  restore(before: number): void {
    this.byKey.clear();
    this.due = new TimeIndex<StoredBucket>();
    for (const [storeKey, restored] of [...this.store.entries]) {
      if (restored.timestamp < before) {
        this.store.delete(storeKey);
        continue;
      }
      const bucket = new StoredBucket(restored.key, restored.timestamp, restored.values);
      this.store.restore(storeKey, bucket);
      let list = this.byKey.get(bucket.key);
      if (!list) this.byKey.set(bucket.key, (list = []));
      list.push(bucket);
      this.due.push(bucket.timestamp, bucket);
    }
    for (const list of this.byKey.values()) list.sort((a, b) => a.timestamp - b.timestamp);
  }
}

/** The state both sides of one stream–stream join share inside a task. */
interface JoinState {
  left: JoinBuffer;
  right: JoinBuffer;
  streamTime: StreamTime;
  /** before + after + grace: how long a buffered record can still meet a record that is not late. */
  retentionMs: number;
}

const states = new WeakMap<TaskContext, Map<string, JoinState>>();

/** The join's shared state in this task, created (with its restore step) by the first side built. */
function joinState(name: string, windows: JoinWindows, context: TaskContext): JoinState {
  let byName = states.get(context);
  if (!byName) states.set(context, (byName = new Map()));
  let state = byName.get(name);
  if (!state) {
    const created: JoinState = {
      left: new JoinBuffer(context.store(`${name}-this-store`)),
      right: new JoinBuffer(context.store(`${name}-other-store`)),
      streamTime: new StreamTime(context.store(`${name}-time`)),
      retentionMs: windows.beforeMs + windows.afterMs + windows.graceMs,
    };
    context.onRestored(() => {
      created.streamTime.restore();
      created.left.restore(created.streamTime.value - created.retentionMs);
      created.right.restore(created.streamTime.value - created.retentionMs);
    });
    byName.set(name, (state = created));
  }
  return state;
}

/**
 * One side of a windowed stream–stream inner join (Kafka Streams' KStreamKStreamJoin): each
 * record is buffered, then meets the other side's buffered records of its key whose timestamp
 * is within the window (oldest first); each pair is emitted once, when its second record
 * arrives, stamped with the larger timestamp. Stream time is shared by both sides; a record
 * with t + after + grace < stream time is late and dropped. Buffers and stream time are
 * restored from their changelogs; buffered records older than stream time − (before + after +
 * grace) are deleted.
 */
export function streamJoinSide(
  name: string,
  side: 'left' | 'right',
  windows: JoinWindows,
  joiner: (left: never, right: never, key: string) => unknown,
  context: TaskContext,
  children: Processor[],
): Processor {
  const shared = joinState(name, windows, context);
  const own = side === 'left' ? shared.left : shared.right;
  const other = side === 'left' ? shared.right : shared.left;
  // The other side's records a record at t meets: [t - before, t + after] for the left, mirrored for the right.
  const beforeMs = side === 'left' ? windows.beforeMs : windows.afterMs;
  const afterMs = side === 'left' ? windows.afterMs : windows.beforeMs;

  return {
    process(key, value, timestamp) {
      if (droppedForNullKey(key, context) || value === null || value === undefined) return;
      shared.streamTime.advance(timestamp);
      if (timestamp + afterMs + windows.graceMs < shared.streamTime.value) {
        context.metrics.lateRecords++;
        return;
      }
      own.add(key, value, timestamp);
      const theirs = other.bucketsOf(key);
      if (theirs !== undefined) {
        const from = timestamp - beforeMs;
        const to = timestamp + afterMs;
        for (let index = 0; index < theirs.length && theirs[index].timestamp <= to; index++) {
          const match = theirs[index];
          if (match.timestamp < from) continue;
          const at = Math.max(timestamp, match.timestamp);
          for (const matched of match.values) {
            const joined = side === 'left' ? joiner(value as never, matched as never, key) : joiner(matched as never, value as never, key);
            forward(children, key, joined, at);
          }
        }
      }
      const before = shared.streamTime.value - shared.retentionMs;
      own.expire(before);
      other.expire(before);
    },
  };
}
