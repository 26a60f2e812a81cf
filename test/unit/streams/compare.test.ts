import { describe, expect, it } from 'vitest';
import { compareWindowedCounts, type WindowedCount } from '../../../kernel-helpers/src/streams/index.js';

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
    });
  });
});
