import { describe, expect, it } from 'vitest';
import { applyChange, diffRows, MaterialisedTable, parseChangeEvent, sameValue, type ChangeEvent, type KeyState } from '@streamlab/kernel-helpers/cdc';

let lsn = 100;
const source = () => ({ connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: 1, lsn: (lsn += 8), txId: 1 });
const event = (op: string, before: object | null, after: object | null): ChangeEvent => parseChangeEvent({ op, before, after, source: source(), ts_ms: 1 })!;

describe('materialising a change stream', () => {
  it('folds create, update and delete into the current rows by primary key', () => {
    const view = new MaterialisedTable('public.orders');
    view.apply(event('r', null, { id: 1, status: 'created' }));
    view.apply(event('c', null, { id: 2, status: 'created' }));
    view.apply(event('u', { id: 1, status: 'created' }, { id: 1, status: 'paid' }));
    view.apply(event('d', { id: 2, status: 'created' }, null));
    view.apply(null); // the tombstone after the delete
    expect(view.rows()).toEqual([{ id: 1, status: 'paid' }]);
  });

  it('follows a primary-key update, which Debezium sends as a delete of the old key and a create of the new one', () => {
    const view = new MaterialisedTable('public.orders');
    view.apply(event('c', null, { id: 1, status: 'created' }));
    view.apply(event('d', { id: 1, status: 'created' }, null));
    view.apply(event('c', null, { id: 1001, status: 'created' }));
    expect(view.rows()).toEqual([{ id: 1001, status: 'created' }]);
  });

  it('is idempotent under redelivery: replaying the events, or an older one late, changes nothing', () => {
    const events = [
      event('c', null, { id: 1, n: 1 }),
      event('u', { id: 1, n: 1 }, { id: 1, n: 2 }),
      event('c', null, { id: 2, n: 1 }),
      event('d', { id: 2, n: 1 }, null),
    ];
    const state = new Map<string, KeyState>();
    for (const change of events) applyChange(state, change, ['id']);
    const once = JSON.stringify([...state]);
    const changed = events.map((change) => applyChange(state, change, ['id']));
    expect(changed).toEqual([false, false, false, false]);
    expect(JSON.stringify([...state])).toBe(once);
    expect(applyChange(state, events[0], ['id'])).toBe(false); // the create of id 1 delivered again after its update
    expect(state.get('[1]')?.row).toEqual({ id: 1, n: 2 });
  });

  it('empties the table on truncate and skips malformed values with their reason', () => {
    const view = new MaterialisedTable('public.orders');
    view.apply(event('c', null, { id: 1 }));
    view.apply(event('t', null, null));
    view.applyValue('{not json');
    expect(view.size).toBe(0);
    expect(view.rejected[0]).toMatch(/not JSON/);
  });
});

describe('comparing a view with its source table', () => {
  it('treats Debezium timestamps, numeric strings and bigint strings as the values PostgreSQL returned', () => {
    expect(sameValue('2026-03-02T10:15:30.123456Z', new Date('2026-03-02T10:15:30.123Z'))).toBe(true);
    expect(sameValue(1772446530123, new Date(1772446530123))).toBe(true);
    expect(sameValue('10.50', '10.50')).toBe(true);
    expect(sameValue(12, '12')).toBe(true);
    expect(sameValue('paid', 'created')).toBe(false);
    expect(sameValue(null, undefined)).toBe(true);
  });

  it('reports missing, extra and different rows, naming the columns that differ', () => {
    const source = [{ id: 1, status: 'paid' }, { id: 2, status: 'created' }];
    const view = [{ id: 1, status: 'created' }, { id: 3, status: 'created' }];
    expect(diffRows(source, view)).toEqual([
      { key: '[1]', kind: 'different', columns: 'status: source=paid view=created' },
      { key: '[2]', kind: 'missing', columns: '' },
      { key: '[3]', kind: 'extra', columns: '' },
    ]);
    expect(diffRows(source, source)).toEqual([]);
  });
});

describe('snapshot reads against streamed changes', () => {
  const at = (op: string, lsnValue: number, before: object | null, after: object | null) =>
    parseChangeEvent({ op, before, after, source: { table: 'orders', ts_ms: 1, lsn: lsnValue }, ts_ms: 1 })!;

  it('applies a change committed after the snapshot even when its LSN is below the snapshot LSN', () => {
    const view = new MaterialisedTable('public.orders');
    view.apply(at('r', 500, null, { id: 1, status: 'created' }));
    view.apply(at('u', 480, { id: 1, status: 'created' }, { id: 1, status: 'paid' }));
    expect(view.rows()).toEqual([{ id: 1, status: 'paid' }]);
  });

  it('ignores a snapshot read delivered again after a streamed change of the same key', () => {
    const view = new MaterialisedTable('public.orders');
    view.apply(at('r', 500, null, { id: 1, status: 'created' }));
    view.apply(at('u', 600, { id: 1, status: 'created' }, { id: 1, status: 'paid' }));
    view.apply(at('r', 500, null, { id: 1, status: 'created' }));
    expect(view.rows()).toEqual([{ id: 1, status: 'paid' }]);
  });
});
