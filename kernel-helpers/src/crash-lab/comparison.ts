import type { WindowedCount } from '../streams/index.js';

/** One update of `countsPerKeyTopology`: the key's count after one input record. */
export interface KeyCount {
  key: string;
  count: number;
}

/**
 * Emitted results compared with the offline computation: window by window (`windowed`), or key
 * by key on the last count (`counts-per-key`, where a "window" below is a key).
 */
export interface ResultComparison {
  /** Windows (keys) the offline computation emits. */
  expectedWindows: number;
  /** Results read from the output topic. */
  emittedResults: number;
  /** Windows emitted exactly once with the expected count. */
  exact: number;
  /** Expected windows never emitted. */
  missing: number;
  /** Results beyond the first for a window (emitted more than once); per key: updates beyond one per input record. */
  duplicated: number;
  /** Windows whose (last) emitted count is larger / smaller than expected. */
  countTooHigh: number;
  countTooLow: number;
  /** Windows emitted that the offline computation does not have. */
  unexpected: number;
  /** Sum of counts: offline vs emitted (last result per window). */
  expectedTotal: number;
  emittedTotal: number;
  /** Input records missing from the results: per window (key), what the last count lacks, summed. */
  recordsLost: number;
  /** Input records counted more than once: per window (key), what the last count has too much, summed. */
  recordsDuplicated: number;
}

/** Records lost and counted twice when `got` (last count per window, key) should be `want` (pure). */
function recordCounts(want: Map<string, number>, got: Map<string, number>): Pick<ResultComparison, 'recordsLost' | 'recordsDuplicated'> {
  let recordsLost = 0;
  let recordsDuplicated = 0;
  for (const [id, count] of want) recordsLost += Math.max(0, count - (got.get(id) ?? 0));
  for (const [id, count] of got) recordsDuplicated += Math.max(0, count - (want.get(id) ?? 0));
  return { recordsLost, recordsDuplicated };
}

/** Compares emitted windowed counts with the expected ones, window by window (pure). */
export function compareWindowedCounts(expected: WindowedCount[], emitted: WindowedCount[]): ResultComparison {
  const id = (result: WindowedCount) => `${result.key}\u0000${result.windowStart}\u0000${result.windowEnd}`;
  const want = new Map(expected.map((result) => [id(result), result.count]));
  const got = new Map<string, number[]>();
  for (const result of emitted) {
    const counts = got.get(id(result)) ?? [];
    counts.push(result.count);
    got.set(id(result), counts);
  }
  const last = new Map([...got].map(([window, counts]) => [window, counts[counts.length - 1]]));
  const comparison: ResultComparison = {
    expectedWindows: want.size,
    emittedResults: emitted.length,
    exact: 0,
    missing: 0,
    duplicated: 0,
    countTooHigh: 0,
    countTooLow: 0,
    unexpected: 0,
    expectedTotal: expected.reduce((sum, result) => sum + result.count, 0),
    emittedTotal: 0,
    ...recordCounts(want, last),
  };
  for (const [window, counts] of got) {
    const count = last.get(window)!;
    comparison.emittedTotal += count;
    comparison.duplicated += counts.length - 1;
    const expectedCount = want.get(window);
    if (expectedCount === undefined) comparison.unexpected++;
    else if (count > expectedCount) comparison.countTooHigh++;
    else if (count < expectedCount) comparison.countTooLow++;
    else if (counts.length === 1) comparison.exact++;
  }
  for (const window of want.keys()) if (!got.has(window)) comparison.missing++;
  return comparison;
}

/**
 * Compares running counts per key with the expected final counts (pure): the last update of each
 * key must equal its expected count, and a run with no duplicate has one update per input record.
 */
export function compareKeyCounts(expected: Map<string, number>, updates: KeyCount[]): ResultComparison {
  const last = new Map(updates.map((update) => [update.key, update.count]));
  const expectedTotal = [...expected.values()].reduce((sum, count) => sum + count, 0);
  const comparison: ResultComparison = {
    expectedWindows: expected.size,
    emittedResults: updates.length,
    exact: 0,
    missing: 0,
    duplicated: Math.max(0, updates.length - expectedTotal),
    countTooHigh: 0,
    countTooLow: 0,
    unexpected: 0,
    expectedTotal,
    emittedTotal: [...last.values()].reduce((sum, count) => sum + count, 0),
    ...recordCounts(expected, last),
  };
  for (const [key, count] of last) {
    const expectedCount = expected.get(key);
    if (expectedCount === undefined) comparison.unexpected++;
    else if (count > expectedCount) comparison.countTooHigh++;
    else if (count < expectedCount) comparison.countTooLow++;
    else comparison.exact++;
  }
  for (const key of expected.keys()) if (!last.has(key)) comparison.missing++;
  return comparison;
}

/** Records per key: the final count of `countsPerKeyTopology`, computed offline (pure). */
export function finalCounts(records: Array<{ key: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.key, (counts.get(record.key) ?? 0) + 1);
  return counts;
}
