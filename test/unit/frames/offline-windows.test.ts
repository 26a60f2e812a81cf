import pl from 'nodejs-polars';
import { describe, expect, it } from 'vitest';
import { offlineSessions, offlineWindows, rowsOf, toDataFrame } from '../../../kernel-helpers/src/frames/index';
import { hopping, session, tumbling } from '../../../kernel-helpers/src/streams/index';

const MIN = 60_000;
const flights = [
  { origin: 'ATL', date: 1 * MIN, delay: 10 },
  { origin: 'ATL', date: 2 * MIN, delay: 20 },
  { origin: 'ORD', date: 3 * MIN, delay: 5 },
  { origin: 'ATL', date: 11 * MIN, delay: 30 },
  { origin: 'ATL', date: 25 * MIN, delay: -4 },
];
const fields = { key: 'origin', time: 'date', value: 'delay' };

describe('offlineWindows', () => {
  it('computes tumbling counts and sums per key, windows [start, start + size)', () => {
    const { windows, droppedPairs } = offlineWindows(flights, fields, tumbling('10m'));
    expect(windows).toEqual([
      { key: 'ATL', windowStart: 0, windowEnd: 10 * MIN, count: 2, sum: 30 },
      { key: 'ATL', windowStart: 10 * MIN, windowEnd: 20 * MIN, count: 1, sum: 30 },
      { key: 'ATL', windowStart: 20 * MIN, windowEnd: 30 * MIN, count: 1, sum: -4 },
      { key: 'ORD', windowStart: 0, windowEnd: 10 * MIN, count: 1, sum: 5 },
    ]);
    expect(droppedPairs).toBe(0);
  });

  it('puts each record in size / advance hopping windows aligned to the epoch', () => {
    const { windows } = offlineWindows([{ origin: 'ATL', date: 11 * MIN, delay: 1 }], fields, hopping('10m', '5m'));
    expect(windows.map((w) => [w.windowStart / MIN, w.windowEnd / MIN])).toEqual([[5, 15], [10, 20]]);
  });

  it('applies the late rule: a record whose window closed (end + grace <= stream time) is dropped and counted', () => {
    const arrival = [...flights, { origin: 'ORD', date: 4 * MIN, delay: 100 }]; // arrives after stream time reached 25 min
    const strict = offlineWindows(arrival, fields, tumbling('10m', { grace: '5m' }));
    expect(strict.droppedPairs).toBe(1);
    expect(strict.droppedRecords).toBe(1);
    expect(strict.windows.find((w) => w.key === 'ORD')?.count).toBe(1);
    const lenient = offlineWindows(arrival, fields, tumbling('10m', { grace: '20m' }));
    expect(lenient.droppedPairs).toBe(0);
    expect(lenient.windows.find((w) => w.key === 'ORD')?.count).toBe(2);
  });

  it('drops a late record only from the hopping windows that had closed', () => {
    const arrival = [{ origin: 'A', date: 12 * MIN, delay: 0 }, { origin: 'A', date: 14 * MIN, delay: 0 }, { origin: 'A', date: 9 * MIN, delay: 0 }];
    // 9 min belongs to [0,10) (closed at stream time 14) and [5,15) (still open)
    const result = offlineWindows(arrival, fields, hopping('10m', '5m'));
    expect(result.droppedPairs).toBe(1);
    expect(result.droppedRecords).toBe(0);
    expect(result.windows.find((w) => w.windowStart === 5 * MIN)?.count).toBe(3);
  });

  it('agrees with Polars group_by_dynamic when no record is late', () => {
    const rows = Array.from({ length: 500 }, (_, i) => ({ origin: ['ATL', 'ORD', 'DFW'][i % 3], date: i * 37_000 + (i % 7) * 1000, delay: (i * 13) % 41 - 10 }));
    const ours = offlineWindows(rows, fields, hopping('10m', '2m')).windows;
    const dynamic = toDataFrame(rows)
      .withColumns(pl.col('date').cast(pl.Int64))
      .sort('date')
      .groupByDynamic({ indexColumn: 'date', every: `${2 * MIN}i`, period: `${10 * MIN}i`, offset: `${-8 * MIN}i`, by: 'origin', closed: 'left', startBy: 'window', includeBoundaries: true } as never)
      .agg(pl.col('delay').count().alias('count'), pl.col('delay').sum().alias('sum'));
    const theirs = rowsOf(dynamic)
      .filter((row) => (row._lower_boundary as number) >= 0)
      .map((row) => ({ key: row.origin, windowStart: row._lower_boundary, windowEnd: row._upper_boundary, count: row.count, sum: row.sum }))
      .sort((a, b) => String(a.key).localeCompare(String(b.key)) || (a.windowStart as number) - (b.windowStart as number));
    expect(ours).toEqual(theirs);
  });
});

describe('offlineSessions', () => {
  it('splits a key into sessions where the gap exceeds the inactivity gap (a gap equal to it joins)', () => {
    const rows = [0, 2, 4, 10, 11, 30].map((m) => ({ origin: 'ATL', date: m * MIN, delay: 1 }));
    const { windows } = offlineSessions(rows, fields, session('6m'));
    expect(windows.map((w) => [w.windowStart / MIN, w.windowEnd / MIN, w.count])).toEqual([[0, 11, 5], [30, 30, 1]]);
  });
});
