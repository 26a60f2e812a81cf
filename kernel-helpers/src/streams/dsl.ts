import { StreamsError } from './errors.js';
import { countAggregation, foldAggregation, reduceAggregation, type Aggregation } from './internals/aggregation.js';
import {
  branchNode,
  filterNode,
  flatMapNode,
  keyAggregateNode,
  mapNode,
  mapValuesNode,
  node,
  NodeNamer,
  passThrough,
  peekNode,
  repartitionSinkNode,
  selectKeyNode,
  sinkNode,
  streamJoinSideNode,
  streamTableJoinNode,
  tableSourceNode,
  windowedAggregateNode,
} from './internals/nodes.js';
import type { LateRecord, TopologyNode } from './internals/processor.js';
import { Topology, type TopologySource } from './topology.js';
import type { JoinWindows, SessionWindows, SlidingWindows, TimeWindows, WindowDefinition } from './windows.js';

/** A key and a value, as `map` and `flatMap` return them. */
export interface KeyValue<V> {
  key: string | null;
  value: V;
}

/**
 * Where a record's event time comes from: the name of a value field (ms since the epoch or an
 * ISO-8601 string), or a function of the value and the Kafka record timestamp. Default: the
 * record timestamp.
 */
export type TimestampExtractor<V> = string | ((value: V, recordTimestamp: number) => number);

/** Options of `stream(topic)`. */
export interface SourceOptions<V> {
  timestamp?: TimestampExtractor<V>;
}

/** Options of `table(topic)`. */
export interface TableOptions<V> extends SourceOptions<V> {
  /** Store name (default: generated); its changelog is `<applicationId>-<name>-changelog`. */
  name?: string;
}

/** Options of a non-windowed aggregation. */
export interface AggregateOptions {
  /** Store name (default: generated); its changelog is `<applicationId>-<name>-changelog`. */
  name?: string;
}

/** Options of a windowed aggregation. */
export interface WindowedAggregateOptions extends AggregateOptions {
  /**
   * `current` (default): a result for every update of a window. `final`: one result per window,
   * when it closes (Kafka Streams' `suppress(Suppressed.untilWindowCloses(...))`).
   */
  emit?: 'current' | 'final';
  /** Also write records dropped as late to this topic (original key, value and timestamp). */
  lateTopic?: string;
  /** Called with each record dropped as late. */
  onLate?: (record: LateRecord) => void;
}

/** The result of `count()` over windows, one per key and window. */
export interface WindowedCount {
  key: string;
  windowStart: number;
  /** Exclusive for tumbling/hopping windows; inclusive (last record) for sliding and session windows. */
  windowEnd: number;
  count: number;
}

/** The result of `reduce()`/`aggregate()` over windows. */
export interface WindowedValue<A> {
  key: string;
  windowStart: number;
  windowEnd: number;
  value: A;
}

/** In `current` mode, a session merged into a larger one is withdrawn with this record. */
export interface WindowRetraction {
  key: string;
  windowStart: number;
  windowEnd: number;
  retracted: true;
}

/** Shared by every DSL object of one builder. */
interface BuildState {
  namer: NodeNamer;
  sources: Map<string, TopologySource>;
  stores: string[];
  sinkTopics: Set<string>;
}

function addChild(state: BuildState, parent: TopologyNode, kind: string, spec: Parameters<typeof node>[1]): TopologyNode {
  const child = node(state.namer.name(kind), spec);
  parent.children.push(child);
  return child;
}

function registerStore(state: BuildState, name: string | undefined, kind: string): string {
  const store = name ?? state.namer.name(kind);
  if (state.stores.includes(store)) {
    throw new StreamsError(`two state stores are named "${store}"`, { hint: 'give each aggregation its own name: { name: "..." }' });
  }
  state.stores.push(store);
  return store;
}

/**
 * The node a stateful step after a key change reads from: a sink writing to the repartition
 * topic `<name>-repartition` under `parent`, and a source reading that topic back (Kafka
 * Streams' repartition sub-topology). Node names are taken after the stateful node's, as
 * Kafka Streams numbers them.
 */
function repartitioned(state: BuildState, parent: TopologyNode, name: string): TopologyNode {
  const topic = `${name}-repartition`;
  if (state.sources.has(topic)) {
    throw new StreamsError(`two repartition topics are named "${topic}"`, { hint: 'give each aggregation its own name: { name: "..." }' });
  }
  addChild(state, parent, 'KSTREAM-SINK', repartitionSinkNode(topic));
  const source = node(state.namer.name('KSTREAM-SOURCE'), passThrough(`repartition topic: ${topic}`));
  state.sources.set(topic, { topic, node: source, timestampOf: (_value, recordTimestamp) => recordTimestamp, internal: true });
  return source;
}

/** `parent`, or when its records' key changed, the source of a repartition topic `<name>-repartition` fed by it. */
function keyedInput(state: BuildState, parent: TopologyNode, keyChanged: boolean, name: string): TopologyNode {
  return keyChanged ? repartitioned(state, parent, name) : parent;
}

function timestampFunction<V>(extractor: TimestampExtractor<V> | undefined): (value: unknown, recordTimestamp: number) => number {
  if (extractor === undefined) return (_value, recordTimestamp) => recordTimestamp;
  if (typeof extractor === 'function') return extractor as (value: unknown, recordTimestamp: number) => number;
  return (value) => {
    const field = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[extractor] : undefined;
    if (typeof field === 'number') return field;
    if (typeof field === 'string' && !Number.isNaN(Date.parse(field))) return Date.parse(field);
    throw new Error(`field "${extractor}" is ${field === undefined ? 'missing' : `not a timestamp (${JSON.stringify(field)})`}`);
  };
}

/**
 * Builds a topology in Kafka Streams' vocabulary:
 * `builder.stream('clicks').groupByKey().windowedBy(tumbling('1m')).count().toStream().to('counts')`.
 */
export class StreamsBuilder {
  private readonly state: BuildState = { namer: new NodeNamer(), sources: new Map(), stores: [], sinkTopics: new Set() };

  /** A stream of the records of `topic`. */
  stream<V = unknown>(topic: string, options: SourceOptions<V> = {}): KStream<V> {
    return new KStream<V>(this.state, this.addSource(topic, 'KSTREAM-SOURCE', passThrough(`topic: ${topic}`), options));
  }

  /** A table of `topic`: the latest value per key (a null value deletes the key), e.g. from a compacted or CDC topic. */
  table<V = unknown>(topic: string, options: TableOptions<V> = {}): KTable<V> {
    const store = registerStore(this.state, options.name, 'KTABLE-SOURCE-STATE-STORE');
    return new KTable<V>(this.state, this.addSource(topic, 'KTABLE-SOURCE', tableSourceNode(store, topic), options), store);
  }

  /** The finished topology. */
  build(): Topology {
    if (!this.state.sources.size) throw new StreamsError('the topology reads no topic', { hint: 'start with builder.stream("topic")' });
    return new Topology(new Map(this.state.sources), [...this.state.stores], [...this.state.sinkTopics]);
  }

  private addSource<V>(topic: string, kind: string, spec: Parameters<typeof node>[1], options: SourceOptions<V>): TopologyNode {
    if (this.state.sources.has(topic)) {
      throw new StreamsError(`topic "${topic}" is already a source of this topology`, { hint: 'reuse the stream you got the first time' });
    }
    const source = node(this.state.namer.name(kind), spec);
    this.state.sources.set(topic, { topic, node: source, timestampOf: timestampFunction(options.timestamp) });
    return source;
  }
}

/**
 * A record stream (Kafka Streams' KStream): keys are strings or null, values of type V. After
 * a key change (`map`, `flatMap`, `selectKey`, `groupBy`), an aggregation or a join reads the
 * records through a repartition topic `<applicationId>-<name>-repartition`.
 */
export class KStream<V> {
  /** @internal */
  constructor(
    private readonly state: BuildState,
    private readonly node: TopologyNode,
    /** Whether a node since the source changed the key: a stateful step must repartition first. */
    private readonly keyChanged = false,
  ) {}

  /** Keeps records for which `predicate` is true. */
  filter(predicate: (value: V, key: string | null) => boolean): KStream<V> {
    return this.then('KSTREAM-FILTER', filterNode(predicate));
  }

  /** New key and value per record. A later aggregation groups by the new key. */
  map<R>(mapper: (value: V, key: string | null) => KeyValue<R>): KStream<R> {
    return this.then('KSTREAM-MAP', mapNode(mapper));
  }

  /** New value per record, same key. */
  mapValues<R>(mapper: (value: V, key: string | null) => R): KStream<R> {
    return this.then('KSTREAM-MAPVALUES', mapValuesNode(mapper));
  }

  /** Zero or more records per record. */
  flatMap<R>(mapper: (value: V, key: string | null) => Iterable<KeyValue<R>>): KStream<R> {
    return this.then('KSTREAM-FLATMAP', flatMapNode(mapper));
  }

  /** New key per record, same value. */
  selectKey(selector: (value: V, key: string | null) => string | null): KStream<V> {
    return this.then('KSTREAM-KEY-SELECT', selectKeyNode(selector));
  }

  /** Runs `action` on each record (logging, counting) and passes it on unchanged. */
  peek(action: (value: V, key: string | null, timestamp: number) => void): KStream<V> {
    return this.then('KSTREAM-PEEK', peekNode(action));
  }

  /** Splits the stream: each record goes to the first branch whose predicate accepts it, or is dropped. */
  branch(...predicates: Array<(value: V, key: string | null) => boolean>): KStream<V>[] {
    const branching = addChild(this.state, this.node, 'KSTREAM-BRANCH', branchNode(predicates));
    return predicates.map(() => new KStream<V>(this.state, addChild(this.state, branching, 'KSTREAM-BRANCHCHILD', passThrough()), this.keyChanged));
  }

  /** Groups by the current key, for an aggregation (through a repartition topic if the key changed since the source). */
  groupByKey(): KGroupedStream<V> {
    return new KGroupedStream<V>(this.state, this.node, this.keyChanged);
  }

  /**
   * Groups by a key computed from each record (`selectKey` then `groupByKey`). The aggregation
   * reads the re-keyed records from the repartition topic `<applicationId>-<store>-repartition`.
   */
  groupBy(selector: (value: V, key: string | null) => string | null): KGroupedStream<V> {
    return this.selectKey(selector).groupByKey();
  }

  /** Inner join with a table on the key: records whose key has no row are dropped. */
  join<T, R>(table: KTable<T>, joiner: (value: V, row: T, key: string) => R): KStream<R>;
  /**
   * Windowed inner join with another stream on the key: each pair of records at most the
   * window's time difference apart is joined once (output timestamp: the later of the two).
   */
  join<W, R>(other: KStream<W>, joiner: (value: V, otherValue: W, key: string) => R, windows: JoinWindows): KStream<R>;
  join<R>(other: KTable<unknown> | KStream<unknown>, joiner: (value: V, other: never, key: string) => R, windows?: JoinWindows): KStream<R> {
    if (other instanceof KTable) return this.joinTable('KSTREAM-JOIN', streamTableJoinNode(other.storeName, joiner, false));
    if (!windows) throw new StreamsError('a stream–stream join needs a join window', { hint: "pass joinWindow('10s') as the third argument" });
    const name = this.state.namer.name('KSTREAM-JOIN');
    // The shared stream time and each side's buffer: changelogged, so a restarted task goes on joining.
    registerStore(this.state, `${name}-time`, 'KSTREAM-JOIN-TIME');
    registerStore(this.state, `${name}-this-store`, 'KSTREAM-JOINTHIS-STORE');
    registerStore(this.state, `${name}-other-store`, 'KSTREAM-JOINOTHER-STORE');
    const output = node(this.state.namer.name('KSTREAM-MERGE'), passThrough());
    const otherStream = other as KStream<unknown>;
    const thisInput = keyedInput(this.state, this.node, this.keyChanged, `${name}-this`);
    const otherInput = keyedInput(this.state, otherStream.node, otherStream.keyChanged, `${name}-other`);
    addChild(this.state, thisInput, 'KSTREAM-JOINTHIS', streamJoinSideNode(name, 'left', windows, joiner)).children.push(output);
    addChild(this.state, otherInput, 'KSTREAM-JOINOTHER', streamJoinSideNode(name, 'right', windows, joiner)).children.push(output);
    return new KStream<R>(this.state, output);
  }

  /** Left join with a table on the key: the joiner gets null when the key has no row. */
  leftJoin<T, R>(table: KTable<T>, joiner: (value: V, row: T | null, key: string) => R): KStream<R> {
    return this.joinTable('KSTREAM-LEFTJOIN', streamTableJoinNode(table.storeName, joiner, true));
  }

  /** Writes the records to `topic` (JSON values on the broker). */
  to(topic: string): void {
    this.state.sinkTopics.add(topic);
    addChild(this.state, this.node, 'KSTREAM-SINK', sinkNode(topic));
  }

  private then<R>(kind: string, spec: Parameters<typeof node>[1]): KStream<R> {
    return new KStream<R>(this.state, addChild(this.state, this.node, kind, spec), this.keyChanged || !!spec.changesKey);
  }

  /** A stream–table join node, behind a repartition topic when the stream's key changed. */
  private joinTable<R>(kind: string, spec: Parameters<typeof node>[1]): KStream<R> {
    const join = node(this.state.namer.name(kind), spec);
    keyedInput(this.state, this.node, this.keyChanged, join.name).children.push(join);
    return new KStream<R>(this.state, join);
  }
}

/** A stream grouped by key, ready for `count`, `reduce`, `aggregate` or `windowedBy`. */
export class KGroupedStream<V> {
  /** @internal */
  constructor(
    private readonly state: BuildState,
    private readonly node: TopologyNode,
    /** Whether the grouping key is not the source key: each aggregation then reads a repartition topic. */
    private readonly keyChanged: boolean,
  ) {}

  /** Aggregates per window of `windows` (tumbling, hopping, sliding or session). */
  windowedBy(windows: SessionWindows): WindowedKStream<V, WindowRetraction>;
  windowedBy(windows: TimeWindows | SlidingWindows): WindowedKStream<V, never>;
  windowedBy(windows: WindowDefinition): WindowedKStream<V, WindowRetraction> | WindowedKStream<V, never> {
    return new WindowedKStream<V, never>(this.state, this.node, windows, this.keyChanged);
  }

  /** Records per key, updated with every record. */
  count(options: AggregateOptions = {}): KTable<number> {
    return this.aggregateBy(countAggregation(), options);
  }

  /** The first value per key, then reducer(aggregate, value) for each next one. */
  reduce(reducer: (aggregate: V, value: V, key: string) => V, options: AggregateOptions = {}): KTable<V> {
    return this.aggregateBy(reduceAggregation(reducer), options);
  }

  /** A fold per key starting from initializer(). Return new values; do not mutate the aggregate. */
  aggregate<A>(initializer: () => A, aggregator: (aggregate: A, value: V, key: string) => A, options: AggregateOptions = {}): KTable<A> {
    return this.aggregateBy(foldAggregation(initializer, aggregator), options);
  }

  private aggregateBy<A>(aggregation: Aggregation<A>, options: AggregateOptions): KTable<A> {
    const store = registerStore(this.state, options.name, 'KSTREAM-AGGREGATE-STATE-STORE');
    const aggregate = node(this.state.namer.name('KSTREAM-AGGREGATE'), keyAggregateNode(aggregation as Aggregation<unknown>, store));
    keyedInput(this.state, this.node, this.keyChanged, store).children.push(aggregate);
    return new KTable<A>(this.state, aggregate, store);
  }
}

/**
 * A grouped stream with windows: each aggregation keeps one result per key and window. `Tomb`
 * is what a `current`-mode session aggregation emits when sessions merge.
 */
export class WindowedKStream<V, Tomb> {
  /** @internal */
  constructor(
    private readonly state: BuildState,
    private readonly node: TopologyNode,
    private readonly windows: WindowDefinition,
    private readonly keyChanged: boolean,
  ) {}

  /** Records per key and window: results `{ key, windowStart, windowEnd, count }`. */
  count(options: WindowedAggregateOptions = {}): WindowedKTable<WindowedCount, Tomb> {
    return this.aggregateBy(countAggregation(), options);
  }

  /** Per key and window: the first value, then reducer(aggregate, value). Results `{ key, windowStart, windowEnd, value }`. */
  reduce(reducer: (aggregate: V, value: V, key: string) => V, options: WindowedAggregateOptions = {}): WindowedKTable<WindowedValue<V>, Tomb> {
    return this.aggregateBy(reduceAggregation(reducer), options);
  }

  /**
   * Per key and window: a fold from initializer(). Session windows also need `merger`, which
   * joins two sessions' aggregates when a record bridges them. Return new values; do not mutate.
   */
  aggregate<A>(
    initializer: () => A,
    aggregator: (aggregate: A, value: V, key: string) => A,
    options: WindowedAggregateOptions & { merger?: (left: A, right: A, key: string) => A } = {},
  ): WindowedKTable<WindowedValue<A>, Tomb> {
    if (this.windows.kind === 'session' && !options.merger) {
      throw new StreamsError('aggregate over session windows needs a merger', {
        hint: 'pass { merger: (left, right) => ... } that combines two sessions’ aggregates',
      });
    }
    return this.aggregateBy(foldAggregation(initializer, aggregator, options.merger), options);
  }

  private aggregateBy<Out>(aggregation: Aggregation<unknown>, options: WindowedAggregateOptions): WindowedKTable<Out, Tomb> {
    const store = registerStore(this.state, options.name, 'KSTREAM-AGGREGATE-STATE-STORE');
    const emit = options.emit ?? 'current';
    if (emit === 'final') this.state.stores.push(`${store}-suppress-buffer`);
    if (options.lateTopic) this.state.sinkTopics.add(options.lateTopic);
    const settings = { store, emit, lateTopic: options.lateTopic, onLate: options.onLate };
    const aggregate = node(this.state.namer.name('KSTREAM-AGGREGATE'), windowedAggregateNode(this.windows, aggregation, settings));
    keyedInput(this.state, this.node, this.keyChanged, store).children.push(aggregate);
    return new WindowedKTable<Out, Tomb>(this.state, aggregate);
  }
}

/** A table: the latest value per key (Kafka Streams' KTable). */
export class KTable<V> {
  /** @internal */
  constructor(
    private readonly state: BuildState,
    private readonly node: TopologyNode,
    /** @internal */
    readonly storeName: string,
  ) {}

  /** The table's changes as a stream (a null value is a deleted key). */
  toStream(): KStream<V> {
    return new KStream<V>(this.state, addChild(this.state, this.node, 'KTABLE-TOSTREAM', passThrough()));
  }
}

/** The results of a windowed aggregation, one row per key and window. */
export class WindowedKTable<Out, Tomb> {
  /** @internal */
  constructor(
    private readonly state: BuildState,
    private readonly node: TopologyNode,
  ) {}

  /** The results as a stream keyed by the record key. */
  toStream(): KStream<Out | Tomb> {
    return new KStream<Out | Tomb>(this.state, addChild(this.state, this.node, 'KTABLE-TOSTREAM', passThrough()));
  }
}
