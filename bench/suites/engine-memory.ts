import { StreamsBuilder, TopologyTestDriver, hopping, session, tumbling, type TestRecord, type WindowDefinition } from '@streamlab/kernel-helpers/streams';
import { benchEvents, T0, type BenchEvent } from '../events.js';
import { collect, pairedRuns, printRuns, type BenchContext } from '../report.js';
import { countOnlyLoopSessions, countOnlyLoopTimeWindows, firstDifference, plainLoopSessions, plainLoopTimeWindowRecords, type CountResult } from './plain-loops.js';

const EVENTS = 300_000;
const MINUTE = 60_000;
/** A run takes 30-300 ms, so one major GC moves a run's ratio by 2x: many short runs, the median. */
const RUNS = 11;
/** Untimed rounds first: the engine's code takes 3-4 runs to be optimized, a plain loop's one. */
const WARMUPS = 3;

/**
 * The input as test-driver records, in chunks of 10,000, built once before the timers start: the
 * Map loop reads its events from memory too, so neither side pays for building its input.
 */
function driverInput(events: BenchEvent[]): Array<Array<TestRecord<BenchEvent>>> {
  const chunks: Array<Array<TestRecord<BenchEvent>>> = [];
  for (let i = 0; i < events.length; i += 10_000) chunks.push(events.slice(i, i + 10_000).map((event) => ({ key: event.key, value: event, timestamp: event.ts })));
  return chunks;
}

/** A test driver running the bench query: count per key in `window`, final emission, to topic `out`. */
function countDriver(window: WindowDefinition): TopologyTestDriver {
  const builder = new StreamsBuilder();
  builder.stream<BenchEvent>('in').groupByKey().windowedBy(window as never).count({ emit: 'final' }).toStream().to('out');
  return new TopologyTestDriver(builder.build());
}

/**
 * The driver of the engine's previous run, alive through the next one, as a kernel keeps a running
 * topology's objects alive. V8 drops the hidden classes of objects with no live instance at a full
 * GC, and with them the machine code built for them: without a live driver, a run would time
 * recompiling the engine rather than running it (profiled: 4.2M vs 6.7M events/s, tumbling).
 */
const resident: { driver?: TopologyTestDriver } = {};

/** Events/s of the engine (test driver: no broker) for one window definition, final emission; the results are read out. */
function engine(input: Array<Array<TestRecord<BenchEvent>>>, window: WindowDefinition): number {
  const driver = countDriver(window);
  resident.driver = driver;
  let events = 0;
  for (const chunk of input) {
    driver.pipe('in', chunk);
    driver.readOutput('out');
    events += chunk.length;
  }
  return events;
}

/** The engine's results for `window` over the whole input (untimed: the equality check). */
function engineResults(input: Array<Array<TestRecord<BenchEvent>>>, window: WindowDefinition): CountResult[] {
  const driver = countDriver(window);
  const results: CountResult[] = [];
  for (const chunk of input) {
    driver.pipe('in', chunk);
    for (const record of driver.readOutput<CountResult['value']>('out')) results.push(record as CountResult);
  }
  return results;
}

/** Fails the suite when a baseline that builds results does not emit the engine's results, in the same order; returns how many. */
function checkBaseline(name: string, input: Array<Array<TestRecord<BenchEvent>>>, window: WindowDefinition, loop: (out: CountResult[]) => number): number {
  const expected = engineResults(input, window);
  const actual: CountResult[] = [];
  loop(actual);
  const difference = firstDifference(expected, actual);
  if (difference !== null) throw new Error(`${name} baseline: the plain loop's results differ from the engine's (engine vs loop) at ${difference}`);
  return expected.length;
}

/** In memory: the engine vs plain loops over the same events, per window type. */
export async function engineMemory(bench: BenchContext): Promise<void> {
  const events = benchEvents(EVENTS);
  const input = driverInput(events);
  const grace = 10_000;
  const timeCases: Array<[string, string, WindowDefinition, number, number]> = [
    ['tumbling', 'tumbling 1m', tumbling('1m', { grace: '10s' }), MINUTE, MINUTE],
    ['hopping', 'hopping 5m/1m', hopping('5m', '1m', { grace: '10s' }), 5 * MINUTE, MINUTE],
  ];
  for (const [id, name, window, size, advance] of timeCases) {
    const results = checkBaseline(name, input, window, (out) => plainLoopTimeWindowRecords(events, size, advance, grace, out));
    const [baseline, measured, withRecords] = await pairedRuns(RUNS, [
      ['plain Map loop (counts only)', () => (countOnlyLoopTimeWindows(events, size, advance, grace), EVENTS)],
      ['engine (count, final)', () => engine(input, window)],
      ['plain Map loop building the same results', () => plainLoopTimeWindowRecords(events, size, advance, grace, [])],
    ], WARMUPS);
    printRuns(`engine in memory: ${name}, ${EVENTS.toLocaleString('en-US')} events, 1,000 keys (the loop building results emits the engine's ${results.toLocaleString('en-US')} results, checked equal)`, 'events', [baseline, measured, withRecords]);
    printRuns(`engine in memory: ${name}, against the loop building the same results`, 'events', [withRecords, measured]);
    bench.record({ id: `engine-memory-${id}-vs-map`, suite: 'engine-memory', name: `engine (test driver) vs a Map loop counting (no result records), ${name} count`, unit: 'events/s' }, measured, baseline);
    bench.record({ id: `engine-memory-${id}-vs-results-map`, suite: 'engine-memory', name: `engine (test driver) vs a Map loop building the same results, ${name} count`, unit: 'events/s' }, measured, withRecords);
  }

  const gapMs = 30_000;
  const sessions = checkBaseline('session', input, session(gapMs, { grace }), (out) => plainLoopSessions(events, gapMs, grace, out));
  const [fair, countOnly, measured] = await pairedRuns(RUNS, [
    ['plain loop (same results as the engine)', () => plainLoopSessions(events, gapMs, grace, [])],
    ['count-only loop (old baseline: not the same results)', () => (countOnlyLoopSessions(events, gapMs), EVENTS)],
    ['engine (count, final)', () => engine(input, session(gapMs, { grace }))],
  ], WARMUPS);
  printRuns(`engine in memory: session 30s, grace 10s, ${EVENTS.toLocaleString('en-US')} events, 1,000 keys; the plain loop emits the engine's ${sessions.toLocaleString('en-US')} results, checked equal`, 'events', [fair, countOnly, measured]);
  printRuns('engine in memory: session 30s, against the old count-only loop (kept for comparison: no grace, no closing, no merging, no results)', 'events', [countOnly, measured]);
  bench.record({ id: 'engine-memory-session-vs-map', suite: 'engine-memory', name: 'engine (test driver) vs a plain loop with the same results, session 30s count', unit: 'events/s' }, measured, fair);
  bench.record({ id: 'engine-memory-session-vs-count-only-map', suite: 'engine-memory', name: 'engine (test driver) vs the old count-only session loop (not the same results)', unit: 'events/s' }, measured, countOnly);
}

/** Live heap bytes that `build` keeps reachable (through what it returns). */
function retainedBytes(build: () => unknown): { bytes: number; kept: unknown } {
  collect();
  const before = process.memoryUsage().heapUsed;
  const kept = build();
  collect();
  return { bytes: process.memoryUsage().heapUsed - before, kept };
}

/** The engine's heap: per 100,000 open windows (tumbling, final) and per 1,000,000 keys in a count store. */
export async function engineHeap(): Promise<void> {
  const windows = retainedBytes(() => {
    const builder = new StreamsBuilder();
    builder.stream<BenchEvent>('in').groupByKey().windowedBy(tumbling('1h', { grace: '1m' })).count({ emit: 'final' }).toStream().to('out');
    const driver = new TopologyTestDriver(builder.build());
    for (let i = 0; i < 100_000; i += 10_000) driver.pipe('in', Array.from({ length: 10_000 }, (_, j) => ({ key: `k${i + j}`, value: { key: `k${i + j}`, ts: T0 }, timestamp: T0 })));
    return driver;
  });
  const keys = retainedBytes(() => {
    const builder = new StreamsBuilder();
    builder.stream<BenchEvent>('in').groupByKey().count({ name: 'counts' }).toStream().to('out');
    const driver = new TopologyTestDriver(builder.build());
    for (let i = 0; i < 1_000_000; i += 10_000) {
      driver.pipe('in', Array.from({ length: 10_000 }, (_, j) => ({ key: `k${i + j}`, value: 1, timestamp: T0 })));
      driver.readOutput('out');
    }
    return driver;
  });
  console.log('\nengine heap (live bytes after a full GC; keys are 2-7 character strings)');
  console.log(`  100,000 open tumbling windows (count, final: one window object, shared by store and suppress buffer)  ${(windows.bytes / 2 ** 20).toFixed(1)} MiB  (${Math.round(windows.bytes / 100_000)} bytes per window)`);
  console.log(`  1,000,000 keys in a count store                                              ${(keys.bytes / 2 ** 20).toFixed(1)} MiB  (${Math.round(keys.bytes / 1_000_000)} bytes per key)`);
  heapFigures.windowsPer100k = windows.bytes;
  heapFigures.keysPer1M = keys.bytes;
}

/** The last heap measurements (bytes), for results.json's memory section. */
export const heapFigures: { windowsPer100k?: number; keysPer1M?: number } = {};
