import { DatasetError } from './errors.js';

/** Where replay reads the time and how it waits: the real clock by default, a fake one in tests. */
export interface ReplayClock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The process's monotonic clock and timers. */
export const systemClock: ReplayClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolveSleep) => {
      if (signal?.aborted) return resolveSleep();
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolveSleep();
      }
    }),
};

export interface ReplayOptions<T> {
  /**
   * Event-time milliseconds per wall-clock millisecond: 1 replays in real time, 60 turns a minute
   * of data into a second, Infinity (the default for replayToTopic) sends as fast as possible.
   * Default 1.
   */
  speed?: number;
  /** The time to pace by, ms. Default: `arrivalTs`, else `ts`, `time`, `date` or `timestamp` of the event. */
  timestampOf?: (event: T) => number;
  /** Stops the replay early (e.g. `AbortSignal.timeout(10_000)` to bound a notebook cell). */
  signal?: AbortSignal;
  /** Injected clock; default the system clock. */
  clock?: ReplayClock;
}

/**
 * Yields `events` in their order, each one when its time has come: the gap between two events'
 * timestamps, divided by `speed`, is the wall-clock wait between them. Waits are measured from the
 * first event, so slow consumers catch up instead of drifting; an event whose timestamp goes
 * backwards (out-of-order data) is yielded at once.
 */
export async function* replay<T>(events: Iterable<T> | AsyncIterable<T>, options: ReplayOptions<T> = {}): AsyncGenerator<T> {
  yield* paced(events, options);
}

/** replay() plus a hook run before each wait, so a caller can flush what it buffered. */
export async function* paced<T>(
  events: Iterable<T> | AsyncIterable<T>,
  options: ReplayOptions<T> & { beforeWait?: (waitMs: number) => Promise<void> },
): AsyncGenerator<T> {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new DatasetError(`speed must be > 0, got ${speed}`, { hint: 'use 1 for real time, 60 for a minute per second, Infinity for no pacing' });
  const clock = options.clock ?? systemClock;
  const timestampOf = options.timestampOf ?? arrivalTime;
  let origin: { event: number; wall: number } | undefined;
  for await (const event of events) {
    if (options.signal?.aborted) return;
    if (speed !== Infinity) {
      const timestamp = timestampOf(event);
      origin ??= { event: timestamp, wall: clock.now() };
      const dueAt = origin.wall + (timestamp - origin.event) / speed;
      if (dueAt > clock.now() && options.beforeWait) await options.beforeWait(dueAt - clock.now());
      // Node's timers can fire up to a millisecond early: sleep again until the event is due.
      for (let waitMs = dueAt - clock.now(); waitMs > 0; waitMs = dueAt - clock.now()) {
        await clock.sleep(waitMs, options.signal);
        if (options.signal?.aborted) return;
      }
    }
    yield event;
  }
}

const EVENT_TIME_FIELDS = ['ts', 'time', 'date', 'timestamp'] as const;

/** The event time of a dataset event: its numeric `ts`, `time`, `date` or `timestamp` field (ms). */
export function eventTime(event: unknown): number {
  return numericField(event, EVENT_TIME_FIELDS);
}

/** When an event reached the pipeline: `arrivalTs` if it has one (IoT readings), else its event time. */
export function arrivalTime(event: unknown): number {
  return numericField(event, ['arrivalTs', ...EVENT_TIME_FIELDS]);
}

function numericField(event: unknown, fields: readonly string[]): number {
  if (typeof event === 'object' && event !== null) {
    for (const field of fields) {
      const value = (event as Record<string, unknown>)[field];
      if (typeof value === 'number' && Number.isFinite(value)) return value;
    }
  }
  throw new DatasetError(`event has no numeric ${fields.join('/')} field: ${JSON.stringify(event)?.slice(0, 120)}`, {
    hint: 'pass timestampOf: (event) => <ms since the epoch>',
  });
}
