import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { StreamsPeerError } from './arguments.js';
import { buildStreamsPeer } from './build.js';

/** A window definition in milliseconds, as the Java DifferentialDriver reads it. */
export type DifferentialWindow =
  | { kind: 'tumbling'; size: number; grace: number }
  | { kind: 'hopping'; size: number; advance: number; grace: number }
  | { kind: 'sliding'; difference: number; grace: number }
  | { kind: 'session'; gap: number; grace: number };

/**
 * One case: records piped in order into `groupByKey().windowedBy(window).count()`, or with
 * `regroup`, into `groupBy((key, value) => value)`: each record's value is its `group`, the new
 * key, and Kafka Streams re-keys through a repartition topic.
 */
export interface DifferentialCase {
  id: string;
  window: DifferentialWindow;
  /** `current`: every update (store caching off); `final`: `suppress(untilWindowCloses)`. */
  emit: 'current' | 'final';
  records: Array<{ key: string; timestamp: number; group?: string }>;
  /** Group by each record's `group` instead of its key (a repartition topic). Default false. */
  regroup?: boolean;
  /** Keep Kafka Streams' record cache on (its default; flushed after every record by the test driver). Default false. */
  caching?: boolean;
}

/** One emitted window result; `count` null is a removed (merged-away) session. */
export interface EmittedWindow {
  key: string;
  windowStart: number;
  windowEnd: number;
  count: number | null;
  /** The result record's timestamp. */
  timestamp: number;
  /** Index of the input record whose processing emitted it. */
  record: number;
}

/** What Kafka Streams emitted for one case, and its `dropped-records-total` metric. */
export interface DifferentialResult {
  id: string;
  results: EmittedWindow[];
  dropped: number;
}

const MAIN_CLASS = 'dev.streamlab.streamspeer.DifferentialDriver';

/**
 * Runs `cases` through Kafka Streams 4.3.1's own TopologyTestDriver (no broker) in one JVM:
 * the differential test's reference. Builds the peer project first if needed (cached).
 */
export async function runKafkaStreamsCases(cases: DifferentialCase[]): Promise<DifferentialResult[]> {
  const build = await buildStreamsPeer();
  const child = spawn(build.java, ['-cp', build.classpath, MAIN_CLASS], { stdio: ['pipe', 'pipe', 'pipe'] });
  const results: DifferentialResult[] = [];
  const errors: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => results.push(JSON.parse(line) as DifferentialResult));
  createInterface({ input: child.stderr }).on('line', (line) => {
    if (!line.includes(' WARN ')) errors.push(line);
    errors.splice(0, Math.max(0, errors.length - 20));
  });
  const closed = new Promise<number | null>((resolveExit, reject) => {
    child.on('error', (error) => reject(new StreamsPeerError(`could not run java: ${error.message}`, { hint: 'install a JDK 17 or newer or set JAVA_HOME' })));
    child.on('close', resolveExit);
  });
  child.stdin.end(JSON.stringify({ cases }));
  const code = await closed;
  if (code !== 0 || results.length !== cases.length) {
    throw new StreamsPeerError(`the Kafka Streams differential driver exited with code ${code} after ${results.length} of ${cases.length} cases`, {
      hint: errors.slice(-3).join(' | ') || 'no output on stderr',
    });
  }
  return results;
}
