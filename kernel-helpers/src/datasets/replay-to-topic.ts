import { produce, type DeliveryReport, type ProduceOptions, type ProduceRecord } from '../kafka/index.js';
import { DatasetError } from './errors.js';
import { arrivalTime, eventTime, paced, type ReplayClock } from './replay.js';

export interface ReplayToTopicOptions<T> {
  /** Event-time ms per wall-clock ms (see replay); default Infinity: as fast as the broker takes it. */
  speed?: number;
  /** Record key: a field name or a function (default: no key, records spread over partitions). */
  key?: (keyof T & string) | ((event: T) => string | number | null | undefined);
  /** Record value (default: the event itself, as JSON). */
  value?: (event: T) => unknown;
  /** Record timestamp = event time, ms. Default: the event's `ts`, `time`, `date` or `timestamp`. */
  timestampOf?: (event: T) => number;
  /** Time to pace by. Default: `arrivalTs` when present (arrival order), else the event time. */
  paceBy?: (event: T) => number;
  /** Records per produce request (default 2000), sent one after another. */
  batchSize?: number;
  /** Called after each batch is acknowledged: records sent so far, total when known, elapsed ms. */
  onProgress?: (progress: ReplayProgress) => void;
  /** Total for progress when `events` is not an array. */
  total?: number;
  /** Stops early; what was sent stays sent. */
  signal?: AbortSignal;
  /** Passed to produce (acks, idempotent, compression). */
  produceOptions?: ProduceOptions;
  clock?: ReplayClock;
}

export interface ReplayProgress {
  done: number;
  total: number | undefined;
  elapsedMs: number;
}

/** What a replay sent. */
export interface ReplaySummary {
  produced: number;
  batches: number;
  /** Records per partition. */
  partitions: Record<number, number>;
  elapsedMs: number;
  /** True when `signal` stopped the replay before the end. */
  aborted: boolean;
}

/** Below this wait the buffer keeps filling; above it we send what we have before sleeping. */
const FLUSH_BEFORE_WAIT_MS = 10;

/**
 * Replays `events` into `topic`: paced by event time / `speed`, sent in batches through the
 * process's shared producer (as `produce`: no connect per call), each record stamped with its
 * event time. One batch is in flight at a time, so records of one key keep their order even when
 * a request is retried; the next batch is built while the previous one travels, and
 * leaves the moment that one is acknowledged. Reports progress after every batch.
 */
export async function replayToTopic<T>(topic: string, events: Iterable<T> | AsyncIterable<T>, options: ReplayToTopicOptions<T> = {}): Promise<ReplaySummary> {
  const batchSize = options.batchSize ?? 2000;
  if (!(batchSize >= 1)) throw new DatasetError(`batchSize must be >= 1, got ${batchSize}`, { hint: 'e.g. { batchSize: 2000 }' });
  const toRecord = recordBuilder(options);
  const total = Array.isArray(events) ? events.length : options.total;
  const started = performance.now();
  const summary: ReplaySummary = { produced: 0, batches: 0, partitions: {}, elapsedMs: 0, aborted: false };
  // The batch being filled, and the one in flight (its rejection is kept for the next await).
  let filling: ProduceRecord[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const delivered = (reports: DeliveryReport[]): void => {
    for (const report of reports) summary.partitions[report.partition] = (summary.partitions[report.partition] ?? 0) + 1;
    summary.produced += reports.length;
    summary.batches += 1;
    options.onProgress?.({ done: summary.produced, total, elapsedMs: performance.now() - started });
  };
  /** Waits for the batch in flight, then sends the filled one without waiting for it. */
  const sendFilled = async (): Promise<void> => {
    await inFlight;
    if (filling.length === 0) return;
    const batch = filling;
    filling = [];
    inFlight = produce(topic, batch, options.produceOptions).then(delivered);
    inFlight.catch(() => undefined); // awaited before the next batch, or at the end
  };
  const flush = async (): Promise<void> => {
    await sendFilled();
    await inFlight;
  };

  const source = paced(events, {
    speed: options.speed ?? Infinity,
    timestampOf: options.paceBy ?? arrivalTime,
    signal: options.signal,
    clock: options.clock,
    beforeWait: async (waitMs) => {
      if (waitMs >= FLUSH_BEFORE_WAIT_MS) await flush();
    },
  });
  try {
    for await (const event of source) {
      filling.push(toRecord(event));
      if (filling.length >= batchSize) await sendFilled();
    }
    await flush();
  } finally {
    await inFlight.catch(() => undefined);
  }
  summary.aborted = options.signal?.aborted ?? false;
  summary.elapsedMs = performance.now() - started;
  return summary;
}

/** How one event becomes one record: key, value and event-time timestamp. */
export function recordBuilder<T>(options: Pick<ReplayToTopicOptions<T>, 'key' | 'value' | 'timestampOf'>): (event: T) => ProduceRecord {
  const keyOf = typeof options.key === 'function' ? options.key : options.key === undefined ? undefined : fieldOf<T>(options.key);
  const timestampOf = options.timestampOf ?? eventTime;
  return (event) => {
    const key = keyOf?.(event);
    return {
      key: key === null || key === undefined ? null : String(key),
      value: options.value ? options.value(event) : event,
      timestamp: timestampOf(event),
    };
  };
}

function fieldOf<T>(field: keyof T & string): (event: T) => string | number | null | undefined {
  return (event) => event[field] as string | number | null | undefined;
}
