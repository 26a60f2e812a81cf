import { describe, expect, it } from 'vitest';
import { hopping, tumbling, type LateRecord } from '../../../kernel-helpers/src/streams/index.js';
import { at, rows, windowedCountDriver } from './support.js';

const pipe = (driver: ReturnType<typeof windowedCountDriver>, key: string, seconds: number) =>
  driver.pipe('events', { key, value: { n: seconds }, timestamp: at(seconds) });

describe('tumbling windows, current mode', () => {
  it('counts per key in [start, end): a record at the end belongs to the next window', () => {
    const driver = windowedCountDriver(tumbling('10s'));
    pipe(driver, 'a', 0);
    pipe(driver, 'a', 9.999);
    pipe(driver, 'b', 5);
    pipe(driver, 'a', 10);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 10, 1],
      ['a', 0, 10, 2],
      ['b', 0, 10, 1],
      ['a', 10, 20, 1],
    ]);
  });

  it('keys results by the record key and stamps them with the largest timestamp in the window', () => {
    const driver = windowedCountDriver(tumbling('10s', { grace: '5s' }));
    pipe(driver, 'a', 7);
    pipe(driver, 'a', 3);
    const [first, second] = driver.readOutput('counts');
    expect(first).toMatchObject({ key: 'a', timestamp: at(7) });
    expect(second).toMatchObject({ key: 'a', timestamp: at(7) });
  });

  it('accepts out-of-order records within grace and drops them once stream time ≥ end + grace', () => {
    const late: LateRecord[] = [];
    const driver = windowedCountDriver(tumbling('10s', { grace: '5s' }), { onLate: (record) => late.push(record), lateTopic: 'late' });
    pipe(driver, 'a', 1);
    pipe(driver, 'a', 14); // stream time 14: [0,10) closes at 15
    pipe(driver, 'a', 3); // in grace
    pipe(driver, 'b', 15); // stream time 15 = 10 + 5: [0,10) is closed
    pipe(driver, 'a', 4); // late
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 10, 1],
      ['a', 10, 20, 1],
      ['a', 0, 10, 2],
      ['b', 10, 20, 1],
    ]);
    expect(driver.metrics()).toMatchObject({ recordsIn: 5, lateRecords: 1, lateWindowUpdates: 1 });
    expect(late).toEqual([{ store: 'counts', key: 'a', value: { n: 4 }, timestamp: at(4), streamTime: at(15) }]);
    expect(driver.readOutput('late')).toEqual([{ key: 'a', value: { n: 4 }, timestamp: at(4) }]);
  });

  it('keeps stream time per aggregation: the late rule uses the largest timestamp of any key', () => {
    const driver = windowedCountDriver(tumbling('10s'));
    pipe(driver, 'b', 30);
    pipe(driver, 'a', 25); // [20,30) closed by key b's record: grace 0
    expect(driver.readValues('counts')).toHaveLength(1);
    expect(driver.metrics().lateRecords).toBe(1);
  });
});

describe('tumbling windows, final mode (suppress until window closes)', () => {
  it('emits each window once, with its final count, when stream time reaches end + grace', () => {
    const driver = windowedCountDriver(tumbling('10s', { grace: '5s' }), { emit: 'final' });
    pipe(driver, 'a', 1);
    pipe(driver, 'a', 2);
    pipe(driver, 'b', 8);
    pipe(driver, 'a', 12);
    pipe(driver, 'a', 3); // still in grace: counted in the final result
    expect(driver.readValues('counts')).toEqual([]);
    pipe(driver, 'a', 14.999);
    expect(driver.readValues('counts')).toEqual([]);
    pipe(driver, 'c', 15); // 10 + 5: [0,10) closes
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 0, 10, 3],
      ['b', 0, 10, 1],
    ]);
    pipe(driver, 'a', 4); // late: no second result for [0,10)
    pipe(driver, 'a', 40);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 10, 20, 2],
      ['c', 10, 20, 1],
    ]);
    expect(driver.metrics().lateRecords).toBe(1);
  });

  it('never emits a window that has not closed by the end of the input', () => {
    const driver = windowedCountDriver(tumbling('1m'), { emit: 'final' });
    pipe(driver, 'a', 1);
    pipe(driver, 'a', 59);
    expect(driver.readValues('counts')).toEqual([]);
  });
});

describe('hopping windows', () => {
  it('counts a record in every window [start, start + size) that contains it', () => {
    const driver = windowedCountDriver(hopping('10s', '5s'));
    pipe(driver, 'a', 12);
    pipe(driver, 'a', 15);
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', 5, 15, 1],
      ['a', 10, 20, 1],
      ['a', 10, 20, 2],
      ['a', 15, 25, 1],
    ]);
  });

  it('drops a record from its closed windows only; fully late records count as late', () => {
    const driver = windowedCountDriver(hopping('10s', '5s'));
    pipe(driver, 'a', 20); // stream time 20, grace 0: windows ending ≤ 20 are closed
    driver.readValues('counts');
    pipe(driver, 'a', 16); // [10,20) closed, [15,25) open
    expect(rows(driver.readValues('counts'))).toEqual([['a', 15, 25, 2]]);
    expect(driver.metrics()).toMatchObject({ lateRecords: 0, lateWindowUpdates: 1 });
    pipe(driver, 'a', 14); // [5,15) and [10,20) both closed
    expect(driver.readValues('counts')).toEqual([]);
    expect(driver.metrics()).toMatchObject({ lateRecords: 1, lateWindowUpdates: 3 });
  });

  it('in final mode emits each overlapping window once, in window-end order', () => {
    const driver = windowedCountDriver(hopping('10s', '5s', { grace: '2s' }), { emit: 'final' });
    for (const seconds of [1, 6, 7, 11]) pipe(driver, 'a', seconds);
    pipe(driver, 'a', 17); // closes [-5,5), [0,10) (10 + 2 ≤ 17) and [5,15) (15 + 2 ≤ 17)
    expect(rows(driver.readValues('counts'))).toEqual([
      ['a', -5, 5, 1],
      ['a', 0, 10, 3],
      ['a', 5, 15, 3],
    ]);
  });
});
