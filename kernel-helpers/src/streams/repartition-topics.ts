import type { ITopicConfig } from 'kafkajs';
import type { Topology } from './topology.js';

/**
 * A topology's repartition topics on the broker: `<applicationId>-<name>` for each name in
 * `topology.repartitionTopics`. The runtime writes and reads them under that name; the topology
 * knows them by `<name>`.
 */
export class RepartitionTopics {
  private readonly byBrokerName = new Map<string, string>();
  private readonly byLocalName = new Map<string, string>();

  constructor(applicationId: string, topology: Topology) {
    for (const name of topology.repartitionTopics) {
      this.byBrokerName.set(`${applicationId}-${name}`, name);
      this.byLocalName.set(name, `${applicationId}-${name}`);
    }
  }

  /** The broker topic names. */
  get topics(): string[] {
    return [...this.byBrokerName.keys()];
  }

  /** The broker topic a sink writes when it sends to `topic` (unchanged for a topic that is not a repartition topic). */
  toBroker(topic: string): string {
    return this.byLocalName.get(topic) ?? topic;
  }

  /** The topology's name of a topic read from the broker (unchanged for a source topic). */
  fromBroker(topic: string): string {
    return this.byBrokerName.get(topic) ?? topic;
  }

  /**
   * What to create: as many partitions as the input (one per task, as Kafka Streams does), and
   * kept like any topic (deleting records the application has consumed is left to retention).
   */
  specs(partitions: number): ITopicConfig[] {
    return this.topics.map((topic) => ({ topic, numPartitions: partitions, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] }));
  }
}
