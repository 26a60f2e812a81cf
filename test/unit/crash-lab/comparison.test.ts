import { describe, expect, it } from 'vitest';
import type { WindowedCount } from '../../../kernel-helpers/src/streams/index.js';
import { compareKeyCounts, compareWindowedCounts, finalCounts } from '../../../kernel-helpers/src/crash-lab/index.js';

const result = (key: string, windowStart: number, count: number): WindowedCount => ({ key, windowStart, windowEnd: windowStart + 10, count });

describe('compareWindowedCounts', () => {
  it('finds exact, missing, doubled, too-high and unexpected windows', () => {
    const expected = [result('a', 0, 2), result('a', 10, 1), result('b', 0, 5), result('c', 0, 1)];
    const emitted = [result('a', 0, 2), result('b', 0, 7), result('b', 0, 7), result('c', 0, 1), result('z', 0, 1)];
    expect(compareWindowedCounts(expected, emitted)).toEqual({
      expectedWindows: 4,
      emittedResults: 5,
      exact: 2,
      missing: 1,
      duplicated: 1,
      countTooHigh: 1,
      countTooLow: 0,
      unexpected: 1,
      expectedTotal: 9,
      emittedTotal: 11,
      recordsLost: 1, // a [10, 20) never emitted
      recordsDuplicated: 3, // b counted 7 for 5, z 1 for none
    });
  });
});

describe('compareKeyCounts', () => {
  it('compares the last update of each key and counts updates beyond one per input record as duplicated', () => {
    const expected = finalCounts([{ key: 'a' }, { key: 'b' }, { key: 'a' }, { key: 'c' }]);
    expect(expected).toEqual(new Map([['a', 2], ['b', 1], ['c', 1]]));
    const updates = [
      { key: 'a', count: 1 },
      { key: 'b', count: 1 },
      { key: 'a', count: 2 },
      { key: 'a', count: 3 }, // a re-counted after a crash
      { key: 'z', count: 1 },
    ];
    expect(compareKeyCounts(expected, updates)).toEqual({
      expectedWindows: 3,
      emittedResults: 5,
      exact: 1,
      missing: 1,
      duplicated: 1,
      countTooHigh: 1,
      countTooLow: 0,
      unexpected: 1,
      expectedTotal: 4,
      emittedTotal: 5,
      recordsLost: 1, // c never updated
      recordsDuplicated: 2, // a one too many, z unexpected
    });
  });
});
