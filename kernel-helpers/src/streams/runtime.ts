import type { Admin, Consumer, ConsumerRunConfig, EachBatchPayload, Kafka, KafkaMessage, Message } from 'kafkajs';
import { createKafka } from '../kafka/client.js';
import { connectTo } from '../kafka/connection.js';
import { onShutdown } from '../shutdown.js';
import { ensure } from '../stack/index.js';
import { StreamsError } from './errors.js';
import { coPartitionedAssigner } from './internals/co-partitioned-assigner.js';
import { emptyMetrics, type StreamsMetrics } from './internals/processor.js';
import { PoisonRecordError, StreamTask } from './internals/task.js';
import { BatchQueue, within } from './runtime/batch-queue.js';
import { commitStrategy, PartitionFencedError, type CommitStrategy, type ProcessingGuarantee } from './runtime/commit.js';
import { FailureStreak, mayPass } from './runtime/failures.js';
import { Lifecycle, type StreamsState } from './runtime/lifecycle.js';
import { committedOffset, fetchedOffsetOf, seekTarget } from './runtime/position.js';
import { chunkBySize, commitMessages, deadLetter, decodeJson } from './runtime/records.js';
import { restoreTask } from './runtime/restore.js';
import { createInternalTopics } from './runtime/topics.js';
import { RepartitionTopics } from './repartition-topics.js';
import type { Topology } from './topology.js';

export { DEAD_LETTER_HEADERS, chunkBySize } from './runtime/records.js';
export type { ProcessingGuarantee } from './runtime/commit.js';
export type { StreamsState } from './runtime/lifecycle.js';

/** Options of a `KafkaStreams` instance. */
export interface KafkaStreamsOptions {
  /** Names the consumer group, the changelog topics (`<applicationId>-<store>-changelog`) and the dead-letter topic. */
  applicationId: string;
  /** Default `at_least_once`, as in Kafka Streams. */
  guarantee?: ProcessingGuarantee;
  /** Brokers (host:port, comma-separated); default the Streamlab stack's. */
  bootstrap?: string;
  /**
   * This process's name inside the application (default `main`), in its Kafka client id. Under
   * exactly_once the transactional ids are per task, `<applicationId>-0_<partition>`, not per
   * process: whoever is assigned a partition fences its previous owner, crashed or only paused.
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

/** Options of `stop()`. */
export interface StopOptions {
  /** Give up waiting for the batch in progress and the disconnects after this long (default 10 000 ms); `stop()` then rejects. */
  timeoutMs?: number;
}

/** What a bounded run did. */
export interface RunSummary extends StreamsMetrics {
  stoppedBy: 'idle' | 'maxRecords' | 'timeout';
  commits: number;
  /** Commits refused because another instance had taken the partition over (exactly_once; see `instanceId`). */
  fencedCommits: number;
  /** Changelog entries loaded into the stores before processing, and the ms it took. */
  restoredEntries: number;
  restoreMs: number;
  /** Batches that failed and consumer crashes, each retried (a broker failover, a fenced commit) for up to 30 s in a row. */
  failuresRetried: number;
  durationMs: number;
}

/** Default bound of `stop()`, ms. */
const STOP_TIMEOUT_MS = 10_000;

/** What exists between `start()` and `stop()`. */
interface Connection {
  client: Kafka;
  admin: Admin;
  consumer: Consumer;
  commits: CommitStrategy;
  /** Aborted by `stop()`: ends a restore in progress at once. */
  stopping: AbortController;
  /** This instance's member id in the group at its last join. */
  memberId?: string;
  forgetShutdown?: () => void;
}

/**
 * Runs a topology on the real broker (Kafka Streams' `KafkaStreams`): one consumer group per
 * application, one task per input partition, state in memory backed by compacted changelog
 * topics and restored from them (the task's own partition only) before a partition is
 * processed. Values are JSON. Its `state` goes created → starting → running → stopping →
 * stopped, or failed.
 */
export class KafkaStreams {
  private readonly options: Required<Omit<KafkaStreamsOptions, 'bootstrap' | 'onCommitStep'>> & Pick<KafkaStreamsOptions, 'bootstrap' | 'onCommitStep'>;
  private readonly lifecycle = new Lifecycle();
  private readonly tasks = new Map<number, StreamTask>();
  /** Per partition, the dead letters its next commit writes. */
  private readonly deadLetters = new Map<number, Message[]>();
  private readonly counters: StreamsMetrics = emptyMetrics();
  private batches = new BatchQueue();
  private connection?: Connection;
  private stopped?: Promise<void>;
  private commits = 0;
  private fencedBefore = 0;
  private restored = { entries: 0, ms: 0 };
  private maxRecords = Number.POSITIVE_INFINITY;
  /** Failures since processing last went well, retried for up to RETRY_BOUND_MS. */
  private readonly failures = new FailureStreak();
  /** Per task built, the input topics whose first batch has not yet been checked against the group's committed offset. */
  private readonly unpositioned = new WeakMap<StreamTask, Set<string>>();
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

  /** Where this instance is in its life (Kafka Streams' `KafkaStreams.state()`). */
  get state(): StreamsState {
    return this.lifecycle.state;
  }

  /** The changelog topic of `store`. */
  changelogTopic(store: string): string {
    return `${this.options.applicationId}-${store}-changelog`;
  }

  /** Counters over all tasks since start, plus commits (and fenced ones), what restoring from changelogs took, and failures retried. */
  metrics(): StreamsMetrics & { commits: number; fencedCommits: number; restoredEntries: number; restoreMs: number; failuresRetried: number } {
    return { ...this.counters, commits: this.commits, fencedCommits: this.fencedCommits(), restoredEntries: this.restored.entries, restoreMs: this.restored.ms, failuresRetried: this.failures.count };
  }

  /**
   * Creates the internal topics (changelogs, dead letters) and missing output topics, joins the
   * consumer group and starts processing in the background. Returns once the consumer runs: normally
   * joined to the group (state `running`); still `starting` when kafkajs retries the join.
   */
  async start(): Promise<void> {
    // A failed instance still connected (its consumer crashed) is stopped first.
    if (!this.lifecycle.startable || this.connection) throw new StreamsError(`this KafkaStreams is ${this.lifecycle.state}`, { hint: 'call stop() first, or create another instance' });
    this.lifecycle.to('starting');
    this.stopped = undefined;
    this.failures.reset();
    this.batches = new BatchQueue();
    try {
      await this.connect();
    } catch (error) {
      await this.halt(STOP_TIMEOUT_MS, error as Error).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Stops after the batch in progress (its commit included) and disconnects, waiting at most
   * `timeoutMs` (default 10 s): past it, it rejects with a StreamsError and the state is `failed`.
   */
  stop(options: StopOptions = {}): Promise<void> {
    this.stopped ??= this.halt(options.timeoutMs ?? STOP_TIMEOUT_MS);
    return this.stopped;
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
        const failure = this.lifecycle.failure;
        if (failure) throw failure;
        const gaveUp = this.failures.expired();
        if (gaveUp) {
          this.lifecycle.fail(gaveUp);
          throw gaveUp;
        }
        if (this.handled() >= this.maxRecords) {
          stoppedBy = 'maxRecords';
          break;
        }
        // Not idle while failing: kafkajs retries the batch (or the consumer restarts) within RETRY_BOUND_MS.
        if (this.lifecycle.state === 'running' && !this.batches.busy && Date.now() - this.batches.lastActivityAt >= untilIdleMs) {
          const failing = this.failures.open;
          if (failing && !mayPass(failing)) throw failing;
          if (!failing) {
            stoppedBy = 'idle';
            break;
          }
        }
        if (Date.now() - started >= timeoutMs) break;
      }
    } finally {
      await this.stop();
      this.maxRecords = Number.POSITIVE_INFINITY;
    }
    return { ...this.metrics(), stoppedBy, durationMs: Date.now() - started };
  }

  private handled(): number {
    return this.counters.recordsIn + this.counters.deadLetters;
  }

  private fencedCommits(): number {
    return this.fencedBefore + (this.connection?.commits.fencedCommits ?? 0);
  }

  private async connect(): Promise<void> {
    const { applicationId, guarantee, sessionTimeoutMs } = this.options;
    const bootstrap = this.options.bootstrap ?? (await ensure({ services: ['kafka'] })).kafka.bootstrap;
    const client = createKafka(bootstrap, { clientId: `${applicationId}-${this.options.instanceId}` });
    const consumer = client.consumer({
      groupId: applicationId,
      sessionTimeout: sessionTimeoutMs,
      heartbeatInterval: Math.floor(sessionTimeoutMs / 3),
      readUncommitted: false,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: 250,
      // Partition N of the input and of each repartition topic belong to one task: one member.
      partitionAssigners: [coPartitionedAssigner],
    });
    const connection: Connection = { client, admin: client.admin(), consumer, commits: commitStrategy(guarantee, client, consumer, applicationId), stopping: new AbortController() };
    this.connection = connection;
    // One BrokerUnreachableError (or KafkaAuthenticationError) naming the address, not kafkajs's retries.
    await connectTo(connection.admin, client);
    await createInternalTopics(connection.admin, this.topology, { changelogTopic: (store) => this.changelogTopic(store), deadLetterTopic: this.options.deadLetterTopic, repartition: this.repartition });
    if (guarantee === 'at_least_once') await connection.commits.ready(0);
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => this.joined(payload.memberId, new Set<number>(Object.values(payload.memberAssignment).flat())));
    const runConfig: ConsumerRunConfig = {
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.batches.run(() => this.processBatch(payload)),
    };
    consumer.on(consumer.events.CRASH, ({ payload }) => this.crashed(connection, runConfig, payload.error, payload.restart));
    await consumer.connect();
    for (const topic of this.inputTopics()) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run(runConfig);
    connection.forgetShutdown = onShutdown(() => this.stop());
  }

  /**
   * The consumer crashed: kafkajs restarts it when the root cause is retriable (`restart`); a
   * retriable error kafkajs gives up on (a connection refused during a failover, wrapped) restarts it
   * here, after a second, until RETRY_BOUND_MS of failures; anything else fails the instance.
   */
  private crashed(connection: Connection, runConfig: ConsumerRunConfig, error: Error, restart: boolean): void {
    if (this.lifecycle.state === 'stopped') return;
    if (!this.lifecycle.active) {
      if (!restart) this.lifecycle.fail(error);
      return;
    }
    this.failures.failed(error);
    // A bug, not a fault, whatever kafkajs decided.
    if (!mayPass(error)) {
      this.lifecycle.fail(error);
      return;
    }
    if (restart) return;
    const gaveUp = this.failures.expired();
    if (gaveUp) {
      this.lifecycle.fail(gaveUp);
      return;
    }
    setTimeout(() => {
      if (this.connection !== connection || !this.lifecycle.active) return;
      // A failed start crashes the consumer again, which comes back here.
      connection.consumer.run(runConfig).catch((failure: unknown) => this.lifecycle.active && this.lifecycle.fail(failure as Error));
    }, 1000);
  }

  /** A group join gave this instance (member `memberId`) `assigned` (partition numbers). */
  private joined(memberId: string, assigned: ReadonlySet<number>): void {
    if (this.lifecycle.state === 'starting') this.lifecycle.to('running');
    this.batches.lastActivityAt = Date.now();
    // The consumer is back: what failed is fetched again now, if it has records left.
    this.failures.rejoined();
    // A new member id means this instance was out of the group (paused, cut off) for some
    // generations: its partitions may have been processed elsewhere meanwhile, so no task is kept.
    const rejoined = this.connection !== undefined && this.connection.memberId !== undefined && this.connection.memberId !== memberId;
    if (this.connection) this.connection.memberId = memberId;
    // kafkajs resumes every partition from its committed offset after a join: a task holding
    // uncommitted work would count it twice, so it is rebuilt from its changelog instead. A task
    // kept checks its first batches against its own committed offsets: the group's may still be
    // the previous ones while its last transaction's markers are being written (kafkajs does not
    // ask for stable offsets), and reading from there would count records twice.
    for (const [partition, task] of [...this.tasks]) {
      if (assigned.has(partition) && !task.uncommitted && !rejoined) {
        this.unpositioned.set(task, this.inputTopics());
        continue;
      }
      this.tasks.delete(partition);
      this.deadLetters.delete(partition);
    }
    this.connection?.commits.assign(assigned);
  }

  /**
   * Ends processing: the batch in progress finishes its commit while the consumer is still
   * connected (under at_least_once that commit goes through the consumer, and a disconnect racing
   * it would lose it), then every client disconnects; all of it within `timeoutMs`.
   */
  private async halt(timeoutMs: number, failure?: Error): Promise<void> {
    const connection = this.connection;
    const failedBefore = this.lifecycle.failure ?? failure;
    if (this.lifecycle.state !== 'stopping') {
      if (!connection && this.lifecycle.state !== 'starting') return;
      this.lifecycle.to('stopping');
    }
    const deadline = Date.now() + timeoutMs;
    let finished = true;
    if (connection) {
      connection.forgetShutdown?.();
      connection.stopping.abort(new StreamsError('KafkaStreams stopped while restoring a task', { hint: 'the task is restored again when the instance starts' }));
      finished = await this.batches.drained(timeoutMs);
      const quietly = (promise: Promise<void>) => within(promise.then(() => true, () => true), deadline - Date.now());
      for (const close of [() => connection.consumer.disconnect(), () => connection.commits.close(), () => connection.admin.disconnect()]) {
        if (!(await quietly(close()))) finished = false;
      }
      this.fencedBefore += connection.commits.fencedCommits;
    }
    this.connection = undefined;
    this.tasks.clear();
    this.deadLetters.clear();
    if (!finished) {
      const error = new StreamsError(`stop() gave up after ${timeoutMs} ms: a batch or a disconnect had not finished`, {
        hint: 'is the broker reachable? work not committed is done again by the next owner (exactly_once: its open transaction is aborted)',
      });
      this.lifecycle.fail(error);
      throw error;
    }
    if (failedBefore) this.lifecycle.fail(failedBefore);
    else if (this.lifecycle.state === 'stopping') this.lifecycle.to('stopped');
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { partition } = payload.batch;
    try {
      await this.processRecords(payload);
      this.failures.succeeded(partition);
    } catch (error) {
      // kafkajs retries the batch; a bounded run reports it once it has failed for RETRY_BOUND_MS.
      this.failures.failed(error as Error, partition);
      throw error;
    }
  }

  private async processRecords({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!this.lifecycle.active) return;
    const task = await this.taskFor(batch.partition, heartbeat);
    if (!(await this.positioned(task, batch))) return;
    const { commitEveryRecords, commitIntervalMs } = this.options;
    const messages = batch.messages;
    let last: string | undefined;
    try {
      for (let index = 0; index < messages.length; index++) {
        if (!isRunning() || isStale() || !this.lifecycle.active || this.handled() >= this.maxRecords) break;
        const message = messages[index];
        task.noteOffset(batch.topic, message.offset);
        this.processMessage(task, batch.topic, batch.partition, message);
        last = message.offset;
        if (task.uncommitted >= commitEveryRecords || ((index & 255) === 255 && Date.now() - task.lastCommitAt >= commitIntervalMs)) {
          await this.commit(task);
          await heartbeat();
        }
      }
    } catch (error) {
      // kafkajs fetches this batch again from the last resolved offset: a task that lives on has
      // processed the records up to `last` (committed or not), so reading resumes after them, or
      // they would be counted twice (e.g. a heartbeat failing right after a commit). A task
      // discarded by a failed commit has already sent the consumer back to its committed offsets.
      if (last !== undefined && this.tasks.get(batch.partition) === task) resolveOffset(last);
      throw error;
    }
    if (last === undefined) return;
    // Fetching goes on past what is processed; nothing is committed by this (autoCommit is off).
    resolveOffset(last);
    // Commits happen here, inside the batch, never from a timer: kafkajs rejoins a rebalancing
    // group only between batches, so a commit never races the next owner's offset fetch. Caught
    // up with the partition's end, the commit happens now, as no batch may come for a while.
    const caughtUp = batch.offsetLag() === '0';
    if (task.uncommitted && (caughtUp || !this.lifecycle.active || this.handled() >= this.maxRecords || Date.now() - task.lastCommitAt >= commitIntervalMs)) await this.commit(task);
  }

  private processMessage(task: StreamTask, topic: string, partition: number, message: KafkaMessage): void {
    try {
      task.process(this.repartition.fromBroker(topic), message.key === null ? null : message.key.toString('utf8'), decodeJson(message.value), Number(message.timestamp));
    } catch (error) {
      if (!(error instanceof PoisonRecordError)) throw error;
      this.counters.deadLetters++;
      let letters = this.deadLetters.get(partition);
      if (!letters) this.deadLetters.set(partition, (letters = []));
      letters.push(deadLetter(message, topic, partition, error.message));
    }
  }

  /**
   * Writes a task's outputs, changelog changes (one record per changed key: the store's write
   * cache) and dead letters, and commits its input offsets: atomically under exactly_once.
   */
  private async commit(task: StreamTask): Promise<void> {
    const { commits, consumer } = this.connection!;
    const letters = this.deadLetters.get(task.partition) ?? [];
    this.deadLetters.delete(task.partition);
    const chunks = chunkBySize(commitMessages(task, { changelogTopic: (store) => this.changelogTopic(store), deadLetterTopic: this.options.deadLetterTopic, repartition: this.repartition }, letters));
    try {
      await commits.commit({ partition: task.partition, chunks, offsets: task.offsetsToCommit(), outputsSent: () => this.options.onCommitStep?.('outputs-sent', this.commits + 1) });
    } catch (error) {
      // The task's memory holds uncommitted changes, and kafkajs fetches past them: rebuild the
      // task from its changelog and read its input again from the last committed offsets (unless
      // the partition is another instance's now: its reading is the group's business).
      this.tasks.delete(task.partition);
      if (!(error instanceof PartitionFencedError)) for (const { topic, committed } of task.committedOffsets()) consumer.seek({ topic, partition: task.partition, offset: committed });
      throw error;
    }
    task.committed();
    this.commits++;
    this.options.onCommitStep?.('committed', this.commits);
  }

  /**
   * The task of `partition`, created and restored from its changelogs on first use. Under
   * exactly_once the partition's producer is open first: the previous owner is fenced and its
   * open transaction aborted, so the changelog read (committed data only) does not wait for it.
   */
  private async taskFor(partition: number, heartbeat: () => Promise<void>): Promise<StreamTask> {
    let task = this.tasks.get(partition);
    if (task) return task;
    const { client, admin, commits, stopping } = this.connection!;
    await commits.ready(partition);
    task = new StreamTask(this.topology, partition, { trackChanges: true, metrics: this.counters });
    // kafkajs heartbeats only between batches: keep the group membership alive while restoring.
    // A failed heartbeat (a rebalance: the partition may be moving) ends the restore with its
    // error, which kafkajs then handles by rejoining the group.
    const interrupted = new AbortController();
    const onStop = () => interrupted.abort(stopping.signal.reason);
    if (stopping.signal.aborted) onStop();
    else stopping.signal.addEventListener('abort', onStop, { once: true });
    const beat = setInterval(() => void heartbeat().catch((error: unknown) => interrupted.abort(error)), 1000);
    const started = Date.now();
    try {
      const restored = await restoreTask(client, admin, task, (store) => this.changelogTopic(store), this.options.applicationId, interrupted.signal);
      this.restored.entries += restored.entries;
      this.restored.ms += Date.now() - started;
    } finally {
      clearInterval(beat);
      stopping.signal.removeEventListener('abort', onStop);
    }
    task.restored();
    this.unpositioned.set(task, this.inputTopics());
    this.tasks.set(partition, task);
    return task;
  }

  /** The topics tasks read, as named on the broker. */
  private inputTopics(): Set<string> {
    return new Set([...this.topology.sourceTopics, ...this.repartition.topics]);
  }

  /**
   * Whether `batch` may be processed by `task` (a task kept across a group join: the same, with the
   * offsets it committed itself, when it has any). A task just restored from its changelogs holds
   * exactly what the group's committed offsets cover (under exactly_once its producer was opened
   * first, so any transaction of an earlier attempt is committed or aborted by then), so the
   * first batch of each input topic must start at the committed offset. When it does not (a
   * commit that failed from the client's view but went through on the broker), the consumer is
   * sent there and the batch is dropped.
   */
  private async positioned(task: StreamTask, batch: EachBatchPayload['batch']): Promise<boolean> {
    const pending = this.unpositioned.get(task);
    if (!pending?.has(batch.topic)) return true;
    const own = task.committedOffsets().find((position) => position.topic === batch.topic)?.committed;
    const committed = own ?? (await committedOffset(this.connection!.admin, this.options.applicationId, batch.topic, batch.partition));
    const target = seekTarget(fetchedOffsetOf(batch), committed);
    if (target === undefined) {
      pending.delete(batch.topic);
      return true;
    }
    this.connection!.consumer.seek({ topic: batch.topic, partition: batch.partition, offset: target });
    return false;
  }
}
