import { StreamsError } from '../errors.js';
import type { Topology } from '../topology.js';
import { emptyMetrics, type Processor, type StreamsMetrics, type TaskContext, type TopologyNode } from './processor.js';
import { StateStore } from './state-store.js';

/** A record a task wrote to a sink topic. */
export interface OutputRecord {
  topic: string;
  key: string | null;
  value: unknown;
  timestamp: number;
}

/** A record that cannot be processed (no usable timestamp, undecodable value). */
export class PoisonRecordError extends StreamsError {}

/**
 * One running copy of a topology with its own stores and stream times: Kafka Streams' task,
 * one per input partition. `process` runs a record through synchronously; outputs collect in
 * `output` until the caller takes them.
 */
export class StreamTask {
  readonly metrics: StreamsMetrics;
  readonly stores = new Map<string, StateStore<unknown>>();
  output: OutputRecord[] = [];
  private readonly sources = new Map<string, { processor: Processor; timestampOf: (value: unknown, recordTimestamp: number) => number; internal: boolean }>();
  private readonly rebuilds: Array<() => void> = [];

  constructor(
    readonly topology: Topology,
    readonly partition: number,
    options: {
      trackChanges: boolean;
      metrics?: StreamsMetrics;
      /** Where sink records go instead of `output` (the test driver files them by topic as they come). */
      send?: (topic: string, key: string | null, value: unknown, timestamp: number) => void;
    },
  ) {
    this.metrics = options.metrics ?? emptyMetrics();
    const context: TaskContext = {
      partition,
      metrics: this.metrics,
      send:
        options.send ??
        ((topic, key, value, timestamp) => {
          this.output.push({ topic, key, value, timestamp });
        }),
      store: <V>(name: string) => {
        let store = this.stores.get(name);
        if (!store) this.stores.set(name, (store = new StateStore<unknown>(name, options.trackChanges)));
        return store as StateStore<V>;
      },
      onRestored: (rebuild) => {
        this.rebuilds.push(rebuild);
      },
    };
    // A node with two parents (a stream–stream join's output) gets one processor.
    const processors = new Map<TopologyNode, Processor>();
    const instantiate = (node: TopologyNode): Processor => {
      let processor = processors.get(node);
      if (!processor) processors.set(node, (processor = node.create(context, node.children.map(instantiate))));
      return processor;
    };
    for (const source of topology.sources.values()) {
      this.sources.set(source.topic, { processor: instantiate(source.node), timestampOf: source.timestampOf, internal: !!source.internal });
    }
  }

  /** Rebuilds the processors' indexes from restored store contents; call once, before processing. */
  restored(): void {
    for (const rebuild of this.rebuilds) rebuild();
  }

  /**
   * Runs one record from `topic` through the topology. Throws a PoisonRecordError when the
   * timestamp extractor fails or gives no valid timestamp; nothing has been processed then.
   */
  process(topic: string, key: string | null, value: unknown, recordTimestamp: number): void {
    const source = this.sources.get(topic);
    if (!source) {
      throw new StreamsError(`the topology does not read topic "${topic}"`, { hint: `it reads: ${[...this.sources.keys()].join(', ')}` });
    }
    let timestamp: number;
    try {
      timestamp = source.timestampOf(value, recordTimestamp);
    } catch (error) {
      throw new PoisonRecordError(`timestamp extractor failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (typeof timestamp !== 'number' || !Number.isSafeInteger(timestamp) || timestamp < 0) {
      throw new PoisonRecordError(`record has no valid timestamp (extractor returned ${JSON.stringify(timestamp)})`, {
        hint: 'the timestamp must be whole milliseconds since the epoch',
      });
    }
    // A repartition topic's records were counted when they came in from the source topic.
    if (!source.internal) this.metrics.recordsIn++;
    source.processor.process(key, value, timestamp);
  }

  /** Records processed since the last commit (the runtime's; the test driver never commits). */
  uncommitted = 0;
  /** When this task last committed, ms since the epoch (its creation before the first commit). */
  lastCommitAt = Date.now();
  /** Per input topic: the last offset processed, and the offset reading resumes from after a failed commit. */
  private readonly positions = new Map<string, { last: string; committed: string }>();

  /** Records that the record at `offset` of `topic` is being processed (call before `process`). */
  noteOffset(topic: string, offset: string): void {
    const position = this.positions.get(topic);
    if (position === undefined) this.positions.set(topic, { last: offset, committed: offset });
    else position.last = offset;
    this.uncommitted++;
  }

  /** The input offsets to commit now: per topic, one past the last record processed. */
  offsetsToCommit(): Array<{ topic: string; offset: string }> {
    return [...this.positions].map(([topic, position]) => ({ topic, offset: (BigInt(position.last) + 1n).toString() }));
  }

  /** Where each input topic's reading resumes from: the offsets committed last. */
  committedOffsets(): Array<{ topic: string; committed: string }> {
    return [...this.positions].map(([topic, position]) => ({ topic, committed: position.committed }));
  }

  /** The commit of `offsetsToCommit()` succeeded. */
  committed(): void {
    for (const position of this.positions.values()) position.committed = (BigInt(position.last) + 1n).toString();
    this.uncommitted = 0;
    this.lastCommitAt = Date.now();
  }

  /** Takes the records written since the last call. */
  takeOutput(): OutputRecord[] {
    const output = this.output;
    this.output = [];
    return output;
  }
}
