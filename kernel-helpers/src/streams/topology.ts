import type { TopologyNode } from './internals/processor.js';

/** A topology source: the topic and how a record's event time is found. */
export interface TopologySource {
  topic: string;
  node: TopologyNode;
  timestampOf: (value: unknown, recordTimestamp: number) => number;
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

  /** Topics the topology reads. */
  get sourceTopics(): string[] {
    return [...this.sources.keys()];
  }

  /** Stateful nodes fed by a key-changing node: they need repartitioned input when a topic has several partitions. */
  statefulAfterKeyChange(): string[] {
    const found: string[] = [];
    const walk = (node: TopologyNode, keyChanged: boolean) => {
      if (node.stateful && keyChanged) found.push(node.name);
      for (const child of node.children) walk(child, keyChanged || !!node.changesKey);
    };
    for (const source of this.sources.values()) walk(source.node, false);
    return found;
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
