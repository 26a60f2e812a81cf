import { isRetriable } from '../../errors.js';
import { StreamsError } from '../errors.js';

/**
 * How long processing may keep failing (batches, commits, the consumer itself) before `run()` gives
 * up: longer than a broker failover, where the controller fences a dead leader only after the
 * broker session timeout (9 s on the Streamlab stack, 18 s by default) and kafkajs's clients retry
 * for a couple of seconds per call.
 */
export const RETRY_BOUND_MS = 30_000;

/**
 * Whether a failure may pass by itself. kafkajs wraps a batch's error in its own (a
 * KafkaJSNonRetriableError around a KafkaJSNumberOfRetriesExceeded around ECONNREFUSED) when it
 * crashes the consumer: any error of the chain that may pass counts.
 */
export function mayPass(error: unknown): boolean {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 8; depth++) {
    if (isRetriable(current)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/** The current run of failures. */
interface Streak {
  /** The latest error. */
  error: Error;
  since: number;
  lastAt: number;
  /** The partition whose batch failed first; undefined for a consumer crash. */
  partition?: number;
  /** The consumer has joined its group since the latest failure: what failed may simply have no records left to retry. */
  settled: boolean;
}

/**
 * The failures of a `KafkaStreams` instance since processing last went well: a failed batch
 * (kafkajs fetches it again) lasts until a batch of its partition succeeds, a consumer crash
 * (kafkajs or the runtime restarts it) until any batch succeeds; a group join settles both until
 * the next failure. While a streak is open `run()` is not idle; past RETRY_BOUND_MS it gives up.
 */
export class FailureStreak {
  /** Failures noted since the instance was created. */
  count = 0;
  private streak?: Streak;

  constructor(private readonly boundMs = RETRY_BOUND_MS) {}

  /** A batch of `partition` failed, or (no partition) the consumer crashed. */
  failed(error: Error, partition?: number, now = Date.now()): void {
    this.count++;
    const streak = this.streak;
    // A settled streak long quiet is over: a new failure starts a new one.
    if (!streak || (streak.settled && now - streak.lastAt >= this.boundMs)) this.streak = { error, since: now, lastAt: now, partition, settled: false };
    else Object.assign(streak, { error, lastAt: now, settled: false });
  }

  /** A batch of `partition` succeeded. */
  succeeded(partition: number): void {
    if (this.streak?.partition === undefined || this.streak.partition === partition) this.streak = undefined;
  }

  /** The consumer joined its group. */
  rejoined(): void {
    if (this.streak) this.streak.settled = true;
  }

  /** Forgets everything but the count (a new start). */
  reset(): void {
    this.streak = undefined;
  }

  /** The latest error of an open (unsettled) streak. */
  get open(): Error | undefined {
    return this.streak && !this.streak.settled ? this.streak.error : undefined;
  }

  /** The one error `run()` ends with when an open streak has lasted the bound at `now`; undefined otherwise. */
  expired(now = Date.now()): StreamsError | undefined {
    const streak = this.streak;
    if (!streak || streak.settled || now - streak.since < this.boundMs) return undefined;
    const where = streak.partition === undefined ? 'the consumer' : `partition ${streak.partition}`;
    return new StreamsError(`processing ${where} kept failing for ${Math.round(this.boundMs / 1000)} s: ${streak.error.message}`, {
      hint: 'is the Kafka cluster reachable, with a leader for every partition? work not committed is done again at the next start (exactly_once: its open transaction is aborted)',
      cause: streak.error,
      retriable: mayPass(streak.error),
    });
  }
}
