import { randomUUID } from 'node:crypto';
import type { Consumer, KafkaMessage } from 'kafkajs';
import { bootstrapOf, kafkaClient, createKafka, type ClusterTarget } from './client.js';
import { connectTo, lostBroker, restartUnlessGone } from './connection.js';
import { consumedRecord, type ConsumedRecord } from './consume.js';
import { topicPartitions } from './topics.js';
import { waitUntil } from '../wait.js';
import { onShutdown } from '../shutdown.js';

/**
 * When a member commits: `auto` (kafkajs commits after each batch it handed out), `before-processing`
 * (commit, then process: at-most-once), `after-processing` (process, then commit: at-least-once),
 * `never` (read only; the group keeps no position).
 */
export type CommitMode = 'auto' | 'before-processing' | 'after-processing' | 'never';

export interface GroupConsumerOptions<V = unknown> extends ClusterTarget {
  /** The member's client id, shown in group views. Default a short random name. */
  name?: string;
  /** Where a group with no committed offset starts: earliest (true, default) or latest. */
  fromBeginning?: boolean;
  /** Default `auto`. */
  commit?: CommitMode;
  /**
   * Called for each record in partition order. If it throws, the member "crashes": it stops at
   * once, commits nothing more, and `failure` holds the error (the error is not rethrown).
   */
  onRecord?: (record: ConsumedRecord<V>, member: GroupConsumer) => void | Promise<void>;
  /** Custom value decoder; default JSON. */
  deserialize?: (value: Buffer | null) => V;
  /** How long `joinGroup` waits for the first assignment. Default 30 000 ms. */
  joinTimeoutMs?: number;
}

/** One member of a consumer group, running in the background until `stop()`. */
export class GroupConsumer {
  /** Partitions of the topic this member holds now. */
  assignment: number[] = [];
  /** Every assignment this member received, with the time (ms since the epoch). */
  readonly assignments: Array<{ at: number; partitions: number[] }> = [];
  /** Records handed to `onRecord` so far. */
  received = 0;
  /** The error `onRecord` threw, if the member crashed. */
  failure?: unknown;
  private stopping?: Promise<void>;
  /** A member a cell forgot to stop leaves its group when the process (the kernel) ends. */
  private readonly forgetShutdown = onShutdown(() => this.stop());

  constructor(
    readonly name: string,
    readonly groupId: string,
    readonly topic: string,
    private readonly consumer: Consumer,
  ) {}

  /** Whether the member is still consuming. */
  get running(): boolean {
    return this.stopping === undefined;
  }

  /** Leaves the group (its partitions go to the other members) and disconnects. Idempotent. */
  stop(): Promise<void> {
    this.forgetShutdown();
    this.stopping ??= this.consumer.disconnect();
    return this.stopping;
  }

  /** Resolves once this member has received at least `count` records in total (or fails after `timeoutMs`, default 30 s). */
  async waitForRecords(count: number, timeoutMs = 30_000): Promise<void> {
    await waitUntil(async () => this.received >= count || this.failure !== undefined, {
      what: `member "${this.name}" to receive ${count} records (it has ${this.received})`,
      timeoutMs,
      hint: 'is anything producing to the topic? did the member start from the end (fromBeginning: false)?',
    });
  }

  /** @internal called by joinGroup's handlers */
  assigned(partitions: number[]): void {
    this.assignment = [...partitions].sort((a, b) => a - b);
    this.assignments.push({ at: Date.now(), partitions: this.assignment });
  }
}

/**
 * Starts a consumer in group `groupId` on `topic` and resolves once the coordinator gave it its
 * first assignment. It runs in the background: always `await member.stop()` before the cell ends.
 * Heartbeats every 500 ms so rebalances show within a second or two.
 */
export async function joinGroup<V = unknown>(groupId: string, topic: string, options: GroupConsumerOptions<V> = {}): Promise<GroupConsumer> {
  const shared = await kafkaClient(options);
  await topicPartitions(shared, topic);
  const name = options.name ?? `member-${randomUUID().slice(0, 6)}`;
  // One client per member, so group views show each member under its own name.
  const client = createKafka(bootstrapOf(shared), { clientId: name });
  const commit = options.commit ?? 'auto';
  const decode = options.deserialize;
  const consumer = client.consumer({ groupId, allowAutoTopicCreation: false, heartbeatInterval: 500, sessionTimeout: 6000, rebalanceTimeout: 10_000, maxWaitTimeInMs: 500, retry: restartUnlessGone(client) });
  const member = new GroupConsumer(name, groupId, topic, consumer);
  let fetchedSinceJoin = false;
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    fetchedSinceJoin = false;
    // Own property only: a topic named `constructor` must not read Object's constructor.
    member.assigned(Object.hasOwn(payload.memberAssignment, topic) ? payload.memberAssignment[topic] : []);
  });
  // kafkajs gave up (the broker went away): the member stops with one error instead of restarting forever.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    member.failure ??= lostBroker(client, topic, payload.error);
    void member.stop();
  });
  // A fetch after the join means the start offsets are resolved: records produced from now on are seen.
  consumer.on(consumer.events.FETCH, () => (fetchedSinceJoin = true));
  await connectTo(consumer, client);
  try {
    await consumer.subscribe({ topic, fromBeginning: options.fromBeginning ?? true });
    const commitPast = (partition: number, message: KafkaMessage) => consumer.commitOffsets([{ topic, partition, offset: String(BigInt(message.offset) + 1n) }]);
    await consumer.run({
      autoCommit: commit === 'auto',
      // Commit every 500 ms too, not only at the end of each (possibly large) batch: lag views stay current.
      autoCommitInterval: commit === 'auto' ? 500 : null,
      eachMessage: async ({ partition, message }) => {
        if (!member.running) return;
        member.received += 1;
        try {
          // A value the deserializer refuses stops this member with a DeserializationError naming the record.
          const record = consumedRecord(topic, partition, message, decode);
          if (commit === 'before-processing') await commitPast(partition, message);
          await options.onRecord?.(record, member);
          if (commit === 'after-processing') await commitPast(partition, message);
        } catch (error) {
          member.failure = error;
          // Not awaited: disconnect waits for this handler to return.
          void member.stop();
        }
      },
    });
    await waitUntil(async () => member.assignments.length > 0 && (fetchedSinceJoin || member.assignment.length === 0), {
      what: `member "${name}" of group "${groupId}" to get its partitions`,
      timeoutMs: options.joinTimeoutMs ?? 30_000,
      hint: 'is the broker up? a group with a crashed member waits for its session timeout (6 s) before rebalancing',
    });
    return member;
  } catch (error) {
    await member.stop();
    throw error;
  }
}

/**
 * Resolves once the running members of one group split `partitions` among themselves, each
 * partition held by exactly one member: the rebalance is over. Fails after `timeoutMs` (default 30 s).
 */
export async function waitForBalance(members: GroupConsumer[], partitions: number, timeoutMs = 30_000): Promise<void> {
  const running = () => members.filter((member) => member.running);
  await waitUntil(async () => isBalanced(running().map((member) => member.assignment), partitions), {
    what: `the group to spread ${partitions} partitions over ${running().length} member(s)`,
    timeoutMs,
    hint: 'a member that crashed without leaving holds its partitions until its session times out (6 s)',
  });
}

/** Whether `assignments` (one per member) cover partitions 0..n-1 with no partition held twice. Pure. */
export function isBalanced(assignments: number[][], partitions: number): boolean {
  const all = assignments.flat().sort((a, b) => a - b);
  return all.length === partitions && all.every((partition, index) => partition === index);
}

/** What `tail` saw. */
export interface TailSummary {
  records: number;
  durationMs: number;
}

export interface TailOptions<V = unknown> extends ClusterTarget {
  /** How long to watch, ms (the cell's time budget for this view). Required: a tail always ends. */
  durationMs: number;
  /** Called for each record as it arrives. */
  onRecord?: (record: ConsumedRecord<V>) => void | Promise<void>;
  /** Start at the earliest stored record instead of only new ones. Default false. */
  fromBeginning?: boolean;
  deserialize?: (value: Buffer | null) => V;
}

/**
 * Watches `topic` for `durationMs`, calling `onRecord` for each record: the feed of live views.
 * Reads as its own one-off group and commits nothing, so it never disturbs other consumers.
 */
export async function tail<V = unknown>(topic: string, options: TailOptions<V>): Promise<TailSummary> {
  const member = await joinGroup<V>(`streamlab-tail-${randomUUID()}`, topic, {
    bootstrap: options.bootstrap,
    fromBeginning: options.fromBeginning ?? false,
    commit: 'never',
    deserialize: options.deserialize,
    onRecord: options.onRecord ? (record) => options.onRecord?.(record) : undefined,
  });
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  await member.stop();
  if (member.failure) throw member.failure;
  return { records: member.received, durationMs: Date.now() - started };
}
