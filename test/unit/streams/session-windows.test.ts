import { describe, expect, it } from 'vitest';
import { session, StreamsBuilder, StreamsError, TopologyTestDriver } from '../../../kernel-helpers/src/streams/index.js';
import { at, rows, windowedCountDriver } from './support.js';

const pipe = (driver: TopologyTestDriver, key: string, seconds: number) => driver.pipe('events', { key, value: seconds, timestamp: at(seconds) });

describe('session windows', () => {
  it('opens a session per key and extends it while records are at most the gap apart (gap inclusive)', () => {
    const driver = windowedCountDriver(session('5s', { grace: '1m' }));
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 5); // exactly the gap: same session
    pipe(driver, 'b', 1);
    pipe(driver, 'a', 10.001); // 5.001 s after the last: a new session
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 0, 1],
      ['a', 0, 0, 'retracted'],
      ['a', 0, 5, 2],
      ['b', 1, 1, 1],
      ['a', 10.001, 10.001, 1],
    ]);
  });

  it('merges two sessions bridged by an out-of-order record and retracts both', () => {
    const driver = windowedCountDriver(session('5s', { grace: '10s' }));
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 1);
    pipe(driver, 'a', 10);
    driver.readValues('counts');
    pipe(driver, 'a', 5); // within 5 s of both 1 and 10
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 1, 'retracted'],
      ['a', 10, 10, 'retracted'],
      ['a', 0, 10, 4],
    ]);
  });

  it('forgets a session once final (end + gap + grace): a bridging record cannot reopen it', () => {
    // [0,0] is final at stream time 0 + 5 + 1 = 6 and leaves the store, as in Kafka Streams,
    // whose session store keeps sessions for gap + grace: the record at 4 only joins [8,8].
    const driver = windowedCountDriver(session('5s', { grace: '1s' }), { emit: 'final' });
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 8);
    expect(rows(driver.readValues('counts'))).toEqual([['a', 0, 0, 1]]);
    pipe(driver, 'a', 4);
    pipe(driver, 'b', 14);
    expect(rows(driver.readValues('counts'))).toEqual([['a', 4, 8, 2]]);
  });

  it('drops a record whose (merged) session ends before stream time - gap - grace', () => {
    const driver = windowedCountDriver(session('5s', { grace: '2s' }));
    pipe(driver, 'a', 0);
    pipe(driver, 'b', 20); // stream time 20: sessions ending before 20 - 5 - 2 = 13 are closed
    pipe(driver, 'a', 3); // [0,0] is forgotten; [3,3] ends before 13: late
    pipe(driver, 'a', 14); // [14,14] does not end before 13: accepted
    pipe(driver, 'a', 17); // joins it
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 0, 1],
      ['b', 20, 20, 1],
      ['a', 14, 14, 1],
      ['a', 14, 14, 'retracted'],
      ['a', 14, 17, 2],
    ]);
    expect(driver.metrics().lateRecords).toBe(1);
  });

  it('reports windowEnd as the last record timestamp and stamps results with it', () => {
    const driver = windowedCountDriver(session('1m'));
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 42);
    const last = driver.readOutput<{ windowEnd: number }>('counts').at(-1)!;
    expect(last.value.windowEnd).toBe(at(42));
    expect(last.timestamp).toBe(at(42));
  });
});

describe('session windows, final mode', () => {
  it('emits a session once stream time reaches its end + gap + grace, without merged-away sessions', () => {
    const driver = windowedCountDriver(session('5s', { grace: '5s' }), { emit: 'final' });
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 8);
    pipe(driver, 'a', 4); // bridges [0,0] and [8,8]
    pipe(driver, 'b', 17.999); // 8 + 5 + 5 = 18: not yet
    expect(driver.readValues('counts')).toEqual([]);
    pipe(driver, 'b', 18);
    expect(rows(driver.readValues('counts'))).toEqual([['a', 0, 8, 3]]);
  });
});

describe('session aggregate', () => {
  it('needs a merger and uses it when sessions merge', () => {
    const builder = new StreamsBuilder();
    const grouped = builder.stream<number>('events').groupByKey().windowedBy(session('5s', { grace: '1m' }));
    expect(() => grouped.aggregate(() => 0, (sum, value) => sum + value)).toThrow(StreamsError);
    grouped
      .aggregate(() => 0, (sum, value) => sum + value, { merger: (left, right) => left + right })
      .toStream()
      .to('sums');
    const driver = new TopologyTestDriver(builder.build());
    driver.pipe('events', [
      { key: 'a', value: 1, timestamp: at(0) },
      { key: 'a', value: 10, timestamp: at(9) },
      { key: 'a', value: 100, timestamp: at(5) },
    ]);
    expect(driver.readValues<{ value?: number }>('sums').at(-1)).toEqual({ key: 'a', windowStart: at(0), windowEnd: at(9), value: 111 });
  });
});
