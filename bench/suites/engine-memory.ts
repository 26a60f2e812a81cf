import { StreamsBuilder, TopologyTestDriver, hopping, session, tumbling, type WindowDefinition } from '@streamlab/kernel-helpers/streams';
import { benchEvents, type BenchEvent } from '../events.js';
import { bestOf, printSuite } from '../report.js';

const EVENTS = 300_000;
const MINUTE = 60_000;

/** Events/s of the engine (test driver: no broker) for one window definition, final emission. */
function engine(events: BenchEvent[], window: WindowDefinition): number {
  const builder = new StreamsBuilder();
  builder.stream<BenchEvent>('in').groupByKey().windowedBy(window as never).count({ emit: 'final' }).toStream().to('out');
  const driver = new TopologyTestDriver(builder.build());
  for (let i = 0; i < events.length; i += 10_000) {
    driver.pipe('in', events.slice(i, i + 10_000).map((event) => ({ key: event.key, value: event, timestamp: event.ts })));
    driver.readOutput('out');
  }
  return events.length;
}

/** The baseline: a hand-written Map loop counting per key and window start, closing windows by stream time. Returns windows emitted. */
function mapLoopTimeWindows(events: BenchEvent[], size: number, advance: number, grace: number): number {
  const open = new Map<number, Map<string, number>>();
  let streamTime = -Infinity;
  let emitted = 0;
  for (const { key, ts } of events) {
    streamTime = Math.max(streamTime, ts);
    for (let start = ts - (ts % advance); start > ts - size; start -= advance) {
      if (start + size + grace <= streamTime) continue; // late for this window
      let counts = open.get(start);
      if (!counts) open.set(start, (counts = new Map()));
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const [start, counts] of open) {
      if (start + size + grace > streamTime) continue;
      emitted += counts.size;
      open.delete(start);
    }
  }
  return emitted;
}

/** Baseline for sessions: per key the open session [start, end]; a gap longer than `gap` closes it. Returns sessions seen. */
function mapLoopSessions(events: BenchEvent[], gap: number): number {
  const sessions = new Map<string, { start: number; end: number; count: number }>();
  let closed = 0;
  for (const { key, ts } of events) {
    const current = sessions.get(key);
    if (current && ts >= current.start - gap && ts <= current.end + gap) {
      current.start = Math.min(current.start, ts);
      current.end = Math.max(current.end, ts);
      current.count += 1;
    } else {
      if (current) closed += 1;
      sessions.set(key, { start: ts, end: ts, count: 1 });
    }
  }
  return closed + sessions.size;
}

/** In memory: the engine vs a plain Map loop over the same events, per window type. */
export async function engineMemory(): Promise<void> {
  const events = benchEvents(EVENTS);
  const grace = 10_000;
  const cases: Array<[string, WindowDefinition, () => number]> = [
    ['tumbling 1m', tumbling('1m', { grace: '10s' }), () => mapLoopTimeWindows(events, MINUTE, MINUTE, grace)],
    ['hopping 5m/1m', hopping('5m', '1m', { grace: '10s' }), () => mapLoopTimeWindows(events, 5 * MINUTE, MINUTE, grace)],
    ['session 30s', session('30s', { grace: '10s' }), () => mapLoopSessions(events, 30_000)],
  ];
  for (const [name, window, loop] of cases) {
    const baseline = await bestOf(3, 'plain Map loop', () => (loop(), EVENTS));
    const measured = await bestOf(3, 'engine (count, final)', () => engine(events, window));
    printSuite(`engine in memory: ${name}, ${EVENTS.toLocaleString('en-US')} events, 1,000 keys`, 'events', [baseline, measured]);
  }
}
