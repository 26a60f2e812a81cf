import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, EachBatchPayload, Kafka, KafkaMessage, Message, Producer, TopicMessages } from 'kafkajs';
import { createKafka } from '../kafka/client.js';
import { onShutdown } from '../shutdown.js';
import { ensure } from '../stack/index.js';
import { StreamsError } from './errors.js';
import { coPartitionedAssigner } from './internals/co-partitioned-assigner.js';
import { emptyMetrics, type StreamsMetrics } from './internals/processor.js';
import { PoisonRecordError, StreamTask } from './internals/task.js';
import { RepartitionTopics } from './repartition-topics.js';
import type { Topology } from './topology.js';

/** `at_least_once`: outputs first, then offsets (a crash in between repeats work). `exactly_once`: both in one Kafka transaction. */
export type ProcessingGuarantee = 'at_least_once' | 'exactly_once';

/** Options of a `KafkaStreams` instance. */
export interface KafkaStreamsOptions {
  /** Names the consumer group, the changelog topics (`<applicationId>-<store>-changelog`) and the dead-letter topic. */
  applicationId: string;
  /** Default `at_least_once`, as in Kafka Streams. */
  guarantee?: ProcessingGuarantee;
  /** Brokers (host:port, comma-separated); default the Streamlab stack's. */
  bootstrap?: string;
  /**
   * This process's name inside the application (default `main`). Under exactly_once it makes the
   * transactional id `<applicationId>-<instanceId>`: a restarted instance with the same id fences
   * its dead predecessor and aborts its open transaction. Give each concurrent process its own.
   */
  instanceId?: string;
  /** Where poison records go, with the error in headers; default `<applicationId>-dlq`. */
  deadLetterTopic?: string;
  /**
   * Commit (outputs, changelog writes, input offsets: one transaction under exactly_once) every
   * this many ms, like Kafka Streams' `commit.interval.ms`. Default 100 for both guarantees:
   * Kafka Streams' exactly-once default; for at-least-once Kafka Streams waits 30 s, but a lesson
   * wants results within a blink and a crash to repeat little work, and a commit here costs a
   * couple of ms (see README, Benchmarks).
   */
  commitIntervalMs?: number;
  /** Also commit after this many records of a partition since its last commit (default: no limit, time alone decides). */
  commitEveryRecords?: number;
  /** Consumer session timeout, ms (default 6000, the broker's minimum): how long a crashed instance holds its partitions. */
  sessionTimeoutMs?: number;
  /**
   * Called during each commit: `outputs-sent` once outputs and changelog writes are sent (in
   * the open transaction under exactly_once), before the input offsets are committed;
   * `committed` after. For demos that crash a processor at the worst moment.
   */
  onCommitStep?: (step: 'outputs-sent' | 'committed', commit: number) => void;
}

/** Options of `run()`, the bounded mode for notebooks and tests. */
export interface RunOptions {
  /** Stop once no record has arrived for this long (default 3000 ms). */
  untilIdleMs?: number;
  /** Stop after this many records (processed or sent to the dead-letter topic). */
  maxRecords?: number;
  /** Stop after this long in any case (default 120 000 ms). */
  timeoutMs?: number;
}

/** What a bounded run did. */
export interface RunSummary extends StreamsMetrics {
  stoppedBy: 'idle' | 'maxRecords' | 'timeout';
  commits: number;
  /** Changelog entries loaded into the stores before processing, and the ms it took. */
  restoredEntries: number;
  restoreMs: number;
  durationMs: number;
}

/** Record headers on a dead letter. */
export const DEAD_LETTER_HEADERS = { error: 'streamlab.error', topic: 'streamlab.source.topic', partition: 'streamlab.source.partition', offset: 'streamlab.source.offset' } as const;

/**
 * Runs a topology on the real broker (Kafka Streams' `KafkaStreams`): one consumer group per
 * application, one task per input partition, state in memory backed by compacted changelog
 * topics and restored from them before a partition is processed. Values are JSON.
 */
export class KafkaStreams {
  private readonly options: Required<Omit<KafkaStreamsOptions, 'bootstrap' | 'onCommitStep'>> & Pick<KafkaStreamsOptions, 'bootstrap' | 'onCommitStep'>;
  private readonly tasks = new Map<number, StreamTask>();
  private readonly counters: StreamsMetrics = emptyMetrics();
  private client?: Kafka;
  private admin?: Admin;
  private producer?: Producer;
  private consumer?: Consumer;
  private deadLetters: Message[] = [];
  private commits = 0;
  private restored = { entries: 0, ms: 0 };
  private lastRecordAt = 0;
  /** Joined the group at least once since start. */
  private joined = false;
  /** A batch is being processed (restores included). */
  private busy = false;
  private stopping = false;
  private failure?: Error;
  private maxRecords = Number.POSITIVE_INFINITY;
  /** The error of the last batch, until a batch succeeds. */
  private batchError?: Error;
  /** Batches run one at a time; `stop()` waits for the one in progress. */
  private lock: Promise<unknown> = Promise.resolve();
  private forgetShutdown?: () => void;
  /** Repartition topics: `<applicationId>-<name>` on the broker, `<name>` in the topology. */
  private readonly repartition: RepartitionTopics;

  constructor(
    readonly topology: Topology,
    options: KafkaStreamsOptions,
  ) {
    this.repartition = new RepartitionTopics(options.applicationId, topology);
    this.options = {
      guarantee: 'at_least_once',
      instanceId: 'main',
      deadLetterTopic: `${options.applicationId}-dlq`,
      commitIntervalMs: 100,
      commitEveryRecords: Number.POSITIVE_INFINITY,
      sessionTimeoutMs: 6000,
      ...options,
    };
  }

  /** The changelog topic of `store`. */
  changelogTopic(store: string): string {
    return `${this.options.applicationId}-${store}-changelog`;
  }

  /** Counters over all tasks since start, plus commits and what restoring from changelogs took. */
  metrics(): StreamsMetrics & { commits: number; restoredEntries: number; restoreMs: number } {
    return { ...this.counters, commits: this.commits, restoredEntries: this.restored.entries, restoreMs: this.restored.ms };
  }

  /**
   * Creates the internal topics (changelogs, dead letters) and missing output topics, joins the
   * consumer group and starts processing in the background. Returns once the consumer runs.
   */
  async start(): Promise<void> {
    if (this.consumer) throw new StreamsError('this KafkaStreams is already running', { hint: 'call stop() first, or create another instance' });
    this.stopping = false;
    this.failure = this.batchError = undefined;
    try {
      await this.connectAndRun();
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  private async connectAndRun(): Promise<void> {
    const { applicationId, guarantee, sessionTimeoutMs } = this.options;
    const bootstrap = this.options.bootstrap ?? (await ensure({ services: ['kafka'] })).kafka.bootstrap;
    this.client = createKafka(bootstrap, { clientId: `${applicationId}-${this.options.instanceId}` });
    this.admin = this.client.admin();
    await this.admin.connect();
    await this.createTopics(this.admin);
    this.producer =
      guarantee === 'exactly_once'
        ? this.client.producer({ transactionalId: `${applicationId}-${this.options.instanceId}`, idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false })
        : this.client.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    // Under exactly_once this registers the transactional id, fencing a crashed predecessor and aborting its open transaction.
    await this.producer.connect();
    this.consumer = this.client.consumer({
      groupId: applicationId,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.floor(sessionTimeoutMs / 3),
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      // Partition N of the input and of each repartition topic belong to one task: one member.
      partitionAssigners: [coPartitionedAssigner],
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => {
      this.joined = true;
      this.lastRecordAt = Date.now();
      const assigned = new Set<number>(Object.values(payload.memberAssignment).flat());
      // kafkajs resumes every partition from its committed offset after a join: a task holding
      // uncommitted work would count it twice, so it is rebuilt from its changelog instead.
      for (const [partition, task] of [...this.tasks]) if (!assigned.has(partition) || task.uncommitted) this.tasks.delete(partition);
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (!payload.restart) this.failure = payload.error;
    });
    await this.consumer.connect();
    for (const topic of [...this.topology.sourceTopics, ...this.repartition.topics]) await this.consumer.subscribe({ topic, fromBeginning: true });
    this.joined = false;
    this.lastRecordAt = Date.now();
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.exclusive(() => this.processBatch(payload)),
    });
    this.forgetShutdown = onShutdown(() => this.stop());
  }

  /** Runs `work` after every batch or commit before it has finished. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.lock.then(work, work);
    this.lock = result.catch(() => undefined);
    return result;
  }

  /** Stops after the batch in progress (its commit included) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    // Let the batch in progress finish its commit while the consumer is still connected: under
    // at_least_once that commit goes through the consumer, and a disconnect racing it would lose
    // it (records processed again on the next start, though nothing crashed).
    this.forgetShutdown?.();
    await this.exclusive(async () => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
    this.consumer = this.producer = this.admin = undefined;
    this.tasks.clear();
  }

  /**
   * Starts, processes until the input has been idle for `untilIdleMs` (or `maxRecords`, or
   * `timeoutMs`), stops, and returns what happened. Always ends; leaves nothing running.
   */
  async run(options: RunOptions = {}): Promise<RunSummary> {
    const untilIdleMs = options.untilIdleMs ?? 3000;
    const timeoutMs = options.timeoutMs ?? 120_000;
    this.maxRecords = options.maxRecords ?? Number.POSITIVE_INFINITY;
    const started = Date.now();
    let stoppedBy: RunSummary['stoppedBy'] = 'timeout';
    try {
      await this.start();
      for (;;) {
        await new Promise((resolveTick) => setTimeout(resolveTick, 50));
        if (this.failure) throw this.failure;
        if (this.handled() >= this.maxRecords) {
          stoppedBy = 'maxRecords';
          break;
        }
        if (this.joined && !this.busy && Date.now() - this.lastRecordAt >= untilIdleMs) {
          if (this.batchError) throw this.batchError;
          stoppedBy = 'idle';
          break;
        }
        if (Date.now() - started >= timeoutMs) break;
      }
    } finally {
      await this.stop();
      this.maxRecords = Number.POSITIVE_INFINITY;
    }
    return { ...this.counters, stoppedBy, commits: this.commits, restoredEntries: this.restored.entries, restoreMs: this.restored.ms, durationMs: Date.now() - started };
  }

  private handled(): number {
    return this.counters.recordsIn + this.counters.deadLetters;
  }

  private async createTopics(admin: Admin): Promise<void> {
    const existing = new Set(await admin.listTopics());
    const missing = this.topology.sourceTopics.filter((topic) => !existing.has(topic));
    if (missing.length) {
      throw new StreamsError(`input topic${missing.length > 1 ? 's' : ''} ${missing.map((topic) => `"${topic}"`).join(', ')} not found`, {
        hint: 'create them first (createTopic from @streamlab/kernel-helpers/kafka), with as many partitions as you want tasks',
      });
    }
    const metadata = await admin.fetchTopicMetadata({ topics: this.topology.sourceTopics });
    const partitions = Math.max(...metadata.topics.map((topic) => topic.partitions.length));
    const notRepartitioned = this.topology.statefulWithoutRepartition();
    if (partitions > 1 && notRepartitioned.length) {
      throw new StreamsError(`${notRepartitioned.join(', ')} aggregate(s) records whose key changed, and the input has ${partitions} partitions`, {
        hint: 'build the topology with StreamsBuilder: it routes re-keyed records through a repartition topic',
      });
    }
    const topics = [
      ...this.repartition.specs(partitions),
      ...this.topology.stores.map((store) => ({ topic: this.changelogTopic(store), numPartitions: partitions, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] })),
      { topic: this.options.deadLetterTopic, numPartitions: 1, configEntries: [] },
      ...this.topology.sinkTopics.map((topic) => ({ topic, numPartitions: partitions, configEntries: [] })),
    ].filter((topic) => !existing.has(topic.topic));
    if (topics.length) await admin.createTopics({ topics, waitForLeaders: true });
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    this.busy = true;
    try {
      await this.processRecords(payload);
      this.batchError = undefined;
    } catch (error) {
      // kafkajs retries the batch; a bounded run that goes idle on a failing batch reports it.
      this.batchError = error as Error;
      throw error;
    } finally {
      this.busy = false;
      this.lastRecordAt = Date.now();
    }
  }

  private async processRecords({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const task = await this.taskFor(batch.partition, heartbeat);
    const { commitEveryRecords, commitIntervalMs } = this.options;
    const messages = batch.messages;
    let last: string | undefined;
    for (let index = 0; index < messages.length; index++) {
      if (!isRunning() || isStale() || this.stopping || this.handled() >= this.maxRecords) break;
      const message = messages[index];
      task.noteOffset(batch.topic, message.offset);
      this.processMessage(task, batch.topic, batch.partition, message);
      last = message.offset;
      if (task.uncommitted >= commitEveryRecords || ((index & 255) === 255 && Date.now() - task.lastCommitAt >= commitIntervalMs)) {
        await this.commit(task);
        await heartbeat();
      }
    }
    if (last === undefined) return;
    // Fetching goes on past what is processed; nothing is committed by this (autoCommit is off).
    resolveOffset(last);
    // Commits happen here, inside the batch, never from a timer: kafkajs rejoins a rebalancing
    // group only between batches, so a commit never races the next owner's offset fetch. Caught
    // up with the partition's end, the commit happens now, as no batch may come for a while.
    const caughtUp = batch.offsetLag() === '0';
    if (task.uncommitted && (caughtUp || this.stopping || this.handled() >= this.maxRecords || Date.now() - task.lastCommitAt >= commitIntervalMs)) await this.commit(task);
  }

  private processMessage(task: StreamTask, topic: string, partition: number, message: KafkaMessage): void {
    const key = message.key === null ? null : message.key.toString('utf8');
    let problem: string;
    try {
      task.process(this.repartition.fromBroker(topic), key, decodeJson(message.value), Number(message.timestamp));
      return;
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      problem = error.message;
    }
    this.counters.deadLetters++;
    this.deadLetters.push({
      key: message.key,
      value: message.value,
      timestamp: message.timestamp,
      headers: {
        [DEAD_LETTER_HEADERS.error]: problem,
        [DEAD_LETTER_HEADERS.topic]: topic,
        [DEAD_LETTER_HEADERS.partition]: String(partition),
        [DEAD_LETTER_HEADERS.offset]: message.offset,
      },
    });
  }

  /**
   * Writes a task's outputs, changelog changes (one record per changed key: the store's write
   * cache) and dead letters, and commits its input offsets: atomically under exactly_once.
   */
  private async commit(task: StreamTask): Promise<void> {
    const producer = this.producer!;
    const chunks = chunkBySize(this.takeMessages(task));
    const offsets = task.offsetsToCommit();
    try {
      if (this.options.guarantee === 'exactly_once') {
        const transaction = await producer.transaction();
        try {
          for (const topicMessages of chunks) await transaction.sendBatch({ topicMessages, acks: -1 });
          this.options.onCommitStep?.('outputs-sent', this.commits + 1);
          await transaction.sendOffsets({ consumerGroupId: this.options.applicationId, topics: offsets.map(({ topic, offset }) => ({ topic, partitions: [{ partition: task.partition, offset }] })) });
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
      } else {
        for (const topicMessages of chunks) await producer.sendBatch({ topicMessages, acks: -1 });
        this.options.onCommitStep?.('outputs-sent', this.commits + 1);
        await this.consumer!.commitOffsets(offsets.map(({ topic, offset }) => ({ topic, partition: task.partition, offset })));
      }
    } catch (error) {
      // The task's memory holds uncommitted changes, and kafkajs fetches past them: rebuild the
      // task from its changelog and read its input again from the last committed offsets.
      this.tasks.delete(task.partition);
      for (const { topic, committed } of task.committedOffsets()) this.consumer?.seek({ topic, partition: task.partition, offset: committed });
      throw error;
    }
    task.committed();
    this.commits++;
    this.options.onCommitStep?.('committed', this.commits);
  }

  private takeMessages(task: StreamTask): TopicMessages[] {
    const byTopic = new Map<string, Message[]>();
    const add = (topic: string, message: Message) => {
      let messages = byTopic.get(topic);
      if (!messages) byTopic.set(topic, (messages = []));
      messages.push(message);
    };
    for (const record of task.takeOutput()) {
      add(this.repartition.toBroker(record.topic), { key: record.key, value: JSON.stringify(record.value), timestamp: String(record.timestamp) });
    }
    for (const store of task.stores.values()) {
      for (const [key, value] of store.takeChanges()) {
        add(this.changelogTopic(store.name), { key, value: value === null ? null : JSON.stringify(value), partition: task.partition });
      }
    }
    for (const letter of this.deadLetters) add(this.options.deadLetterTopic, letter);
    this.deadLetters = [];
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  }

  /** The task of `partition`, created and restored from its changelogs on first use. */
  private async taskFor(partition: number, heartbeat: () => Promise<void>): Promise<StreamTask> {
    let task = this.tasks.get(partition);
    if (task) return task;
    task = new StreamTask(this.topology, partition, { trackChanges: true, metrics: this.counters });
    // kafkajs heartbeats only between batches: keep the group membership alive while restoring.
    const beat = setInterval(() => void heartbeat().catch(() => undefined), 1000);
    const started = Date.now();
    try {
      this.restored.entries += await restoreTask(this.client!, this.admin!, task, (store) => this.changelogTopic(store), this.options.applicationId);
      this.restored.ms += Date.now() - started;
    } finally {
      clearInterval(beat);
    }
    task.restored();
    this.tasks.set(partition, task);
    return task;
  }
}

/** Bytes per produce request at most: well under the broker's 1 MB per partition batch. */
const MAX_REQUEST_BYTES = 512 * 1024;
/** Records per produce request at most: kafkajs groups a request's records by partition in time quadratic in their number. */
const MAX_REQUEST_RECORDS = 1000;

/** Splits messages into produce requests of at most MAX_REQUEST_BYTES (estimated from key and value lengths) and MAX_REQUEST_RECORDS. */
export function chunkBySize(topicMessages: TopicMessages[]): TopicMessages[][] {
  const chunks: TopicMessages[][] = [];
  let chunk: TopicMessages[] = [];
  let bytes = 0;
  let records = 0;
  for (const { topic, messages } of topicMessages) {
    let current: Message[] = [];
    chunk.push({ topic, messages: current });
    for (const message of messages) {
      const size = 70 + (message.key?.length ?? 0) + (message.value?.length ?? 0);
      if ((bytes + size > MAX_REQUEST_BYTES || records >= MAX_REQUEST_RECORDS) && records > 0) {
        chunks.push(chunk);
        current = [];
        chunk = [{ topic, messages: current }];
        bytes = 0;
        records = 0;
      }
      current.push(message);
      bytes += size;
      records++;
    }
  }
  const nonEmpty = chunk.filter((entry) => entry.messages.length > 0);
  if (nonEmpty.length) chunks.push(nonEmpty);
  return chunks.map((entries) => entries.filter((entry) => entry.messages.length > 0));
}

/** A message value as JSON; a PoisonRecordError when it is not JSON. */
function decodeJson(value: Buffer | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value.toString('utf8'));
  } catch (error) {
    throw new PoisonRecordError(`invalid JSON: ${(error as Error).message}`);
  }
}

/**
 * Loads every changelog partition of `task` into its stores, from the beginning to the end
 * offset read at the start (committed data only), before the task processes anything.
 */
async function restoreTask(client: Kafka, admin: Admin, task: StreamTask, changelogTopic: (store: string) => string, applicationId: string): Promise<number> {
  let entries = 0;
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
  if (!endOffsets.size) return 0;
  const groupId = `${applicationId}-restore-${randomUUID()}`;
  const consumer = client.consumer({ groupId, readUncommitted: false, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    for (const topic of endOffsets.keys()) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolveRestore, rejectRestore) => {
      const timer = setTimeout(() => {
        rejectRestore(
          new StreamsError(`restoring partition ${task.partition} from ${[...endOffsets.keys()].join(', ')} took over 60 s`, {
            hint: 'is a transaction of another instance still open on the changelog? it aborts after transaction.timeout.ms',
          }),
        );
      }, 60_000);
      const done = () => {
        if (endOffsets.size) return;
        clearTimeout(timer);
        resolveRestore();
      };
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        if (payload.partition !== task.partition) return;
        const end = endOffsets.get(payload.topic);
        if (end !== undefined && BigInt(payload.lastOffset) >= end - 1n) endOffsets.delete(payload.topic);
        done();
      });
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch }) => {
            if (batch.partition !== task.partition) return;
            const store = task.stores.get(storeByTopic.get(batch.topic)!)!;
            for (const message of batch.messages) {
              if (message.key === null) continue;
              entries++;
              store.restore(message.key.toString('utf8'), message.value === null ? null : JSON.parse(message.value.toString('utf8')));
            }
          },
        })
        .catch(rejectRestore);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return entries;
}
