import { kafkaClient, type ClusterTarget } from './client.js';
import { withAdmin } from './connection.js';
import { topicNotFound } from './topics.js';

/** The cluster as its metadata describes it. */
export interface ClusterDescription {
  clusterId: string;
  /** Node id of the active KRaft controller, as the brokers report it. */
  controller: number | null;
  brokers: Array<{ nodeId: number; host: string; port: number }>;
}

/** Brokers and controller of the shared stack or of `target`. */
export async function describeCluster(target: ClusterTarget = {}): Promise<ClusterDescription> {
  return withAdmin(await kafkaClient(target), async (admin) => {
    const cluster = await admin.describeCluster();
    return {
      clusterId: cluster.clusterId,
      controller: cluster.controller,
      brokers: [...cluster.brokers].sort((a, b) => a.nodeId - b.nodeId).map(({ nodeId, host, port }) => ({ nodeId, host, port })),
    };
  });
}

/** One partition: who leads it, who holds copies, who is in sync, and which offsets it holds. */
export interface PartitionDescription {
  partition: number;
  /** Node id of the leader; -1 while there is none. */
  leader: number;
  replicas: number[];
  /** In-sync replicas: the copies that have everything the leader acknowledged. */
  isr: number[];
  offlineReplicas: number[];
  /** First offset still stored (log start offset). */
  start: number;
  /** Next offset to be written (high watermark, what consumers can read up to). */
  end: number;
  /** end - start: records currently stored. */
  records: number;
}

export interface TopicDescription {
  topic: string;
  partitions: PartitionDescription[];
}

export interface DescribeTopicOptions extends ClusterTarget {
  /** Also fetch start/end offsets (default true). Without them the call needs only metadata, which answers even while a partition has no leader. */
  offsets?: boolean;
}

/** Leaders, replicas, ISR and start/end offsets of every partition of `topic`. */
export async function describeTopic(topic: string, options: DescribeTopicOptions = {}): Promise<TopicDescription> {
  return withAdmin(await kafkaClient(options), async (admin) => {
    const existing = await admin.listTopics();
    if (!existing.includes(topic)) throw topicNotFound(topic, existing);
    const metadata = (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0];
    const offsets = options.offsets === false ? [] : await admin.fetchTopicOffsets(topic);
    const partitions = metadata.partitions
      .map((partition) => {
        const offset = offsets.find((entry) => entry.partition === partition.partitionId);
        const start = Number(offset?.low ?? 0);
        const end = Number(offset?.high ?? 0);
        return {
          partition: partition.partitionId,
          leader: partition.leader,
          replicas: [...partition.replicas].sort((a, b) => a - b),
          isr: [...partition.isr].sort((a, b) => a - b),
          offlineReplicas: [...(partition.offlineReplicas ?? [])].sort((a, b) => a - b),
          start,
          end,
          records: end - start,
        };
      })
      .sort((a, b) => a.partition - b.partition);
    return { topic, partitions };
  });
}
