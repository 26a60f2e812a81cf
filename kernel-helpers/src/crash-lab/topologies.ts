import { StreamsBuilder, tumbling, type Topology } from '../streams/index.js';

/**
 * The processor the crash test runs: final counts per key in tumbling 10 s windows with 5 s
 * grace, from `input` to `output`. Values are anything; only keys and timestamps matter.
 */
export function crashTestTopology(input: string, output: string): Topology {
  const builder = new StreamsBuilder();
  builder.stream(input).groupByKey().windowedBy(tumbling('10s', { grace: '5s' })).count({ name: 'counts', emit: 'final' }).toStream().to(output);
  return builder.build();
}

/**
 * The other processor the crash test can run: a running count per key, no windows
 * (`groupByKey().count()`), one `{ key, count }` per input record, carrying its timestamp.
 */
export function countsPerKeyTopology(input: string, output: string): Topology {
  const builder = new StreamsBuilder();
  builder.stream(input).groupByKey().count({ name: 'counts' }).toStream().mapValues((count, key) => ({ key, count })).to(output);
  return builder.build();
}

/** Which processor a crash test runs: `windowed` (`crashTestTopology`, the default) or `counts-per-key` (`countsPerKeyTopology`). */
export type CrashTestTopology = 'windowed' | 'counts-per-key';

/** The processor named `topology`, reading `input` and writing `output`. */
export function crashTopology(topology: CrashTestTopology, input: string, output: string): Topology {
  return topology === 'counts-per-key' ? countsPerKeyTopology(input, output) : crashTestTopology(input, output);
}
