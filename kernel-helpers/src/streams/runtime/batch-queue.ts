/**
 * Runs the consumer's batches (restores included) one at a time, and knows whether one is in
 * progress and when the last one ended: what a bounded run's idle check and `stop()` wait on.
 */
export class BatchQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private running = 0;
  /** When a batch last ended, or the queue was last reset (ms since the epoch). */
  lastActivityAt = Date.now();

  /** Whether a batch is in progress or waiting. */
  get busy(): boolean {
    return this.running > 0;
  }

  /** Runs `work` after every batch before it has finished. */
  run<T>(work: () => Promise<T>): Promise<T> {
    this.running++;
    const result = this.tail.then(work, work).finally(() => {
      this.running--;
      this.lastActivityAt = Date.now();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every batch queued so far has ended, or with false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    return new Promise((resolveDrained) => {
      const timer = setTimeout(() => resolveDrained(false), timeoutMs);
      void this.tail.then(() => {
        clearTimeout(timer);
        resolveDrained(true);
      });
    });
  }
}

/** `promise`, or `undefined` once `timeoutMs` has passed (`promise` goes on, its result ignored). */
export function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T | undefined> {
  return new Promise((resolveWithin, rejectWithin) => {
    const timer = setTimeout(() => resolveWithin(undefined), Math.max(0, timeoutMs));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolveWithin(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        rejectWithin(error);
      },
    );
  });
}
