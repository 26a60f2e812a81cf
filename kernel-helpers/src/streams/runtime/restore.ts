import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Admin, type Kafka, type PartitionAssigner } from 'kafkajs';
import { StreamsError } from '../errors.js';
import type { StreamTask } from '../internals/task.js';

/** How long restoring one task may take before it fails with a hint. */
const RESTORE_TIMEOUT_MS = 60_000;

/**
 * A partition assigner that gives the (only) member of a restore group exactly `partition` of
 * every subscribed topic: kafkajs has no manual `assign()`, and a plain subscription would fetch
 * every partition of the changelog, most of them other tasks' state.
 */
export function onlyPartition(partition: number): PartitionAssigner {
  return () => ({
    name: `streamlab-only-partition-${partition}`,
    version: 1,
    async assign({ members, topics }) {
      const assignment: Record<string, number[]> = Object.create(null);
      for (const topic of topics) assignment[topic] = [partition];
      return members.map(({ memberId }, index) => ({
        memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: index === 0 ? assignment : Object.create(null), userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name: `streamlab-only-partition-${partition}`, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}

/** What restoring a task read. */
export interface RestoreResult {
  /** Changelog records loaded into the stores. */
  entries: number;
  /** The changelog partitions fetched, as `topic:partition` (only the task's own). */
  partitionsRead: string[];
}

/**
 * Loads the task's own partition of each of its stores' changelogs (changelog partition = input
 * partition) into its stores, from the beginning to the end offset read at the start (committed
 * data only), before the task processes anything. `signal` aborts it (a failed heartbeat, a stop):
 * the promise then rejects with the signal's reason.
 */
export async function restoreTask(client: Kafka, admin: Admin, task: StreamTask, changelogTopic: (store: string) => string, groupPrefix: string, signal?: AbortSignal): Promise<RestoreResult> {
  const result: RestoreResult = { entries: 0, partitionsRead: [] };
  const storeByTopic = new Map<string, string>();
  const endOffsets = new Map<string, bigint>();
  for (const store of task.topology.stores) {
    const topic = changelogTopic(store);
    const offsets = await admin.fetchTopicOffsets(topic);
    const partition = offsets.find((entry) => entry.partition === task.partition);
    if (!partition || BigInt(partition.high) <= BigInt(partition.low)) continue;
    storeByTopic.set(topic, store);
    endOffsets.set(topic, BigInt(partition.high));
  }
  if (!endOffsets.size) return result;
  signal?.throwIfAborted();
  const groupId = `${groupPrefix}-restore-${randomUUID()}`;
  const consumer = client.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false, maxWaitTimeInMs: 100, partitionAssigners: [onlyPartition(task.partition)] });
  const read = new Set<string>();
  await consumer.connect();
  try {
    for (const topic of endOffsets.keys()) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolveRestore, rejectRestore) => {
      const timer = setTimeout(() => {
        rejectRestore(
          new StreamsError(`restoring partition ${task.partition} from ${[...endOffsets.keys()].join(', ')} took over ${RESTORE_TIMEOUT_MS / 1000} s`, {
            hint: 'is a transaction of another instance still open on the changelog? it aborts after transaction.timeout.ms',
          }),
        );
      }, RESTORE_TIMEOUT_MS);
      const abort = () => {
        clearTimeout(timer);
        rejectRestore(signal!.reason);
      };
      if (signal?.aborted) abort();
      else signal?.addEventListener('abort', abort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      };
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const end = endOffsets.get(payload.topic);
        if (payload.partition === task.partition && end !== undefined && BigInt(payload.lastOffset) >= end - 1n) endOffsets.delete(payload.topic);
        if (endOffsets.size) return;
        settle();
        resolveRestore();
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            read.add(`${batch.topic}:${batch.partition}`);
            if (batch.partition !== task.partition) {
              settle();
              rejectRestore(new StreamsError(`the restore consumer of partition ${task.partition} was given partition ${batch.partition}`, { hint: 'a bug in the restore assigner' }));
              return;
            }
            const store = task.stores.get(storeByTopic.get(batch.topic)!)!;
            for (const message of batch.messages) {
              if (message.key === null) continue;
              result.entries++;
              store.restore(message.key.toString('utf8'), message.value === null ? null : JSON.parse(message.value.toString('utf8')));
            }
          },
        })
        .catch((error: unknown) => {
          settle();
          rejectRestore(error);
        });
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  result.partitionsRead = [...read].sort();
  return result;
}
