import { beforeAll, describe, expect, it } from 'vitest';
import { seededRandom, type SeededRandom } from '@streamlab/kernel-helpers/datasets';
import { hopping, session, sliding, StreamsBuilder, TopologyTestDriver, tumbling, type WindowDefinition } from '@streamlab/kernel-helpers/streams';
import {
  runKafkaStreamsCases,
  type DifferentialCase,
  type DifferentialResult,
  type DifferentialWindow,
  type EmittedWindow,
} from '@streamlab/kernel-helpers/streams-peer';

/*
 * Differential test: seeded random inputs go through the engine's TopologyTestDriver and through
 * Kafka Streams 4.3.1's own TopologyTestDriver (kafka-streams-test-utils, store caching off, run
 * by kernel-helpers/java/streams-peer's DifferentialDriver: one JVM for every case). For every
 * window kind, grace and emit mode, both must emit the same windows, in the same order, with the
 * same counts and timestamps, from the same input record, and drop as many records.
 *
 * Inputs are small (windows of a few ms, timestamps from 0 to ~60 ms) so that records often fall
 * on window edges, exactly maxDifference + 1 ms apart, at exact close times, at timestamp 0, on
 * equal timestamps, and bridge sessions; keys include `__proto__` and `constructor`.
 *
 * Kafka Streams' `dropped-records-total` counts one per closed window a record could not update
 * (tumbling, hopping, sliding) and one per late record (session): the engine's
 * `lateWindowUpdates`, and its `lateRecords` for sessions. A late record (current mode) is one
 * counted in no window: in Kafka Streams, no update emitted while processing it covers its
 * timestamp; in the engine, the one reported through `onLate`.
 *
 * `regrouped`: every fourth case again, grouped by a new key (`groupBy`, each record's value is
 * its new key): both drivers re-key through a repartition topic, in process, and must still emit
 * the same windows while processing the same input record.
 */
const SEED = 20_261_202;
const CASES_PER_KIND = 150;
const KINDS = ['tumbling', 'hopping', 'sliding', 'session'] as const;
const KEYS = ['a', 'b', '__proto__', 'constructor'];

/** A window definition with a few-ms size, and a grace from 0 to beyond the size. */
function randomWindow(kind: (typeof KINDS)[number], random: SeededRandom): DifferentialWindow {
  const grace = random.pick([0, 0, 1, 2, 5, 12]);
  switch (kind) {
    case 'tumbling':
      return { kind, size: random.int(1, 8), grace };
    case 'hopping': {
      const size = random.int(2, 9);
      return { kind, size, advance: random.int(1, size), grace };
    }
    case 'sliding':
      return { kind, difference: random.int(1, 8), grace };
    case 'session':
      return { kind, gap: random.int(1, 6), grace };
  }
}

/** The window's characteristic length: what edges are measured in. */
function span(window: DifferentialWindow): number {
  return window.kind === 'sliding' ? window.difference : window.kind === 'session' ? window.gap : window.size;
}

/** Out-of-order timestamps, many on edges: previous records ± span (± 1), close times, 0, repeats. */
function randomRecords(window: DifferentialWindow, random: SeededRandom): Array<{ key: string; timestamp: number }> {
  const records: Array<{ key: string; timestamp: number }> = [];
  const length = span(window);
  let streamTime = 0;
  const count = random.int(4, 30);
  for (let index = 0; index < count; index++) {
    const key = random.weighted<string>([[KEYS[0], 4], [KEYS[1], 2], [KEYS[2], 1], [KEYS[3], 1]]);
    const earlier = records.length ? random.pick(records).timestamp : 0;
    const closeTime = streamTime - window.grace;
    const timestamp = random.weighted<() => number>([
      [() => random.int(Math.max(0, streamTime - 4 * length), streamTime + length), 4],
      [() => random.int(0, 60), 1],
      [() => 0, 1],
      [() => earlier, 2],
      [() => earlier + random.pick([length, length + 1, length - 1, -length, -length - 1, -length + 1]), 6],
      [() => closeTime - length + random.int(-2, 1), 3],
      [() => streamTime + random.int(0, 2 * length), 3],
      [() => (window.kind === 'hopping' ? window.advance * random.int(0, 15) : earlier), 1],
    ])();
    records.push({ key, timestamp: Math.max(0, timestamp) });
    streamTime = Math.max(streamTime, records[index].timestamp);
  }
  return records;
}

function generateCases(): DifferentialCase[] {
  const random = seededRandom(SEED);
  const cases: DifferentialCase[] = [];
  for (const kind of KINDS) {
    for (let index = 0; index < CASES_PER_KIND; index++) {
      const window = randomWindow(kind, random);
      cases.push({ id: `${kind}-${index}`, window, emit: index % 3 === 2 ? 'final' : 'current', records: randomRecords(window, random) });
    }
  }
  return cases;
}

/** Every fourth case again, each record grouped by a seeded new key (often another than its own): through a repartition topic. */
function regroupedCases(base: DifferentialCase[]): DifferentialCase[] {
  const random = seededRandom(SEED + 1);
  return base
    .filter((_, index) => index % 4 === 0)
    .map((testCase) => ({ ...testCase, id: `${testCase.id}-regrouped`, regroup: true, records: testCase.records.map((record) => ({ ...record, group: random.chance(0.3) ? record.key : random.pick(KEYS) })) }));
}

function definition(window: DifferentialWindow): WindowDefinition {
  const grace = { grace: window.grace };
  switch (window.kind) {
    case 'tumbling':
      return tumbling(window.size, grace);
    case 'hopping':
      return hopping(window.size, window.advance, grace);
    case 'sliding':
      return sliding(window.difference, grace);
    case 'session':
      return session(window.gap, grace);
  }
}

interface EngineResult extends DifferentialResult {
  /** Indexes of the records the engine reported late. */
  late: number[];
}

/** The same case through the engine's TopologyTestDriver, one record at a time. */
function runEngine(testCase: DifferentialCase): EngineResult {
  let position = 0;
  const late: number[] = [];
  const builder = new StreamsBuilder();
  const input = builder.stream<string>('input');
  (testCase.regroup ? input.groupBy((group) => group) : input.groupByKey())
    .windowedBy(definition(testCase.window) as never)
    .count({ name: 'counts', emit: testCase.emit, onLate: () => late.push(position) })
    .toStream()
    .to('output');
  const driver = new TopologyTestDriver(builder.build());
  const results: EmittedWindow[] = [];
  for (; position < testCase.records.length; position++) {
    const { key, timestamp, group } = testCase.records[position];
    driver.pipe('input', { key, value: testCase.regroup ? group! : 'v', timestamp });
    for (const { value, timestamp: resultTimestamp } of driver.readOutput<{ key: string; windowStart: number; windowEnd: number; count?: number; retracted?: true }>('output')) {
      results.push({ key: value.key, windowStart: value.windowStart, windowEnd: value.windowEnd, count: value.retracted ? null : value.count!, timestamp: resultTimestamp, record: position });
    }
  }
  const metrics = driver.metrics();
  return { id: testCase.id, results, dropped: testCase.window.kind === 'session' ? metrics.lateRecords : metrics.lateWindowUpdates, late };
}

/** Records (current mode) that no emitted update covers: counted in no window by Kafka Streams. */
function lateInKafkaStreams(testCase: DifferentialCase, result: DifferentialResult): number[] {
  const inclusiveEnd = testCase.window.kind === 'sliding' || testCase.window.kind === 'session';
  return testCase.records.flatMap(({ key, timestamp, group }, index) => {
    const covered = result.results.some(
      (window) => window.record === index && window.key === (testCase.regroup ? group : key) && window.count !== null && window.windowStart <= timestamp && (inclusiveEnd ? timestamp <= window.windowEnd : timestamp < window.windowEnd),
    );
    return covered ? [] : [index];
  });
}

/** Emitted windows found on one side only (as a multiset: a window emitted twice on one side counts once). */
function unmatchedCount(expected: string[], actual: string[]): number {
  const remaining = new Map<string, number>();
  for (const entry of expected) remaining.set(entry, (remaining.get(entry) ?? 0) + 1);
  let unmatched = 0;
  for (const entry of actual) {
    const left = remaining.get(entry) ?? 0;
    if (left > 0) remaining.set(entry, left - 1);
    else unmatched++;
  }
  for (const left of remaining.values()) unmatched += left;
  return unmatched;
}

const line = (window: EmittedWindow): string => `#${window.record} ${window.key} [${window.windowStart}, ${window.windowEnd}] ${window.count ?? 'removed'} @${window.timestamp}`;

const cases = generateCases();
const regrouped = regroupedCases(cases);
const REGROUPED = 'regrouped';
let kafkaStreams: Map<string, DifferentialResult>;

describe('differential test: the engine against Kafka Streams 4.3.1 TopologyTestDriver', () => {
  beforeAll(async () => {
    const started = Date.now();
    kafkaStreams = new Map((await runKafkaStreamsCases([...cases, ...regrouped])).map((result) => [result.id, result]));
    console.log(`[differential] ${cases.length + regrouped.length} cases through Kafka Streams in ${Date.now() - started} ms`);
  }, 600_000);

  it.each([...KINDS, REGROUPED])('%s windows: every emitted window, the dropped records and the late records are equal', (kind) => {
    const differing: string[] = [];
    let windows = 0;
    let records = 0;
    let differingWindows = 0;
    let dropped = 0;
    let late = 0;
    const differ = { windows: 0, dropped: 0, late: 0 };
    for (const testCase of kind === REGROUPED ? regrouped : cases.filter((candidate) => candidate.window.kind === kind)) {
      const expected = kafkaStreams.get(testCase.id)!;
      records += testCase.records.length;
      const actual = runEngine(testCase);
      const expectedLines = expected.results.map(line);
      const actualLines = actual.results.map(line);
      windows += expectedLines.length;
      dropped += expected.dropped;
      const unmatched = unmatchedCount(expectedLines, actualLines);
      const notInEngine = unmatched || (expectedLines.join('\n') !== actualLines.join('\n') ? 1 : 0);
      differingWindows += unmatched;
      // Final mode emits at close time, not per record: there only the dropped counts tell.
      const expectedLate = testCase.emit === 'current' ? lateInKafkaStreams(testCase, expected) : actual.late;
      if (testCase.emit === 'current') late += expectedLate.length;
      if (notInEngine) differ.windows++;
      if (expected.dropped !== actual.dropped) differ.dropped++;
      if (expectedLate.join() !== actual.late.join()) differ.late++;
      if (notInEngine || expected.dropped !== actual.dropped || expectedLate.join() !== actual.late.join()) {
        differing.push(
          `${testCase.id} ${JSON.stringify(testCase.window)} ${testCase.emit} records ${JSON.stringify(testCase.records.map((record) => [record.key, record.timestamp, ...(testCase.regroup ? [record.group] : [])]))}\n` +
            `    dropped: Kafka Streams ${expected.dropped}, engine ${actual.dropped}; late: Kafka Streams [${expectedLate}], engine [${actual.late}]\n` +
            `    Kafka Streams: ${expectedLines.join(' | ')}\n    engine:        ${actualLines.join(' | ')}`,
        );
      }
    }
    console.log(
      `[differential] ${kind}: ${CASES_PER_KIND} cases, ${records} records, ${windows} emitted windows, ${dropped} dropped, ${late} late records compared; ` +
        `${differing.length} cases differ (${differ.windows} in windows, ${differ.dropped} in dropped, ${differ.late} in late records), ${differingWindows} windows differ`,
    );
    if (differing.length) console.log(`[differential] ${kind}: first differing cases:\n  ${differing.slice(0, 3).join('\n  ')}`);
    expect(differing).toEqual([]);
    expect(windows).toBeGreaterThan(CASES_PER_KIND);
  });
});
