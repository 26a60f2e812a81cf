import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { seededRandom } from '../datasets/seeded-random.js';
import { consume, createTopic, groupLag, produce } from '../kafka/index.js';
import { StreamsError, TopologyTestDriver, type ProcessingGuarantee, type WindowedCount } from '../streams/index.js';
import { compareKeyCounts, compareWindowedCounts, finalCounts, type KeyCount, type ResultComparison } from './comparison.js';
import { crashTestTopology, type CrashTestTopology } from './topologies.js';

/** One input record of a crash test. */
export interface CrashTestRecord {
  key: string;
  value: unknown;
  /** Event time, ms since the epoch. */
  timestamp: number;
}

/** What `runCrashTest` feeds, kills and checks. */
export interface CrashTestOptions {
  /** Names the consumer group, the internal topics and the test's topics `<applicationId>-input` / `-output` (must be new). */
  applicationId: string;
  guarantee: ProcessingGuarantee;
  records: CrashTestRecord[];
  /** The processor: `windowed` (default) or `counts-per-key`; see `CrashTestTopology`. */
  topology?: CrashTestTopology;
  /** How many times the processor is killed with SIGKILL (default 3). */
  kills?: number;
  /**
   * Where: `random` (default) after a random number of commits plus 0–100 ms, wherever the
   * processor is; `mixed` alternates random kills with kills between sending a commit's outputs
   * and committing its input offsets, the worst moment for at-least-once.
   */
  killAt?: 'random' | 'mixed';
  /** Input partitions (default 3). */
  partitions?: number;
  /** Seeds the random kill points (default 1). */
  seed?: number;
  /** Records per commit (default 20: many small transactions, many places to die). */
  commitEveryRecords?: number;
  /** Brokers; default the Streamlab stack's. */
  bootstrap?: string;
  /** Called with one line per event (started, killed, finished). */
  log?: (line: string) => void;
}

/** What a crash test did and found. */
export interface CrashTestReport extends ResultComparison {
  guarantee: ProcessingGuarantee;
  topology: CrashTestTopology;
  /**
   * Per kill: where, commits the killed process had completed, ms it had been running, the
   * input position (records of the input, all partitions) its group had committed when it
   * started, and the position it had read when last seen alive (within ~5 ms of the kill).
   */
  kills: Array<{ at: 'random' | 'outputs-sent'; afterCommits: number; afterMs: number; startedAt: number; inputPosition: number }>;
  /** `counts-per-key` only: every update read back from the output topic (read_committed), in partition order. */
  updates?: Array<KeyCount & { timestamp: number; partition: number }>;
  /** Whether the results equal the offline computation exactly. */
  identical: boolean;
  durationMs: number;
}

/**
 * Writes `records` to a new input topic, computes the expected final windows offline (test
 * driver, one per partition), then runs `crashTestTopology` as a child process, SIGKILLs it
 * `kills` times at random points mid-stream, restarts it each time, lets the last one finish,
 * and compares the output topic with the expectation. Under exactly_once nothing is lost or
 * doubled; under at_least_once the records between a commit of outputs and of offsets count twice.
 */
export async function runCrashTest(options: CrashTestOptions): Promise<CrashTestReport> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const partitions = options.partitions ?? 3;
  const input = `${options.applicationId}-input`;
  const output = `${options.applicationId}-output`;
  const target = options.bootstrap ? { bootstrap: options.bootstrap } : {};
  if (!(await createTopic(input, { partitions, ...target }))) {
    throw new StreamsError(`topic "${input}" already exists`, { hint: 'use a new applicationId for each crash test' });
  }
  const reports = await produce(input, options.records.map((record) => ({ key: record.key, value: record.value, timestamp: record.timestamp })), target);
  const topology = options.topology ?? 'windowed';
  const expected = topology === 'windowed' ? expectedWindowedCounts(options.records, reports.map((report) => report.partition), input, output, partitions) : [];

  const random = seededRandom(options.seed ?? 1);
  const worker = { applicationId: options.applicationId, guarantee: options.guarantee, topology, input, output, bootstrap: options.bootstrap, commitEveryRecords: options.commitEveryRecords ?? 20 };
  const position = async () => (await groupLag(options.applicationId, input, target)).reduce((sum, lag) => sum + (lag.committed ?? 0), 0);
  const kills: CrashTestReport['kills'] = [];
  for (let kill = 0; kill < (options.kills ?? 3); kill++) {
    const afterCommits = random.int(2, 13);
    const killAt = options.killAt === 'mixed' && kill % 2 === 1 ? 'outputs-sent' : 'random';
    const startedAt = await position();
    const result = await runWorker({ ...worker, killAfterCommits: afterCommits, killAt, killDelayMs: random.int(0, 99) });
    const inputPosition = startedAt + result.records;
    kills.push({ at: killAt, afterCommits: result.commits, afterMs: result.ms, startedAt, inputPosition });
    log(`killed (SIGKILL, ${killAt}) after ${result.commits} commits, ${result.ms} ms, input position ~${inputPosition} (started at ${startedAt})`);
  }
  const last = await runWorker(worker);
  log(`last run finished after ${last.commits} commits, ${last.ms} ms`);

  if (topology === 'counts-per-key') {
    const read = await consume<KeyCount>(output, { max: options.records.length * 3 + 100, timeoutMs: 6000, ...target });
    const updates = read.map((record) => ({ key: record.value.key, count: record.value.count, timestamp: record.timestamp, partition: record.partition }));
    const comparison = compareKeyCounts(finalCounts(options.records), updates);
    const identical = comparison.exact === comparison.expectedWindows && comparison.emittedResults === comparison.expectedTotal && comparison.unexpected === 0;
    return { guarantee: options.guarantee, topology, kills, ...comparison, identical, updates, durationMs: Date.now() - started };
  }
  const emitted = (await consume<WindowedCount>(output, { max: expected.length * 3 + 100, timeoutMs: 6000, ...target })).map((record) => record.value);
  const comparison = compareWindowedCounts(expected, emitted);
  return {
    guarantee: options.guarantee,
    topology,
    kills,
    ...comparison,
    identical: comparison.exact === comparison.expectedWindows && comparison.emittedResults === comparison.expectedWindows,
    durationMs: Date.now() - started,
  };
}

/**
 * The offline truth for `crashTestTopology`: the final windows a test driver per input partition
 * emits for `records`, record i having landed on partition `partitionOf[i]` (pure, no broker).
 */
export function expectedWindowedCounts(records: CrashTestRecord[], partitionOf: number[], input: string, output: string, partitions: number): WindowedCount[] {
  const drivers = Array.from({ length: partitions }, () => new TopologyTestDriver(crashTestTopology(input, output)));
  records.forEach((record, index) => drivers[partitionOf[index]].pipe(input, { key: record.key, value: record.value, timestamp: record.timestamp }));
  return drivers.flatMap((driver) => driver.readValues<WindowedCount>(output));
}

/** What the worker process receives as its one JSON argument. */
export interface CrashWorkerArguments {
  applicationId: string;
  guarantee: ProcessingGuarantee;
  topology: CrashTestTopology;
  input: string;
  output: string;
  bootstrap?: string;
  commitEveryRecords: number;
  /** Absent: run until the input is idle and exit. */
  killAfterCommits?: number;
  /** `random`: the parent kills it `killDelayMs` after it reports `killAfterCommits` commits; `outputs-sent`: it kills itself inside that commit, between outputs and offsets. */
  killAt?: 'random' | 'outputs-sent';
  killDelayMs?: number;
}

/** Runs the worker; kills it after `killAfterCommits` commits (+ delay), or waits for it to finish. Returns its last reported commits and records read. */
function runWorker(args: CrashWorkerArguments): Promise<{ commits: number; records: number; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [join(__dirname, 'crash-worker.js'), JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (process.env.STREAMLAB_CRASH_DEBUG) child.stderr.pipe(process.stderr);
  let commits = 0;
  let records = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolveRun, rejectRun) => {
    let killTimer: NodeJS.Timeout | undefined;
    const kill = () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    };
    // A processor that never gets to its kill point (input exhausted) is killed after 60 s anyway.
    const deadline = setTimeout(kill, args.killAfterCommits === undefined ? 300_000 : 60_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^commits (\d+) records (\d+)$/.exec(line);
      if (!match) return;
      commits = Number(match[1]);
      records = Number(match[2]);
      if (args.killAt === 'random' && commits >= args.killAfterCommits! && !killTimer) killTimer = setTimeout(kill, args.killDelayMs ?? 0);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(deadline);
      clearTimeout(killTimer);
      const ms = Date.now() - started;
      if (signal === 'SIGKILL' || code === 0) resolveRun({ commits, records, ms });
      else rejectRun(new StreamsError(`the crash-test processor exited with ${signal ?? `code ${code}`}`, { hint: stderr.trim().split('\n').slice(-3).join(' | ') || 'see its stderr' }));
    });
  });
}
