import { PoisonRecordError, StreamTask } from './internals/task.js';
import type { StreamsMetrics } from './internals/processor.js';
import type { Topology } from './topology.js';

/** A record to pipe into the driver. */
export interface TestRecord<V = unknown> {
  key?: string | null;
  value: V;
  /** Kafka record timestamp, ms since the epoch (default 0). */
  timestamp?: number;
}

/** A record the driver could not process, with the reason (what the runtime sends to `<appId>-dlq`). */
export interface DeadLetter {
  topic: string;
  key: string | null;
  value: unknown;
  timestamp: number;
  error: string;
}

/**
 * Runs a topology with no broker, like Kafka Streams' TopologyTestDriver: pipe records in, read
 * what each output topic received. One task, processing synchronously in pipe order, so results
 * are exactly what one partition of the real runtime produces for the same input. Records
 * written to a repartition topic stay in process: each is read back, in order, once the record
 * that produced it has gone through (as Kafka Streams' driver does with internal topics).
 */
export class TopologyTestDriver {
  private readonly task: StreamTask;
  private readonly outputs = new Map<string, Array<{ key: string | null; value: unknown; timestamp: number }>>();
  /** Records whose timestamp could not be extracted. */
  readonly deadLetters: DeadLetter[] = [];
  /** Records written to repartition topics, not read back yet. */
  private readonly repartitioned: Array<{ topic: string; key: string | null; value: unknown; timestamp: number }> = [];

  constructor(readonly topology: Topology) {
    const internal = new Set(topology.repartitionTopics);
    // Sink records are filed by topic as they are written: one object each, handed out by readOutput.
    this.task = new StreamTask(topology, 0, {
      trackChanges: false,
      send: (topic, key, value, timestamp) => {
        if (internal.has(topic)) {
          // Through JSON, as on the broker: the reading side gets a copy, never the writer's object.
          this.repartitioned.push({ topic, key, value: value === undefined ? null : JSON.parse(JSON.stringify(value)), timestamp });
          return;
        }
        let list = this.outputs.get(topic);
        if (!list) this.outputs.set(topic, (list = []));
        list.push({ key, value, timestamp });
      },
    });
    this.task.restored();
  }

  /** Processes `records` from `topic`, in order. */
  pipe<V>(topic: string, records: TestRecord<V> | Array<TestRecord<V>>): this {
    for (const record of Array.isArray(records) ? records : [records]) {
      const key = record.key ?? null;
      const timestamp = record.timestamp ?? 0;
      try {
        this.task.process(topic, key, record.value, timestamp);
      } catch (error) {
        if (!(error instanceof PoisonRecordError)) throw error;
        this.task.metrics.deadLetters++;
        this.deadLetters.push({ topic, key, value: record.value, timestamp, error: error.message });
      }
      if (this.repartitioned.length) this.readBackRepartitioned();
    }
    return this;
  }

  /** Processes what the last record wrote to repartition topics (and what that writes, in turn). */
  private readBackRepartitioned(): void {
    for (let index = 0; index < this.repartitioned.length; index++) {
      const record = this.repartitioned[index];
      this.task.process(record.topic, record.key, record.value, record.timestamp);
    }
    this.repartitioned.length = 0;
  }

  /** Everything written to `topic` since the last read (key, value, timestamp), and forgets it. */
  readOutput<V = unknown>(topic: string): Array<{ key: string | null; value: V; timestamp: number }> {
    const records = this.outputs.get(topic) ?? [];
    this.outputs.delete(topic);
    return records as Array<{ key: string | null; value: V; timestamp: number }>;
  }

  /** Values written to `topic` since the last read. */
  readValues<V = unknown>(topic: string): V[] {
    return this.readOutput<V>(topic).map((record) => record.value);
  }

  /** Counters: records in and out, late records, dead letters. */
  metrics(): StreamsMetrics {
    return { ...this.task.metrics };
  }

  /** The current entries of a state store (windows, table rows, stream time), for inspection. */
  storeEntries(store: string): Map<string, unknown> {
    return this.task.stores.get(store)?.snapshot() ?? new Map();
  }
}
