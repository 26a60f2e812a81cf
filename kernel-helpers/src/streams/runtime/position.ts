import type { Admin } from 'kafkajs';

/**
 * Where a task just built (restored from its changelogs, read_committed) must read `topic` from:
 * its state is exactly what the group's committed offsets say was processed, so reading resumes
 * there. Returns the offset to seek to when the batch was fetched from elsewhere (`fetchedOffset`
 * past `committed`: records in between would be lost; before it: they would be counted twice),
 * e.g. after a commit that failed from the client's view but went through on the broker.
 * Undefined: the batch starts where it should (or nothing is committed yet, or kafkajs did not
 * say where it fetched from).
 */
export function seekTarget(fetchedOffset: string | undefined, committed: string | undefined): string | undefined {
  if (committed === undefined || fetchedOffset === undefined) return undefined;
  return BigInt(fetchedOffset) === BigInt(committed) ? undefined : committed;
}

/** The offset `groupId` has committed for `topic`/`partition` (stable offsets only), or undefined when none. */
export async function committedOffset(admin: Admin, groupId: string, topic: string, partition: number): Promise<string | undefined> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const offset = entry?.partitions.find((candidate) => candidate.partition === partition)?.offset;
  return offset === undefined || BigInt(offset) < 0n ? undefined : offset;
}

/** The offset kafkajs fetched a batch from (kafkajs's `Batch.fetchedOffset`, missing from its types). */
export function fetchedOffsetOf(batch: object): string | undefined {
  const offset: unknown = Reflect.get(batch, 'fetchedOffset');
  return typeof offset === 'string' || typeof offset === 'number' ? String(offset) : undefined;
}
