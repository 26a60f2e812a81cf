import { describe, expect, it } from 'vitest';
import { tablesNamedIn } from '../../../kernel-helpers/src/flink/table-topics';

describe('tablesNamedIn', () => {
  it('finds declared tables named as whole words, whatever the case', () => {
    expect(tablesNamedIn('SELECT * FROM Events e JOIN sensors s ON e.id = s.id', ['events', 'sensors', 'other'])).toEqual(['events', 'sensors']);
  });

  it('does not take a table for a part of another name', () => {
    expect(tablesNamedIn('SELECT * FROM events_late', ['events'])).toEqual([]);
  });
});
