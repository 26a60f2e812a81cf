import { describe, expect, it } from 'vitest';
import { changedColumns, changeRow, formatKey } from '@streamlab/kernel-helpers/cdc';

const source = { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: 1_000, lsn: 42, txId: 7 };

describe('change rows for inspection', () => {
  it('lists only the columns an update changed, as before → after', () => {
    expect(changedColumns({ id: 1, status: 'created', amount: '10.00' }, { id: 1, status: 'paid', amount: '10.00' })).toBe('status: created → paid');
    expect(changedColumns(null, { id: 1 })).toBe('id: ∅ → 1');
    expect(changedColumns({ id: 1, note: 'x'.repeat(300) }, null, 40)).toHaveLength(40);
  });

  it('formats a JSON record key as column=value and keeps other keys as they are', () => {
    expect(formatKey('{"id":5}')).toBe('id=5');
    expect(formatKey('{"order_id":5,"line":2}')).toBe('order_id=5, line=2');
    expect(formatKey('plain')).toBe('plain');
    expect(formatKey(null)).toBe('∅');
  });

  it('turns an event into op, key, changes, LSN, txId and commit-to-Kafka lag', () => {
    const value = { op: 'u', before: { id: 5, status: 'created' }, after: { id: 5, status: 'paid' }, source, ts_ms: 1_200 };
    expect(changeRow({ offset: '9', key: '{"id":5}', value, timestamp: 1_250 })).toEqual({ offset: '9', key: 'id=5', op: 'u', changes: 'status: created → paid', lsn: 42, txId: 7, lag_ms: 250 });
  });

  it('shows a tombstone and a malformed event as rows instead of failing', () => {
    expect(changeRow({ offset: '1', key: '{"id":5}', value: null, timestamp: 0 }).op).toBe('tombstone');
    const invalid = changeRow({ offset: '2', key: null, value: { op: 'q' }, timestamp: 0 });
    expect(invalid.op).toBe('invalid');
    expect(invalid.changes).toMatch(/unknown op "q"/);
  });
});
