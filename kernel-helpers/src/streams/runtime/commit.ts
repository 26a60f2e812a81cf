import type { Consumer, Kafka, Producer, TopicMessages } from 'kafkajs';
import { StreamsError } from '../errors.js';

/** `at_least_once`: outputs first, then offsets (a crash in between repeats work). `exactly_once`: both in one Kafka transaction. */
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once';

/** One commit of one task: what to write, and the input offsets to commit with it. */
export interface CommitRequest {
  partition: number;
  /** Produce requests (see `chunkBySize`). */
  chunks: TopicMessages[][];
  /** Per input topic, the offset of the next record to read. */
  offsets: Array<{ topic: string; offset: string }>;
  /** Called once the outputs are sent (inside the open transaction under exactly_once), before the offsets are committed. */
  outputsSent(): void;
}

/**
 * A commit this instance may not make: another instance owns the partition now (its producer
 * with the same transactional id fenced ours). The task's work is dropped; the group rejoins.
 */
export class PartitionFencedError extends StreamsError {
  static override readonly retriable = true;
}

/** How a task's outputs and input offsets reach Kafka. */
export interface CommitStrategy {
  /** Commits fenced by another instance since start. */
  readonly fencedCommits: number;
  /** The partitions this instance owns after a group join (exactly_once opens their producers, fencing earlier owners). */
  assign(partitions: ReadonlySet<number>): void;
  /** Resolves once `partition` can commit; a PartitionFencedError when this instance no longer owns it. */
  ready(partition: number): Promise<void>;
  /** Writes the outputs and commits the offsets: atomically under exactly_once. */
  commit(request: CommitRequest): Promise<void>;
  /** Disconnects every producer. */
  close(): Promise<void>;
}

/** The strategy of `guarantee`. */
export function commitStrategy(guarantee: ProcessingGuarantee, client: Kafka, consumer: Consumer, applicationId: string): CommitStrategy {
  return guarantee === 'exactly_once' ? new TransactionPerPartition(client, applicationId) : new OutputsThenOffsets(client, consumer);
}

/**
 * The transactional id of the producer of `partition`'s task: Kafka Streams' exactly-once
 * "alpha" form `<applicationId>-<taskId>` (task `0_<partition>`). One id per task, not per
 * process, so whoever is assigned the partition next fences the previous owner, even one that
 * is only paused (kafkajs cannot send the group metadata KIP-447's per-process fencing needs).
 */
export function transactionalIdOf(applicationId: string, partition: number): string {
  return `${applicationId}-0_${partition}`;
}

/** at_least_once: one idempotent producer for the outputs, then the offsets through the consumer group. */
class OutputsThenOffsets implements CommitStrategy {
  readonly fencedCommits = 0;
  private readonly producer: Producer;
  private connected?: Promise<void>;

  constructor(
    client: Kafka,
    private readonly consumer: Consumer,
  ) {
    this.producer = client.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  assign(): void {}

  async ready(): Promise<void> {
    this.connected ??= this.producer.connect().catch((error: unknown) => {
      this.connected = undefined;
      throw error;
    });
    await this.connected;
  }

  async commit({ partition, chunks, offsets, outputsSent }: CommitRequest): Promise<void> {
    await this.ready();
    for (const topicMessages of chunks) await this.producer.sendBatch({ topicMessages, acks: -1 });
    outputsSent();
    // The group checks the member and generation: an instance that lost the partition cannot commit here.
    await this.consumer.commitOffsets(offsets.map(({ topic, offset }) => ({ topic, partition, offset })));
  }

  async close(): Promise<void> {
    if (this.connected) await this.producer.disconnect();
    this.connected = undefined;
  }
}

/**
 * exactly_once: one transactional producer per owned partition, created (and so fencing the
 * previous owner and aborting its open transaction) when the partition is assigned, closed when
 * it is revoked. A commit fenced by a newer owner marks the partition lost until the next join.
 */
class TransactionPerPartition implements CommitStrategy {
  fencedCommits = 0;
  private readonly producers = new Map<number, Promise<Producer>>();
  private readonly closing = new Set<Promise<void>>();
  private owned = new Set<number>();

  constructor(
    private readonly client: Kafka,
    private readonly applicationId: string,
  ) {}

  assign(partitions: ReadonlySet<number>): void {
    this.owned = new Set(partitions);
    for (const partition of [...this.producers.keys()]) if (!this.owned.has(partition)) this.drop(partition);
    // Opened now, not at the first batch: the new owner fences the old one before either commits.
    for (const partition of this.owned) this.producerFor(partition).catch(() => undefined);
  }

  async ready(partition: number): Promise<void> {
    await this.producerFor(partition);
  }

  async commit({ partition, chunks, offsets, outputsSent }: CommitRequest): Promise<void> {
    const producer = await this.producerFor(partition);
    // A producer that cannot begin a transaction is in an unknown state: the next commit opens a new one.
    const transaction = await producer.transaction().catch((error: unknown) => {
      this.drop(partition);
      throw error;
    });
    try {
      for (const topicMessages of chunks) await transaction.sendBatch({ topicMessages, acks: -1 });
      outputsSent();
      await transaction.sendOffsets({ consumerGroupId: this.applicationId, topics: offsets.map(({ topic, offset }) => ({ topic, partitions: [{ partition, offset }] })) });
      await transaction.commit();
    } catch (error) {
      if (isFenced(error)) {
        this.fencedCommits++;
        this.owned.delete(partition);
        this.drop(partition);
        throw new PartitionFencedError(`the commit of partition ${partition} was fenced: another instance owns it now`, {
          hint: 'this instance was paused or cut off longer than the session timeout; its work on the partition is dropped and the group rejoins',
          cause: error,
        });
      }
      // A producer that cannot abort is in an unknown state: the next commit opens a new one.
      await transaction.abort().catch(() => this.drop(partition));
      throw error;
    }
  }

  async close(): Promise<void> {
    for (const partition of [...this.producers.keys()]) this.drop(partition);
    await Promise.all(this.closing);
  }

  private producerFor(partition: number): Promise<Producer> {
    if (!this.owned.has(partition)) {
      return Promise.reject(new PartitionFencedError(`partition ${partition} is not assigned to this instance`, { hint: 'it was revoked or fenced; the group rejoins before it is processed here again' }));
    }
    let connected = this.producers.get(partition);
    if (!connected) {
      const producer = this.client.producer({ transactionalId: transactionalIdOf(this.applicationId, partition), idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
      // connect() registers the transactional id: it fences the previous owner and aborts its open transaction.
      connected = producer.connect().then(
        () => producer,
        async (error: unknown) => {
          if (this.producers.get(partition) === connected) this.producers.delete(partition);
          await producer.disconnect().catch(() => undefined);
          throw error;
        },
      );
      this.producers.set(partition, connected);
    }
    return connected;
  }

  private drop(partition: number): void {
    const connected = this.producers.get(partition);
    if (!connected) return;
    this.producers.delete(partition);
    const closed = connected.then(
      (producer) => producer.disconnect(),
      () => undefined,
    ).catch(() => undefined).finally(() => this.closing.delete(closed));
    this.closing.add(closed);
  }
}

/** Whether a kafkajs error (or one it wraps) says a producer with the same transactional id and a newer epoch exists. */
function isFenced(error: unknown): boolean {
  for (let current = error as { type?: string; message?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (current.type === 'INVALID_PRODUCER_EPOCH' || /Unknown error code 90\b|fenced/i.test(current.message ?? '')) return true;
    current = (current.cause ?? current.originalError) as typeof current;
  }
  return false;
}
