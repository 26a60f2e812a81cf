import { spawn } from 'node:child_process';
import { hopping, session, sliding, StreamsBuilder, tumbling, type LateRecord, type Topology, type WindowDefinition } from '../streams/index.js';
import { DEFAULT_PEER_WINDOWS, outputTopics, peerArguments, StreamsPeerError, type PeerWindows } from './arguments.js';
import { buildStreamsPeer } from './build.js';

/** The peer's four aggregations, in the order it builds them. */
export const PEER_WINDOW_TYPES = ['tumbling', 'hopping', 'sliding', 'session'] as const;
export type PeerWindowType = (typeof PEER_WINDOW_TYPES)[number];

/** The engine's window definitions equal to the peer's for `windows` (the peer's defaults filled in). */
export function peerWindowDefinitions(windows: PeerWindows = {}): Record<PeerWindowType, WindowDefinition> {
  const { size, advance, slidingDifference, sessionGap, grace } = { ...DEFAULT_PEER_WINDOWS, ...windows };
  return {
    tumbling: tumbling(size, { grace }),
    hopping: hopping(size, advance, { grace }),
    sliding: sliding(slidingDifference, { grace }),
    session: session(sessionGap, { grace }),
  };
}

export interface TypeScriptTwinOptions {
  input: string;
  /** Outputs go to `<outputPrefix>-tumbling`, `-hopping`, `-sliding`, `-session`, like the peer's. */
  outputPrefix: string;
  windows?: PeerWindows;
  /** Called with each record an aggregation drops as late, and which aggregation it was. */
  onLate?: (type: PeerWindowType, record: LateRecord) => void;
}

/**
 * The TypeScript twin of the peer's topology (WindowedCountsTopology.java): count per key in
 * tumbling, hopping, sliding and session windows, final results only, stores named
 * `<type>-counts` as in Java, each result written as `{ key, windowStart, windowEnd, count }`.
 * Run it with the TopologyTestDriver or KafkaStreams and compare with the peer's outputs.
 */
export function typescriptTwin(options: TypeScriptTwinOptions): Topology {
  const definitions = peerWindowDefinitions(options.windows);
  const topics = outputTopics(options.outputPrefix);
  const builder = new StreamsBuilder();
  const byKey = builder.stream(options.input).groupByKey();
  for (const type of PEER_WINDOW_TYPES) {
    const onLate = options.onLate;
    byKey
      .windowedBy(definitions[type] as never)
      .count({ name: `${type}-counts`, emit: 'final', onLate: onLate && ((record: LateRecord) => onLate(type, record)) })
      .toStream()
      .to(topics[type]);
  }
  return builder.build();
}

/**
 * The peer's topology as Kafka Streams describes it (`Topology.describe()`, printed by the Java
 * application with `--describe`, which connects to nothing): sub-topologies, processors, stores.
 */
export async function describeStreamsPeer(options: { input: string; outputPrefix: string; windows?: PeerWindows }): Promise<string> {
  const build = await buildStreamsPeer();
  const args = peerArguments({
    bootstrap: '127.0.0.1:9092',
    input: options.input,
    outputPrefix: options.outputPrefix,
    applicationId: `streams-peer-${options.input}`,
    processingGuarantee: 'exactly_once_v2',
    windows: options.windows ?? {},
  }).filter((arg) => arg !== '--exit-on-stdin-eof');
  return new Promise((resolveText, reject) => {
    const child = spawn(build.java, ['-cp', build.classpath, build.mainClass, ...args, '--describe'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => reject(new StreamsPeerError(`could not run java: ${error.message}`, { hint: 'install a JDK 17 or newer or set JAVA_HOME' })));
    child.on('close', (code) => {
      if (code === 0) resolveText(stdout.trimEnd());
      else reject(new StreamsPeerError(`the peer's --describe exited with code ${code}`, { hint: stderr.trim().split('\n').slice(-2).join(' | ') || 'no output' }));
    });
  });
}
