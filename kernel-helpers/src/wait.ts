import { isRetriable, StackError, WaitTimeoutError } from './errors.js';

export interface WaitOptions {
  /** What we wait for, as the user would say it ("Kafka node 1 to answer metadata requests"). */
  what: string;
  timeoutMs: number;
  /** Shown when the wait times out. */
  hint: string;
  /** The process we wait on; when it returns false (it died) the wait ends at once. */
  stillAlive?: () => boolean;
  intervalMs?: number;
  /** Errors of this class thrown by the probe end the wait at once, even retriable ones. */
  rethrow?: abstract new (...args: never[]) => Error;
}

/**
 * Polls `probe` until it returns a value other than undefined/false. An error thrown by the probe
 * means "not yet" only when it is retriable (`isRetriable`: a service still starting, a topic still
 * being created); any other error (a wrong config, a rejected statement) ends the wait at once with
 * its real reason. Fails fast when the watched process dies (`stillAlive`, a StackError), and with a
 * WaitTimeoutError naming `what` (and the last retriable error) on timeout. Never a fixed sleep.
 */
// T excludes void: a probe that resolves to nothing would be polled until the timeout.
export async function waitUntil<T extends {} | null>(probe: () => Promise<T | undefined | false>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const result = await probe().catch((error: unknown) => {
      if (options.rethrow && error instanceof options.rethrow) throw error;
      if (!isRetriable(error)) throw error;
      lastError = error;
      return undefined;
    });
    if (result !== undefined && result !== false) return result;
    if (options.stillAlive && !options.stillAlive()) {
      throw new StackError(`the process exited while waiting for ${options.what}`, { hint: options.hint });
    }
    if (Date.now() > deadline) {
      const last = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new WaitTimeoutError(`timed out after ${(options.timeoutMs / 1000).toFixed(options.timeoutMs < 10_000 ? 1 : 0)} s waiting for ${options.what}${last}`, {
        hint: options.hint,
        cause: lastError,
      });
    }
    await sleep(options.intervalMs ?? 250);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolveSleep) => setTimeout(resolveSleep, ms));
}
