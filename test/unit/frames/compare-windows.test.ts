import { describe, expect, it } from 'vitest';
import { compareWindows, latestWindows } from '../../../kernel-helpers/src/frames/index';

const w = (key: string, start: number, count: number, sum = 0) => ({ key, windowStart: start, windowEnd: start + 10, count, sum });

describe('compareWindows', () => {
  it('reports equality when every window matches on every field', () => {
    const result = compareWindows([w('a', 0, 2, 5), w('b', 0, 1, 1)], [w('b', 0, 1, 1), w('a', 0, 2, 5)], { fields: ['count', 'sum'] });
    expect(result.equal).toBe(true);
    expect(result.matched).toBe(2);
    expect(result.summary).toMatch(/^✅ 2 janelas iguais/);
  });

  it('lists each difference row by row: a different value, a window only on one side', () => {
    const result = compareWindows([w('a', 0, 2, 5), w('a', 10, 1)], [w('a', 0, 3, 5), w('c', 0, 1)], { fields: ['count', 'sum'] });
    expect(result.equal).toBe(false);
    expect(result.differences).toEqual([
      expect.objectContaining({ key: 'a', status: 'valor diferente', field: 'count', streaming: 2, offline: 3 }),
      expect.objectContaining({ key: 'a', status: 'só no streaming' }),
      expect.objectContaining({ key: 'c', status: 'só no offline' }),
    ]);
    expect(result.summary).toMatch(/^❌ 3 diferença/);
  });

  it('compares exactly: 0.1 + 0.2 is not 0.3', () => {
    expect(compareWindows([{ ...w('a', 0, 1), mean: 0.1 + 0.2 }], [{ ...w('a', 0, 1), mean: 0.3 }], { fields: ['mean'] }).equal).toBe(false);
  });

  it('latestWindows keeps the last update of each window', () => {
    expect(latestWindows([w('a', 0, 1), w('a', 0, 2), w('b', 0, 1), w('a', 0, 3)])).toEqual([w('a', 0, 3), w('b', 0, 1)]);
  });
});
