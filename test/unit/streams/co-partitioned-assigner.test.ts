import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { coPartitionedAssigner } from '../../../kernel-helpers/src/streams/internals/co-partitioned-assigner.js';

/** The assignor's answer for `members` over `topics` (partition counts), decoded: member → topic → partitions. */
async function assignments(members: string[], topics: Map<string, number>) {
  const cluster = { findTopicPartitionMetadata: (topic: string) => Array.from({ length: topics.get(topic)! }, (_, partitionId) => ({ partitionId })) };
  const assigner = coPartitionedAssigner({ cluster, groupId: 'g', logger: undefined } as never);
  const result = await assigner.assign({ members: members.map((memberId) => ({ memberId, memberMetadata: Buffer.alloc(0) })), topics: [...topics.keys()] });
  return new Map(result.map(({ memberId, memberAssignment }) => [memberId, AssignerProtocol.MemberAssignment.decode(memberAssignment)!.assignment]));
}

describe('co-partitioned assignor', () => {
  it('gives partition N of every topic to one member (round-robin over sorted member ids), unlike a round-robin over all topic-partitions', async () => {
    const byMember = await assignments(['c', 'a', 'b'], new Map([['input', 4], ['app-store-repartition', 4]]));
    expect(Object.fromEntries([...byMember].map(([member, assignment]) => [member, { ...assignment }]))).toEqual({
      a: { input: [0, 3], 'app-store-repartition': [0, 3] },
      b: { input: [1], 'app-store-repartition': [1] },
      c: { input: [2], 'app-store-repartition': [2] },
    });
  });

  it('assigns every partition exactly once, and a topic with fewer partitions only the numbers it has', async () => {
    const byMember = await assignments(['m1', 'm2'], new Map([['input', 3], ['table', 2], ['other', 1]]));
    const all = [...byMember.values()].flatMap((assignment) => Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => `${topic}/${partition}`)));
    expect(all.sort()).toEqual(['input/0', 'input/1', 'input/2', 'other/0', 'table/0', 'table/1']);
    expect(byMember.get('m1')!.table).toEqual([0]);
    expect(byMember.get('m2')!.table).toEqual([1]);
  });
});
