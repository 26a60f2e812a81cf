import type { JoinWindows } from '../windows.js';
import { forward, type Processor, type TaskContext } from './processor.js';
import { droppedForNullKey, StreamTime } from './stream-time.js';

/** A buffered record of one join side. */
interface Buffered {
  value: unknown;
  timestamp: number;
}

/** The state both sides of one stream–stream join share inside a task. */
interface JoinState {
  left: Map<string, Buffered[]>;
  right: Map<string, Buffered[]>;
  streamTime: StreamTime;
}

const states = new WeakMap<TaskContext, Map<string, JoinState>>();

/**
 * One side of a windowed stream–stream inner join (Kafka Streams' KStreamKStreamJoin): each
 * record is buffered, then meets the other side's buffered records of its key whose timestamp
 * is within the window; each pair is emitted once, when its second record arrives, stamped with
 * the larger timestamp. Stream time is shared by both sides; a record with
 * t + after + grace < stream time is late and dropped. Buffers are in memory only.
 */
export function streamJoinSide(
  name: string,
  side: 'left' | 'right',
  windows: JoinWindows,
  joiner: (left: never, right: never, key: string) => unknown,
  context: TaskContext,
  children: Processor[],
): Processor {
  let byName = states.get(context);
  if (!byName) states.set(context, (byName = new Map()));
  let state = byName.get(name);
  if (!state) {
    const streamTime = new StreamTime(context.store(`${name}-time`));
    byName.set(name, (state = { left: new Map(), right: new Map(), streamTime }));
    context.onRestored(() => streamTime.restore());
  }
  const shared = state;
  const own = side === 'left' ? shared.left : shared.right;
  const other = side === 'left' ? shared.right : shared.left;
  // The other side's records a record at t meets: [t - before, t + after] for the left, mirrored for the right.
  const beforeMs = side === 'left' ? windows.beforeMs : windows.afterMs;
  const afterMs = side === 'left' ? windows.afterMs : windows.beforeMs;
  const retentionMs = windows.beforeMs + windows.afterMs + windows.graceMs;

  return {
    process(key, value, timestamp) {
      if (droppedForNullKey(key, context) || value === null || value === undefined) return;
      shared.streamTime.advance(timestamp);
      if (timestamp + afterMs + windows.graceMs < shared.streamTime.value) {
        context.metrics.lateRecords++;
        return;
      }
      let mine = own.get(key);
      if (!mine) own.set(key, (mine = []));
      mine.push({ value, timestamp });
      const theirs = other.get(key);
      if (theirs) {
        for (const match of theirs) {
          if (match.timestamp < timestamp - beforeMs || match.timestamp > timestamp + afterMs) continue;
          const joined = side === 'left' ? joiner(value as never, match.value as never, key) : joiner(match.value as never, value as never, key);
          forward(children, key, joined, Math.max(timestamp, match.timestamp));
        }
      }
      expire(own, key, shared.streamTime.value - retentionMs);
      if (theirs) expire(other, key, shared.streamTime.value - retentionMs);
    },
  };
}

/** Drops a key's buffered records older than `before` (they can meet no accepted record any more). */
function expire(buffers: Map<string, Buffered[]>, key: string, before: number): void {
  const list = buffers.get(key)!;
  let keep = 0;
  while (keep < list.length && list[keep].timestamp < before) keep++;
  if (keep === list.length) buffers.delete(key);
  else if (keep) list.splice(0, keep);
}
