/**
 * Stream processing with Kafka Streams' semantics, in TypeScript: windows as values, a
 * topology DSL, a test driver with no broker, and a runtime on the real broker.
 */
export { parseDuration, type Duration } from './duration.js';
export { StreamsError } from './errors.js';
export {
  hopping,
  session,
  sliding,
  tumbling,
  windowsFor,
  describeWindows,
  joinWindow,
  type JoinWindows,
  type HoppingWindows,
  type SessionWindows,
  type SlidingWindows,
  type TimeWindows,
  type TumblingWindows,
  type Window,
  type WindowDefinition,
} from './windows.js';
export {
  StreamsBuilder,
  KStream,
  KGroupedStream,
  WindowedKStream,
  KTable,
  WindowedKTable,
  type AggregateOptions,
  type KeyValue,
  type SourceOptions,
  type TableOptions,
  type TimestampExtractor,
  type WindowedAggregateOptions,
  type WindowedCount,
  type WindowedValue,
  type WindowRetraction,
} from './dsl.js';
export { Topology } from './topology.js';
export { TopologyTestDriver, type DeadLetter, type TestRecord } from './test-driver.js';
export type { LateRecord, StreamsMetrics } from './internals/processor.js';
export { KafkaStreams, DEAD_LETTER_HEADERS, type KafkaStreamsOptions, type ProcessingGuarantee, type RunOptions, type RunSummary, type StopOptions, type StreamsState } from './runtime.js';
