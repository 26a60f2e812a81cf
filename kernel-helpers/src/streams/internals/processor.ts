import type { StateStore } from './state-store.js';

/** One step of a running topology: receives a record and forwards results to its children. */
export interface Processor {
  process(key: string | null, value: unknown, timestamp: number): void;
}

/** Counters of one task; the runtime and the test driver add them up across tasks. */
export interface StreamsMetrics {
  /** Records read from source topics. */
  recordsIn: number;
  /** Records written to sink topics (outputs, late-records topics). */
  recordsOut: number;
  /** Records dropped because every window they belong to had closed. */
  lateRecords: number;
  /** Window updates skipped because that window had closed (Kafka Streams' dropped-records metric). */
  lateWindowUpdates: number;
  /** Records without a key that reached an aggregation or join, dropped as Kafka Streams does. */
  nullKeyRecords: number;
  /** Poison records sent to the dead-letter topic (or list, in the test driver). */
  deadLetters: number;
}

/** All counters at zero. */
export function emptyMetrics(): StreamsMetrics {
  return { recordsIn: 0, recordsOut: 0, lateRecords: 0, lateWindowUpdates: 0, nullKeyRecords: 0, deadLetters: 0 };
}

/** A record dropped as late, handed to `onLate`. */
export interface LateRecord {
  /** The store of the aggregation that dropped it. */
  store: string;
  key: string;
  value: unknown;
  timestamp: number;
  /** The aggregation's stream time when the record arrived. */
  streamTime: number;
}

/** What a processor sees of the task it runs in. */
export interface TaskContext {
  readonly partition: number;
  readonly metrics: StreamsMetrics;
  /** Appends a record to a sink topic's output. */
  send(topic: string, key: string | null, value: unknown, timestamp: number): void;
  /** The task's store named `name`, created on first use. */
  store<V>(name: string): StateStore<V>;
  /** Runs once all stores are restored from their changelogs, before the first record. */
  onRestored(rebuild: () => void): void;
}

/** A node of the topology as built by the DSL; `create` makes its processor inside one task. */
export interface TopologyNode {
  readonly name: string;
  readonly children: TopologyNode[];
  /** Whether the node changes record keys (a later aggregation needs the records repartitioned). */
  readonly changesKey?: boolean;
  /** Whether the node keeps state per key. */
  readonly stateful?: boolean;
  /** Extra text for `Topology.describe()` (window, store, topic). */
  readonly detail?: string;
  create(context: TaskContext, children: Processor[]): Processor;
}

/** Forwards one record to every child: the loop every processor shares. */
export function forward(children: Processor[], key: string | null, value: unknown, timestamp: number): void {
  for (let index = 0; index < children.length; index++) children[index].process(key, value, timestamp);
}
