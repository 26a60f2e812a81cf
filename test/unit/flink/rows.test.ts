import { describe, expect, it } from 'vitest';
import { applyRowKinds, toRow, type Change } from '../../../kernel-helpers/src/flink/rows';

describe('applyRowKinds', () => {
  it('keeps window results, which are INSERT only', () => {
    const changes: Change[] = [
      { kind: 'INSERT', fields: ['10:00', 3] },
      { kind: 'INSERT', fields: ['10:01', 5] },
    ];
    expect(applyRowKinds(changes)).toEqual([
      ['10:00', 3],
      ['10:01', 5],
    ]);
  });

  it('replaces a GROUP BY row on UPDATE_BEFORE / UPDATE_AFTER', () => {
    const changes: Change[] = [
      { kind: 'INSERT', fields: ['a', 1] },
      { kind: 'INSERT', fields: ['b', 1] },
      { kind: 'UPDATE_BEFORE', fields: ['a', 1] },
      { kind: 'UPDATE_AFTER', fields: ['a', 2] },
      { kind: 'UPDATE_BEFORE', fields: ['a', 2] },
      { kind: 'UPDATE_AFTER', fields: ['a', 3] },
    ];
    expect(applyRowKinds(changes)).toEqual([
      ['b', 1],
      ['a', 3],
    ]);
  });

  it('removes one equal row per DELETE, and ignores a retraction of a row it never saw', () => {
    const changes: Change[] = [
      { kind: 'INSERT', fields: ['x'] },
      { kind: 'INSERT', fields: ['x'] },
      { kind: 'DELETE', fields: ['x'] },
      { kind: 'DELETE', fields: ['never'] },
    ];
    expect(applyRowKinds(changes)).toEqual([['x']]);
  });

  it('builds row objects in column order', () => {
    expect(toRow(['window_start', 'event_count'], ['2026-01-05T10:00:00', 181])).toEqual({ window_start: '2026-01-05T10:00:00', event_count: 181 });
  });
});
