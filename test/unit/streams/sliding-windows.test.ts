import { describe, expect, it } from 'vitest';
import { sliding } from '../../../kernel-helpers/src/streams/index.js';
import { at, rows, windowedCountDriver } from './support.js';

const pipe = (driver: ReturnType<typeof windowedCountDriver>, key: string, seconds: number) =>
  driver.pipe('events', { key, value: seconds, timestamp: at(seconds) });

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
    const driver = windowedCountDriver(sliding('10s', { grace: '30s' }));
    pipe(driver, 'a', 10);
    pipe(driver, 'a', 15);
    driver.readValues('counts');
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
    expect(driver.metrics().lateRecords).toBe(1);
    pipe(driver, 'a', 85); // left window [75,85] ends before 95: closed; no neighbours, no right window
    expect(driver.metrics()).toMatchObject({ lateRecords: 2, lateWindowUpdates: 1 });
    // The record at 85 left no window behind, so the one at 90 cannot open 85's right window either.
    pipe(driver, 'a', 90);
    expect(rows(driver.readValues('counts'))).toEqual([['b', 90, 100, 1]]);
    expect(driver.metrics()).toMatchObject({ lateRecords: 3, lateWindowUpdates: 2 });
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
