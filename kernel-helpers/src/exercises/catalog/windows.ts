import { clickstream, iotSensors } from '../../datasets/index.js';
import { StreamsBuilder, TopologyTestDriver, type WindowedCount } from '../../streams/index.js';
import { defineExercise, differs } from '../definition.js';

const NOTEBOOK = '06-janelas';
const INPUT = 'janelas-exercicio-entrada';
const OUTPUT = 'janelas-exercicio-saida';
const MINUTE = 60_000;
const GRACE = 10_000;

/** What the learner writes: adds to `builder` a topology that reads `input` and writes windowed counts to `output`. */
export type BuildWindowedCounts = (builder: StreamsBuilder, input: string, output: string) => void;

/** One input record for the test driver. */
interface DriverRecord {
  key: string;
  value: unknown;
  timestamp: number;
}

/** Runs the learner's topology on the test driver over `records` and returns what it wrote to OUTPUT (the flush key left out). */
async function runOnDriver(solve: BuildWindowedCounts, records: DriverRecord[]): Promise<WindowedCount[]> {
  const builder = new StreamsBuilder();
  await solve(builder, INPUT, OUTPUT);
  const driver = new TopologyTestDriver(builder.build());
  driver.pipe(INPUT, records);
  return driver.readValues<WindowedCount>(OUTPUT).filter((result) => result?.key !== 'flush');
}

const line = (result: WindowedCount): string => `${result.key} [${new Date(result.windowStart).toISOString().slice(11, 19)}, ${new Date(result.windowEnd).toISOString().slice(11, 19)}] ${result.count}`;

/** Compares results with the expected windows and explains the usual mistakes. */
function compareWindows(got: WindowedCount[], expected: WindowedCount[], hints: { tooMany: string; tooFew: string }): string[] {
  if (Array.isArray(got) && got.some((result) => (result as { retracted?: boolean })?.retracted)) {
    return ['the output holds retractions of merged sessions, as every-update emission writes them: emit only the final result ({ emit: \'final\' })'];
  }
  if (!Array.isArray(got) || got.some((result) => typeof result?.count !== 'number')) {
    return ['the output holds no windowed counts: end with .count(...).toStream().to(output)'];
  }
  const differences: string[] = [];
  const windows = new Set(got.map((result) => `${result.key}|${result.windowStart}|${result.windowEnd}`));
  if (windows.size < got.length) {
    differences.push(`${got.length} results for ${windows.size} windows: some windows were written more than once — emit only the final result ({ emit: 'final' })`);
    return differences;
  }
  if (got.length !== expected.length) {
    differences.push(`${differs('windows written', got.length, expected.length)} — ${got.length > expected.length ? hints.tooMany : hints.tooFew}`);
  }
  const gotLines = new Set(got.map(line));
  const expectedLines = new Set(expected.map(line));
  const missing = [...expectedLines].filter((entry) => !gotLines.has(entry));
  const extra = [...gotLines].filter((entry) => !expectedLines.has(entry));
  if (missing.length) differences.push(`${missing.length} expected window(s) missing or with another count, e.g. ${missing.slice(0, 3).join('; ')}`);
  if (extra.length) differences.push(`${extra.length} window(s) not expected, e.g. ${extra.slice(0, 3).join('; ')}`);
  return differences;
}

/** 06a: readings per sensor per minute (tumbling 1 min, grace 10 s), final results only. */
export const countPerMinute = defineExercise<BuildWindowedCounts>({
  notebook: NOTEBOOK,
  title: 'leituras por sensor por minuto, só o resultado final',
  check: async (solve) => {
    const readings = iotSensors({ seed: 606, sensors: 3, events: 900, lateFraction: 0.05 });
    const flushAt = Math.max(...readings.map((reading) => reading.ts)) + 3_600_000;
    const records: DriverRecord[] = [...readings.map((reading) => ({ key: reading.sensorId, value: reading, timestamp: reading.ts })), { key: 'flush', value: { ts: flushAt }, timestamp: flushAt }];
    // Expected, from the rule itself: a record counts in [start, start + 1 min) unless stream time has passed end + grace.
    const expected = new Map<string, WindowedCount>();
    let streamTime = 0;
    for (const reading of readings) {
      streamTime = Math.max(streamTime, reading.ts);
      const start = reading.ts - (reading.ts % MINUTE);
      if (start + MINUTE <= streamTime - GRACE) continue;
      const id = `${reading.sensorId}|${start}`;
      const window = expected.get(id) ?? { key: reading.sensorId, windowStart: start, windowEnd: start + MINUTE, count: 0 };
      window.count++;
      expected.set(id, window);
    }
    return compareWindows(await runOnDriver(solve, records), [...expected.values()], {
      tooMany: 'are the windows 1 minute long?',
      tooFew: 'are the windows 1 minute long, grouped by sensor (the record key)?',
    });
  },
});

/** 06b: clicks per browsing session (session windows whose gap separates the real sessions), final results only. */
export const browsingSessions = defineExercise<BuildWindowedCounts>({
  notebook: NOTEBOOK,
  title: 'sessões de navegação com janelas de sessão',
  check: async (solve) => {
    const clicks = clickstream({ seed: 6, users: 12, events: 600 });
    const flushAt = clicks[clicks.length - 1].ts + 86_400_000;
    const records: DriverRecord[] = [...clicks.map((click) => ({ key: String(click.userId), value: click, timestamp: click.ts })), { key: 'flush', value: { ts: flushAt }, timestamp: flushAt }];
    // Expected: the generator's own sessions (sessionId), first click to last click.
    const expected = new Map<string, WindowedCount>();
    for (const click of clicks) {
      const session = expected.get(click.sessionId) ?? { key: String(click.userId), windowStart: click.ts, windowEnd: click.ts, count: 0 };
      session.windowEnd = Math.max(session.windowEnd, click.ts);
      session.count++;
      expected.set(click.sessionId, session);
    }
    return compareWindows(await runOnDriver(solve, records), [...expected.values()], {
      tooMany: 'the inactivity gap is too short: it splits real sessions (clicks of one session can be 5 min apart)',
      tooFew: 'the inactivity gap is too long: it joins sessions of one user (they are at least 30 min apart)',
    });
  },
});
