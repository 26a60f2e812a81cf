import { describe, expect, it } from 'vitest';
import { survivingOffsets } from '../../../kernel-helpers/src/exercises/catalog/index';

const record = (offset: number, key: string, value: unknown) => ({ offset: String(offset), key, value });

describe('survivingOffsets', () => {
  it('keeps the last non-tombstone record of each key in the closed segments and every record of the active one', () => {
    const records = [
      record(0, 'a', 1),
      record(1, 'b', 1),
      record(2, 'a', 2), // last of a in the closed segments: kept even though a changes again in the active one
      record(3, 'b', null), // tombstone in a closed segment: b disappears
      record(4, 'c', 1),
      record(5, 'a', 3), // active segment from here on: untouched
      record(6, 'c', null),
    ];
    expect(survivingOffsets(records, 5)).toEqual([2, 4, 5, 6]);
  });

  it('with everything closed, only the latest live value of each key remains', () => {
    const records = [record(0, 'a', 1), record(1, 'a', null), record(2, 'b', 1), record(3, 'a', 2)];
    expect(survivingOffsets(records, 4)).toEqual([2, 3]);
  });
});
