import { StreamsError } from '../errors.js';

/**
 * Where a `KafkaStreams` instance is in its life, as Kafka Streams' `KafkaStreams.State`:
 * `created` → `starting` (connecting, joining the group) → `running` (joined at least once) →
 * `stopping` (the batch in progress finishes, then everything disconnects) → `stopped`, or
 * `failed` (the consumer crashed for good, or `stop()` ran out of time). A stopped or failed
 * instance may be started again.
 */
export type StreamsState = 'created' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

/** The transitions allowed from each state. */
const NEXT: Readonly<Record<StreamsState, readonly StreamsState[]>> = {
  created: ['starting'],
  starting: ['running', 'stopping', 'failed'],
  running: ['stopping', 'failed'],
  stopping: ['stopped', 'failed'],
  stopped: ['starting'],
  failed: ['starting', 'stopping'],
};

/** The one state field of a `KafkaStreams` instance, with the error that made it `failed`. */
export class Lifecycle {
  private current: StreamsState = 'created';
  private error?: Error;

  get state(): StreamsState {
    return this.current;
  }

  /** Why the instance failed; undefined unless the state is `failed`. */
  get failure(): Error | undefined {
    return this.current === 'failed' ? this.error : undefined;
  }

  /** Whether records should still be processed: `starting` or `running`. */
  get active(): boolean {
    return this.current === 'starting' || this.current === 'running';
  }

  /** Whether `start()` may be called now. */
  get startable(): boolean {
    return NEXT[this.current].includes('starting');
  }

  /** Moves to `next`; a StreamsError when the transition is not allowed (a bug in the runtime). */
  to(next: StreamsState): void {
    if (!NEXT[this.current].includes(next)) {
      throw new StreamsError(`KafkaStreams cannot go from ${this.current} to ${next}`, { hint: `allowed from ${this.current}: ${NEXT[this.current].join(', ') || 'nothing'}` });
    }
    this.current = next;
    if (next === 'starting') this.error = undefined;
  }

  /** Moves to `failed` with `error` (the first error is kept when it fails again). */
  fail(error: Error): void {
    if (this.current !== 'failed') this.to('failed');
    this.error ??= error;
  }
}
