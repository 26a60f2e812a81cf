import { describe, expect, it } from 'vitest';
import { hopping, session, sliding, tumbling, windowsFor, type WindowDefinition, type WindowedCount } from '../../../kernel-helpers/src/streams/index.js';
import { seededRandom } from '../../../kernel-helpers/src/datasets/seeded-random.js';
import { T0, windowedCountDriver } from './support.js';

/** Out-of-order events for 3 keys over ~2 minutes, at whole-ms times, no lateness beyond 20 s. */
function events(seed: number, count: number): Array<{ key: string; timestamp: number }> {
  // Seeded, so a failure reproduces.
  const { next } = seededRandom(seed);
  const list: Array<{ key: string; timestamp: number }> = [];
  let clock = T0;
  for (let index = 0; index < count; index++) {
    clock += Math.floor(next() * 1500);
    list.push({ key: `k${Math.floor(next() * 3)}`, timestamp: clock - Math.floor(next() * 20_000) });
  }
  return list;
}

/** Final results from the engine: grace covers all disorder, then a far-future record closes everything. */
function engineFinal(windows: WindowDefinition, input: Array<{ key: string; timestamp: number }>): string[] {
  const driver = windowedCountDriver(windows, { emit: 'final' });
  for (const record of input) driver.pipe('events', { key: record.key, value: 1, timestamp: record.timestamp });
  driver.pipe('events', { key: 'flush', value: 1, timestamp: T0 + 86_400_000 });
  expect(driver.metrics().lateRecords).toBe(0);
  return driver
    .readValues<WindowedCount>('counts')
    .filter((result) => result.key !== 'flush')
    .map(format)
    .sort();
}

const format = (result: WindowedCount) => `${result.key} [${result.windowStart - T0}, ${result.windowEnd - T0}] ${result.count}`;

function byKey(input: Array<{ key: string; timestamp: number }>): Map<string, number[]> {
  const keys = new Map<string, number[]>();
  for (const { key, timestamp } of input) keys.set(key, [...(keys.get(key) ?? []), timestamp]);
  for (const times of keys.values()) times.sort((a, b) => a - b);
  return keys;
}

// The windows a definition describes, computed from scratch over the whole input.
function expectedTimeWindows(windows: Parameters<typeof windowsFor>[0], input: Array<{ key: string; timestamp: number }>): string[] {
  const counts = new Map<string, WindowedCount>();
  for (const { key, timestamp } of input) {
    for (const window of windowsFor(windows, timestamp)) {
      const id = `${key}@${window.start}`;
      const result = counts.get(id) ?? { key, windowStart: window.start, windowEnd: window.end, count: 0 };
      result.count++;
      counts.set(id, result);
    }
  }
  return [...counts.values()].map(format).sort();
}

function expectedSessions(gapMs: number, input: Array<{ key: string; timestamp: number }>): string[] {
  const results: WindowedCount[] = [];
  for (const [key, times] of byKey(input)) {
    let current: WindowedCount | undefined;
    for (const time of times) {
      if (current && time - current.windowEnd <= gapMs) {
        current.windowEnd = time;
        current.count++;
      } else {
        if (current) results.push(current);
        current = { key, windowStart: time, windowEnd: time, count: 1 };
      }
    }
    if (current) results.push(current);
  }
  return results.map(format).sort();
}

/** Kafka Streams' sliding windows by definition: a left window ending at each record; a right window after each record that has later records within reach. */
function expectedSliding(differenceMs: number, input: Array<{ key: string; timestamp: number }>): string[] {
  const results = new Map<string, WindowedCount>();
  for (const [key, times] of byKey(input)) {
    const countIn = (start: number, end: number) => times.filter((time) => time >= start && time <= end).length;
    for (const time of times) {
      results.set(`${key}@${time - differenceMs}`, { key, windowStart: time - differenceMs, windowEnd: time, count: countIn(time - differenceMs, time) });
      const right = countIn(time + 1, time + 1 + differenceMs);
      if (right) results.set(`${key}@${time + 1}`, { key, windowStart: time + 1, windowEnd: time + 1 + differenceMs, count: right });
    }
  }
  return [...results.values()].map(format).sort();
}

describe('final results equal a from-scratch computation over random out-of-order input', () => {
  for (const seed of [1, 2, 3]) {
    const input = events(seed, 400);
    it(`tumbling, seed ${seed}`, () => {
      const windows = tumbling('10s', { grace: '30s' });
      expect(engineFinal(windows, input)).toEqual(expectedTimeWindows(windows, input));
    });
    it(`hopping, seed ${seed}`, () => {
      const windows = hopping('10s', '3s', { grace: '30s' });
      expect(engineFinal(windows, input)).toEqual(expectedTimeWindows(windows, input));
    });
    it(`session, seed ${seed}`, () => {
      expect(engineFinal(session('2s', { grace: '30s' }), input)).toEqual(expectedSessions(2000, input));
    });
    it(`sliding, seed ${seed}`, () => {
      expect(engineFinal(sliding('5s', { grace: '30s' }), input)).toEqual(expectedSliding(5000, input));
    });
  }
});
