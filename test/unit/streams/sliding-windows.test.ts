import { describe, expect, it } from 'vitest';
import { sliding } from '../../../kernel-helpers/src/streams/index.js';
import { at, rows, windowedCountDriver } from './support.js';

const pipe = (driver: ReturnType<typeof windowedCountDriver>, key: string, seconds: number) =>
  driver.pipe('events', { key, value: seconds, timestamp: at(seconds) });

/** A 10s sliding-window driver (grace 30s) after records of key `a` at `seconds`, their output read. */
function drivenThrough(...seconds: number[]): ReturnType<typeof windowedCountDriver> {
  const driver = windowedCountDriver(sliding('10s', { grace: '30s' }));
  for (const second of seconds) pipe(driver, 'a', second);
  driver.readValues('counts');
  return driver;
}

// Expected values below are Kafka Streams' KStreamSlidingWindowAggregate traced by hand:
// windows are [start, start + 10s], both ends inclusive.
describe('sliding windows (Kafka Streams semantics), current mode', () => {
  it('creates the left window [t - d, t] of each record and the right window of the previous one', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '30s' }));
    pipe(driver, 'a', 10);
    expect(rows(driver.readValues('counts'))).toEqual([['a', 0, 10, 1]]);
    pipe(driver, 'a', 15);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 10.001, 20.001, 1], // right window of the record at 10 (starts 1 ms after it), holding 15
      ['a', 5, 15, 2], // left window of 15, holding 10 and 15 (inclusive start)
    ]);
  });

  it('updates every window an out-of-order record falls in and creates its own left and right windows', () => {
    const driver = drivenThrough(10, 15);
    pipe(driver, 'a', 12);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 10.001, 20.001, 2],
      ['a', 5, 15, 3],
      ['a', 2, 12, 2],
      ['a', 12.001, 22.001, 1], // right window of 12: holds 15
    ]);
  });

  it('puts records exactly maxDifference apart in one window (both ends inclusive)', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '30s' }));
    pipe(driver, 'a', 100);
    pipe(driver, 'a', 110);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 90, 100, 1],
      ['a', 100.001, 110.001, 1],
      ['a', 100, 110, 2],
    ]);
  });

  it('does not share windows between records more than maxDifference apart', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '30s' }));
    pipe(driver, 'a', 100);
    pipe(driver, 'a', 110.001);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 90, 100, 1],
      ['a', 100.001, 110.001, 1],
    ]);
  });

  it('drops a record when even its right window has closed (t + 1 ms + d ≤ stream time - grace)', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '5s' }));
    pipe(driver, 'b', 100); // stream time 100, close time 95
    pipe(driver, 'a', 84.999); // 84.999 + 0.001 + 10 = 95: late
    // Kafka Streams' dropped-records counts it once: its right window [85, 95] had closed.
    expect(driver.metrics()).toMatchObject({ lateRecords: 1, lateWindowUpdates: 1 });
    pipe(driver, 'a', 85); // left window [75,85] ends before 95: closed; no neighbours, no right window
    expect(driver.metrics()).toMatchObject({ lateRecords: 2, lateWindowUpdates: 2 });
    // The record at 85 left no window behind, so the one at 90 cannot open 85's right window either.
    pipe(driver, 'a', 90);
    expect(rows(driver.readValues('counts'))).toEqual([['b', 90, 100, 1]]);
    expect(driver.metrics()).toMatchObject({ lateRecords: 3, lateWindowUpdates: 3 });
  });
});

// Both found by test/integration/streams/differential.test.ts; expected values are what Kafka
// Streams 4.3.1's own TopologyTestDriver emits for the same input (store caching off).
describe('sliding windows: records maxDifference + 1 ms apart, and records that open only a right window', () => {
  it('keeps one window when the previous right window and the new left window are the same window', () => {
    // 115.001 is 10s + 1 ms after 105: 105's right window and 115.001's left window are both
    // [105.001, 115.001]. Kafka Streams writes it twice (and emits it twice) but stores it once.
    const driver = drivenThrough(100, 105);
    pipe(driver, 'a', 115.001);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 105.001, 115.001, 1],
      ['a', 105.001, 115.001, 1],
    ]);
    pipe(driver, 'a', 110); // updates that one window once
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 105.001, 115.001, 2],
      ['a', 100.001, 110.001, 2],
      ['a', 100, 110, 3],
      ['a', 110.001, 120.001, 1],
    ]);
    expect([...driver.storeEntries('counts').keys()].filter((storeKey) => storeKey.startsWith(`${at(105.001)}|`))).toHaveLength(1);
  });

  it('reports a record late when its own windows have closed, even if its right window opens with later records', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '5s' }), { lateTopic: 'late' });
    pipe(driver, 'a', 100);
    pipe(driver, 'b', 110); // stream time 110, close time 105
    driver.readValues('counts');
    // 97: [90, 100] and its left window [87, 97] end before 105 (closed); its right window
    // [97.001, 107.001] is still open and is created, holding only the record at 100.
    pipe(driver, 'a', 97);
    expect(rows(driver.readValues('counts'))).toEqual([['a', 97.001, 107.001, 1]]);
    expect(driver.metrics()).toMatchObject({ lateRecords: 1, lateWindowUpdates: 2 });
    expect(driver.readOutput('late')).toEqual([{ key: 'a', value: 97, timestamp: at(97) }]);
  });
});

describe('sliding windows, final mode', () => {
  it('emits each window once when stream time - grace reaches its end, in end order', () => {
    const driver = windowedCountDriver(sliding('10s', { grace: '5s' }), { emit: 'final' });
    pipe(driver, 'a', 10);
    pipe(driver, 'a', 15);
    // Stream time 15 = 10 + 5: [0,10] is final already.
    expect(rows(driver.readValues('counts'))).toEqual([['a', 0, 10, 1]]);
    pipe(driver, 'a', 12);
    expect(driver.readValues('counts')).toEqual([]);
    pipe(driver, 'b', 100);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 2, 12, 2],
      ['a', 5, 15, 3],
      ['a', 10.001, 20.001, 2],
      ['a', 12.001, 22.001, 1],
    ]);
  });
});
