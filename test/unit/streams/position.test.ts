import { describe, expect, it } from 'vitest';
import { fetchedOffsetOf, seekTarget } from '../../../kernel-helpers/src/streams/runtime/position.js';

describe('where a task rebuilt from its changelogs resumes reading', () => {
  it('goes on when the batch was fetched from the committed offset', () => {
    expect(seekTarget('120', '120')).toBeUndefined();
  });

  it('goes back to the committed offset when the batch starts past it (records would be lost)', () => {
    expect(seekTarget('400', '200')).toBe('200');
  });

  it('goes forward to the committed offset when the batch starts before it (a commit that failed for the client went through)', () => {
    expect(seekTarget('200', '400')).toBe('400');
  });

  it('goes on when nothing is committed yet, or kafkajs does not say where it fetched from', () => {
    expect(seekTarget('0', undefined)).toBeUndefined();
    expect(seekTarget(undefined, '200')).toBeUndefined();
  });

  it('compares offsets as numbers, not text', () => {
    expect(seekTarget('99', '100')).toBe('100');
    expect(seekTarget('1000', '1000')).toBeUndefined();
  });

  it("reads kafkajs's fetchedOffset from a batch, whatever its type", () => {
    expect(fetchedOffsetOf({ fetchedOffset: '42' })).toBe('42');
    expect(fetchedOffsetOf({ fetchedOffset: 42 })).toBe('42');
    expect(fetchedOffsetOf({})).toBeUndefined();
  });
});
