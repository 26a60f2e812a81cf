/**
 * The real Kafka Streams (Java), run beside Streamlab's TypeScript engine: a small application
 * (kernel-helpers/java/streams-peer) that counts records per key in tumbling, hopping, sliding and
 * session windows and writes each window's final count once it closes. Feed both the same topic
 * and compare their outputs window by window.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createKafka } from '../kafka/client.js';
import { ensure } from '../stack/index.js';
import { outputTopics, parseStateLine, peerArguments, StreamsPeerError, type PeerWindows } from './arguments.js';
import { buildStreamsPeer } from './build.js';

export { buildStreamsPeer, peerProject, type PeerBuild } from './build.js';
export { runKafkaStreamsCases, type DifferentialCase, type DifferentialResult, type DifferentialWindow, type EmittedWindow } from './differential.js';
export { DEFAULT_PEER_WINDOWS, StreamsPeerError, type PeerDuration, type PeerWindows } from './arguments.js';
export { describeStreamsPeer, PEER_WINDOW_TYPES, peerWindowDefinitions, typescriptTwin, type PeerWindowType, type TypeScriptTwinOptions } from './typescript-twin.js';

export interface StreamsPeerOptions {
  /** Input topic: string keys, any value; the record timestamp is the event time. It must exist. */
  input: string;
  /** Outputs go to `<outputPrefix>-tumbling`, `-hopping`, `-sliding`, `-session` (created if missing). */
  outputPrefix: string;
  /** Kafka Streams application id (consumer group, internal topic prefix). Default `streams-peer-<input>`. */
  applicationId?: string;
  /** Default: the running stack's bootstrap (`ensure()`). */
  bootstrap?: string;
  windows?: PeerWindows;
  /** Default `exactly_once_v2`. */
  processingGuarantee?: 'exactly_once_v2' | 'at_least_once';
  /**
   * `comparable` (default): commit every 100 ms with the record cache off, so every update reaches
   * suppress() at once, as in the engine. `kafka-defaults`: Kafka Streams' own settings (record
   * cache on), for benchmarks.
   */
  settings?: 'comparable' | 'kafka-defaults';
  /** How long to wait for the state RUNNING. Default 120 000 ms. */
  readyTimeoutMs?: number;
}

/** A running peer. Always `await stop()` (it also stops when this Node process exits). */
export interface StreamsPeer {
  pid: number;
  applicationId: string;
  /** Output topic per window type. */
  topics: { tumbling: string; hopping: string; sliding: string; session: string };
  /** Milliseconds from spawning `java` to Kafka Streams reporting RUNNING. */
  startToRunningMs: number;
  /** Resident memory of the JVM now, in bytes (undefined where /proc is missing). */
  rssBytes(): number | undefined;
  /** The last lines the peer printed (its state changes, warnings and errors). */
  recentOutput(): string[];
  /** Closes Kafka Streams cleanly (SIGTERM; the JVM removes its state directory), SIGKILL after 20 s. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

/**
 * Builds the peer if needed, starts it as a child of this process and resolves once Kafka
 * Streams reports RUNNING (its partitions assigned and its state restored): no fixed sleep.
 */
export async function startStreamsPeer(options: StreamsPeerOptions): Promise<StreamsPeer> {
  const build = await buildStreamsPeer();
  const bootstrap = options.bootstrap ?? (await ensure({ services: ['kafka'] })).kafka.bootstrap;
  const applicationId = options.applicationId ?? `streams-peer-${options.input}`;
  const topics = outputTopics(options.outputPrefix);
  await prepareTopics(bootstrap, options.input, Object.values(topics));

  const args = peerArguments({
    bootstrap,
    input: options.input,
    outputPrefix: options.outputPrefix,
    applicationId,
    processingGuarantee: options.processingGuarantee ?? 'exactly_once_v2',
    windows: options.windows ?? {},
    settings: options.settings,
  });
  const started = Date.now();
  const child = spawn(build.java, ['-cp', build.classpath, build.mainClass, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  track(child);
  const output: string[] = [];
  const remember = (line: string): void => {
    output.push(line);
    if (output.length > 50) output.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  const lines = createInterface({ input: child.stdout });
  lines.on('line', remember);
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
  };

  try {
    await waitForRunning(child, lines, exited, options.readyTimeoutMs ?? 120_000, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    pid: child.pid!,
    applicationId,
    topics,
    startToRunningMs: Date.now() - started,
    rssBytes: () => residentBytes(child.pid!),
    recentOutput: () => [...output],
    stop,
  };
}

function waitForRunning(
  child: ChildProcessWithoutNullStreams,
  lines: ReturnType<typeof createInterface>,
  exited: Promise<number | null>,
  timeoutMs: number,
  output: () => string[],
): Promise<void> {
  return new Promise<void>((resolveReady, reject) => {
    const timer = setTimeout(() => {
      reject(new StreamsPeerError(`the Kafka Streams peer did not reach RUNNING within ${Math.round(timeoutMs / 1000)} s`, {
        hint: `is the broker up ("npm run stack:status")? last output: ${output().slice(-3).join(' | ') || '(none)'}`,
      }));
    }, timeoutMs);
    lines.on('line', (line) => {
      const state = parseStateLine(line);
      if (state?.to === 'RUNNING') {
        clearTimeout(timer);
        resolveReady();
      } else if (state?.to === 'ERROR') {
        clearTimeout(timer);
        reject(new StreamsPeerError(`the Kafka Streams peer failed while starting: ${failureReason(output())}`, {
          hint: 'read the whole output with peer.recentOutput() or run the jar by hand (see kernel-helpers/java/streams-peer/pom.xml)',
        }));
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new StreamsPeerError(`could not run java: ${error.message}`, { hint: 'install a JDK 17 or newer or set JAVA_HOME' }));
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new StreamsPeerError(`the Kafka Streams peer exited (code ${code}) before it was RUNNING: ${failureReason(output())}`, {
        hint: 'check the arguments and the broker address; the peer prints its usage on bad arguments',
      }));
    });
  });
}

/** The peer's own "stream thread failed" line, else its last error or output line. */
function failureReason(lines: string[]): string {
  const failed = lines.find((line) => line.startsWith('streams-peer: stream thread failed: '));
  if (failed) return failed.slice('streams-peer: stream thread failed: '.length);
  return [...lines].reverse().find((line) => /ERROR|streams-peer: /.test(line)) ?? lines.at(-1) ?? 'no output';
}

/** The input must exist (Kafka Streams would stop with MissingSourceTopicException); outputs are created like it. */
async function prepareTopics(bootstrap: string, input: string, outputs: string[]): Promise<void> {
  const admin = createKafka(bootstrap).admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (!existing.includes(input)) {
      throw new StreamsPeerError(`input topic "${input}" does not exist`, { hint: `create it first: createTopic("${input}", { partitions: 1 })` });
    }
    const [metadata] = (await admin.fetchTopicMetadata({ topics: [input] })).topics;
    const missing = outputs.filter((topic) => !existing.includes(topic));
    if (missing.length) {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: metadata.partitions.length })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * Ties the JVM to this process: killed when Node exits; if Node is killed outright, the JVM sees
 * its stdin close (`--exit-on-stdin-eof`) and exits by itself.
 */
function track(child: ChildProcessWithoutNullStreams): void {
  running.add(child);
  child.on('close', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const peer of running) peer.kill('SIGKILL');
  });
}

function residentBytes(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
