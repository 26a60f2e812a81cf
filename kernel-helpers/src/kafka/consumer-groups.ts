import { StreamlabError } from '../errors.js';
import { kafkaClient, type ClusterTarget } from './client.js';
import { connectTo, withAdmin } from './connection.js';

/** Lag of one partition for one group. */
export interface PartitionLag {
  topic: string;
  partition: number;
  /** The group's committed offset (next record it will read); null when it has committed nothing. */
  committed: number | null;
  /** The partition's end offset (high watermark). */
  end: number;
  /** Records the group still has to read: end - committed (end - start when nothing is committed). */
  lag: number;
}

/**
 * Lag per partition from committed offsets and the partition's start/end offsets. Pure: the
 * arithmetic of `groupLag`, kept apart so it can be tested without a broker.
 */
export function computeLag(
  topic: string,
  committed: Array<{ partition: number; offset: string }>,
  offsets: Array<{ partition: number; low: string; high: string }>,
): PartitionLag[] {
  return offsets
    .map(({ partition, low, high }) => {
      const raw = committed.find((entry) => entry.partition === partition)?.offset;
      const position = raw === undefined || Number(raw) < 0 ? null : Number(raw);
      const end = Number(high);
      return { topic, partition, committed: position, end, lag: Math.max(0, end - (position ?? Number(low))) };
    })
    .sort((a, b) => a.partition - b.partition);
}

/**
 * Committed offset, end offset and lag per partition for `groupId`: on `topic`, or on every topic
 * the group has committed offsets for.
 */
export async function groupLag(groupId: string, topic?: string, target: ClusterTarget = {}): Promise<PartitionLag[]> {
  return withAdmin(await kafkaClient(target), async (admin) => {
    const committed = await admin.fetchOffsets({ groupId, topics: topic ? [topic] : undefined });
    const rows: PartitionLag[] = [];
    for (const entry of committed) rows.push(...computeLag(entry.topic, entry.partitions, await admin.fetchTopicOffsets(entry.topic)));
    return rows;
  });
}

/** A consumer group as the coordinator sees it: its state and which member holds which partitions. */
export interface GroupDescription {
  groupId: string;
  /** Stable, PreparingRebalance, CompletingRebalance, Empty or Dead. */
  state: string;
  members: Array<{ memberId: string; clientId: string; assignment: Record<string, number[]> }>;
}

/** State and members (with their partitions) of `groupId`. */
export async function describeGroup(groupId: string, target: ClusterTarget = {}): Promise<GroupDescription> {
  return withAdmin(await kafkaClient(target), async (admin) => {
    const [group] = (await admin.describeGroups([groupId])).groups;
    return {
      groupId,
      state: group.state,
      members: group.members
        .map((member) => ({ memberId: member.memberId, clientId: member.clientId, assignment: decodeAssignment(member.memberAssignment) }))
        .sort((a, b) => a.clientId.localeCompare(b.clientId)),
    };
  });
}

/**
 * A member's assignment (topic → partitions, sorted) from the bytes the coordinator stores (the
 * consumer protocol's MemberAssignment: version, [topic, [partition]], user data). Decoded here
 * rather than by kafkajs, whose decoder folds topics with Object.assign, so a topic named
 * `__proto__` would replace its result's prototype: the result has a null prototype.
 */
export function decodeAssignment(bytes: Buffer): Record<string, number[]> {
  const assignment: Record<string, number[]> = Object.create(null);
  if (bytes.length < 6) return assignment;
  let at = 2; // int16 version
  const topics = bytes.readInt32BE(at);
  at += 4;
  for (let index = 0; index < topics; index += 1) {
    const length = bytes.readInt16BE(at);
    const topic = bytes.toString('utf8', at + 2, at + 2 + length);
    at += 2 + length;
    const count = Math.max(0, bytes.readInt32BE(at));
    at += 4;
    const partitions = Array.from({ length: count }, (_, slot) => bytes.readInt32BE(at + slot * 4));
    at += count * 4;
    assignment[topic] = partitions.sort((a, b) => a - b);
  }
  return assignment;
}

/** The group still has members, so its offsets cannot be moved from outside. */
export class GroupActiveError extends StreamlabError {}

/**
 * Moves the committed offsets of `groupId` on `topic` (a seek for a stopped group): to explicit
 * offsets per partition, or to the first offset at/after a timestamp (ms). The group must have
 * no running members.
 */
export async function setGroupOffsets(
  groupId: string,
  topic: string,
  to: { offsets: Array<{ partition: number; offset: number }> } | { timestamp: number },
  target: ClusterTarget = {},
): Promise<void> {
  const client = await kafkaClient(target);
  const partitions = await withAdmin(client, async (admin) => {
    const [group] = (await admin.describeGroups([groupId])).groups;
    if (group.members.length) {
      throw new GroupActiveError(`group "${groupId}" has ${group.members.length} running member(s); its offsets cannot be moved now`, {
        hint: 'stop its consumers first (await consumer.stop()), then set the offsets',
      });
    }
    return 'timestamp' in to
      ? (await admin.fetchTopicOffsetsByTimestamp(topic, to.timestamp)).map(({ partition, offset }) => ({ partition, offset }))
      : to.offsets.map(({ partition, offset }) => ({ partition, offset: String(offset) }));
  });
  // kafkajs's admin.setOffsets does the same with a 5 s fetch wait: join the group paused, seek
  // (which commits), leave at the first fetch. A short fetch wait makes it take well under a second.
  const consumer = client.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await connectTo(consumer, client);
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => resolve());
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic }]);
      for (const entry of partitions) consumer.seek({ topic, ...entry });
    });
  } finally {
    await consumer.disconnect();
  }
}

/**
 * Deletes the consumer groups `groupIds` (their committed offsets go with them); groups that do not
 * exist are skipped. Returns the ones deleted. A group with running members cannot be deleted.
 */
export async function deleteGroups(groupIds: string[], target: ClusterTarget = {}): Promise<string[]> {
  if (!groupIds.length) return [];
  return withAdmin(await kafkaClient(target), async (admin) => {
    const existing = new Set((await admin.listGroups()).groups.map((group) => group.groupId));
    const present = groupIds.filter((groupId) => existing.has(groupId));
    if (present.length) await admin.deleteGroups(present);
    return present;
  });
}
