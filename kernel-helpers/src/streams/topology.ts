import type { TopologyNode } from './internals/processor.js';

/** A topology source: the topic and how a record's event time is found. */
export interface TopologySource {
  topic: string;
  node: TopologyNode;
  timestampOf: (value: unknown, recordTimestamp: number) => number;
  /**
   * A repartition topic the topology writes and reads itself. Its name here has no prefix: on
   * the broker it is `<applicationId>-<topic>`; its records keep the timestamp they were written with.
   */
  internal?: boolean;
}

/**
 * What `StreamsBuilder.build()` returns: the processor graph, per source topic, plus the state
 * stores and output topics it uses. Run it with a `TopologyTestDriver` (no broker) or
 * `KafkaStreams` (real broker).
 */
export class Topology {
  constructor(
    readonly sources: ReadonlyMap<string, TopologySource>,
    /** Every state store, in build order; each has a changelog topic `<applicationId>-<store>-changelog`. */
    readonly stores: readonly string[],
    /** Topics the topology writes (`to(...)`, late-record topics). */
    readonly sinkTopics: readonly string[],
  ) {}

  /** Topics the topology reads (its own repartition topics excluded: see `repartitionTopics`). */
  get sourceTopics(): string[] {
    return [...this.sources.values()].filter((source) => !source.internal).map((source) => source.topic);
  }

  /**
   * The repartition topics (`<name>-repartition`, without the `<applicationId>-` prefix they
   * get on the broker): records whose key changed go through one before a stateful node, so
   * that every record of a new key reaches the one task (partition) that holds its state.
   */
  get repartitionTopics(): string[] {
    return [...this.sources.values()].filter((source) => source.internal).map((source) => source.topic);
  }

  /**
   * Stateful nodes fed by records whose key changed. A topology built with the DSL reads those
   * records back from a repartition topic (a source marked `internal`); any other such node
   * would see a new key in the task of the old key's partition.
   */
  statefulAfterKeyChange(): string[] {
    const found: string[] = [];
    const walk = (node: TopologyNode, keyChanged: boolean) => {
      if (node.stateful && keyChanged) found.push(node.name);
      for (const child of node.children) walk(child, keyChanged || !!node.changesKey);
    };
    for (const source of this.sources.values()) walk(source.node, !!source.internal);
    return found;
  }

  /** Stateful nodes fed by records whose key changed without a repartition topic in between (none, with the DSL). */
  statefulWithoutRepartition(): string[] {
    const repartitioned = new Set<string>();
    const walk = (node: TopologyNode) => {
      if (node.stateful) repartitioned.add(node.name);
      for (const child of node.children) walk(child);
    };
    for (const source of this.sources.values()) if (source.internal) walk(source.node);
    return this.statefulAfterKeyChange().filter((name) => !repartitioned.has(name));
  }

  /** The graph as indented text, one node per line, in Kafka Streams' naming. */
  describe(): string {
    const lines: string[] = [];
    const walk = (node: TopologyNode, depth: number) => {
      lines.push(`${'  '.repeat(depth)}${node.name}${node.detail ? ` (${node.detail})` : ''}`);
      for (const child of node.children) walk(child, depth + 1);
    };
    for (const source of this.sources.values()) walk(source.node, 0);
    return lines.join('\n');
  }
}
