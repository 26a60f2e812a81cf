import { AssignerProtocol, type PartitionAssigner } from 'kafkajs';

/**
 * A consumer-group assigner that gives partition N of every subscribed topic to the same member
 * (Kafka Streams' co-partitioning): the task of partition N reads its input topic(s) and its
 * repartition topic(s) in one process, so the state it keeps and the records a join or
 * aggregation needs are in the same place. Partition numbers go round-robin over the sorted
 * member ids.
 */
export const coPartitionedAssigner: PartitionAssigner = ({ cluster }) => ({
  name: 'StreamlabCoPartitionedAssigner',
  version: 0,
  async assign({ members, topics }) {
    const memberIds = members.map((member) => member.memberId).sort();
    const assignment = new Map<string, Map<string, number[]>>(memberIds.map((id) => [id, new Map()]));
    for (const topic of topics) {
      for (const { partitionId } of cluster.findTopicPartitionMetadata(topic)) {
        const byTopic = assignment.get(memberIds[partitionId % memberIds.length])!;
        let partitions = byTopic.get(topic);
        if (!partitions) byTopic.set(topic, (partitions = []));
        partitions.push(partitionId);
      }
    }
    return memberIds.map((memberId) => ({
      memberId,
      memberAssignment: AssignerProtocol.MemberAssignment.encode({
        version: 0,
        assignment: Object.assign(Object.create(null) as Record<string, number[]>, Object.fromEntries(assignment.get(memberId)!)),
        userData: Buffer.alloc(0),
      }),
    }));
  },
  protocol({ topics }) {
    return { name: 'StreamlabCoPartitionedAssigner', metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }) };
  },
});
