import { openProducer, type DeliveryReport, type ProduceOptions, type ProduceRecord } from '../kafka/index.js';
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
 * Replays `events` into `topic`: paced by event time / `speed`, sent in batches through one
 * connected `openProducer`, each record stamped with its event time. Batches are sent one after another, so
 * records of one key keep their order. Reports progress after every batch.
 */
export async function replayToTopic<T>(topic: string, events: Iterable<T> | AsyncIterable<T>, options: ReplayToTopicOptions<T> = {}): Promise<ReplaySummary> {
  const batchSize = options.batchSize ?? 2000;
  if (!(batchSize >= 1)) throw new DatasetError(`batchSize must be >= 1, got ${batchSize}`, { hint: 'e.g. { batchSize: 2000 }' });
  const toRecord = recordBuilder(options);
  const total = Array.isArray(events) ? events.length : options.total;
  const started = performance.now();
  const summary: ReplaySummary = { produced: 0, batches: 0, partitions: {}, elapsedMs: 0, aborted: false };
  const producer = await openProducer({ ...options.produceOptions, batchSize, lingerMs: 0 });
  // The batch being filled. Batches go one after another: kafkajs may reorder two concurrent
  // requests to one partition, and records of one key must keep their order.
  let filling: Array<Promise<DeliveryReport>> = [];

  const flush = async (): Promise<void> => {
    if (filling.length === 0) return;
    const batch = filling;
    filling = [];
    await producer.flush();
    const reports = await Promise.all(batch);
    for (const report of reports) summary.partitions[report.partition] = (summary.partitions[report.partition] ?? 0) + 1;
    summary.produced += reports.length;
    summary.batches += 1;
    options.onProgress?.({ done: summary.produced, total, elapsedMs: performance.now() - started });
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
      const sent = producer.send(topic, toRecord(event));
      sent.catch(() => undefined); // awaited with its batch
      filling.push(sent);
      if (filling.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.close().catch(() => undefined);
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
