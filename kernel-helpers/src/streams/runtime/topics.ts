import type { Admin } from 'kafkajs';
import { StreamsError } from '../errors.js';
import type { RepartitionTopics } from '../repartition-topics.js';
import type { Topology } from '../topology.js';

/** The names of an application's internal topics. */
export interface InternalTopics {
  changelogTopic(store: string): string;
  deadLetterTopic: string;
  /** The topology's repartition topics under their broker names. */
  repartition: RepartitionTopics;
}

/**
 * Checks that the input topics exist and creates what is missing: one compacted changelog per
 * store, one repartition topic per key change and one output topic per sink (as many partitions as the input, so changelog partition =
 * input partition = task), and the dead-letter topic. Returns the input's partition count.
 */
export async function createInternalTopics(admin: Admin, topology: Topology, names: InternalTopics): Promise<number> {
  const existing = new Set(await admin.listTopics());
  const missing = topology.sourceTopics.filter((topic) => !existing.has(topic));
  if (missing.length) {
    throw new StreamsError(`input topic${missing.length > 1 ? 's' : ''} ${missing.map((topic) => `"${topic}"`).join(', ')} not found`, {
      hint: 'create them first (createTopic from @streamlab/kernel-helpers/kafka), with as many partitions as you want tasks',
    });
  }
  const metadata = await admin.fetchTopicMetadata({ topics: topology.sourceTopics });
  const partitions = Math.max(...metadata.topics.map((topic) => topic.partitions.length));
  const notRepartitioned = topology.statefulWithoutRepartition();
  if (partitions > 1 && notRepartitioned.length) {
    throw new StreamsError(`${notRepartitioned.join(', ')} aggregate(s) records whose key changed, and the input has ${partitions} partitions`, {
      hint: 'build the topology with StreamsBuilder: it routes re-keyed records through a repartition topic',
    });
  }
  const topics = [
    ...names.repartition.specs(partitions),
    ...topology.stores.map((store) => ({ topic: names.changelogTopic(store), numPartitions: partitions, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] })),
    { topic: names.deadLetterTopic, numPartitions: 1, configEntries: [] },
    ...topology.sinkTopics.map((topic) => ({ topic, numPartitions: partitions, configEntries: [] })),
  ].filter((topic) => !existing.has(topic.topic));
  if (topics.length) await admin.createTopics({ topics, waitForLeaders: true });
  return partitions;
}
