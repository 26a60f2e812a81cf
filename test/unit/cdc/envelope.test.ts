import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseChangeEvent, parseTransactionEvent, tryParseChangeEvent } from '../../../kernel-helpers/src/cdc/envelope';

const update = {
  before: { id: 7, status: 'created' },
  after: { id: 7, status: 'paid' },
  source: { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: 1767225600000, lsn: 26345672, txId: 771 },
  op: 'u',
  ts_ms: 1767225600123,
  transaction: null,
};

describe('Debezium envelope parsing', () => {
  it('decodes an update with before and after rows and the source position', () => {
    const event = parseChangeEvent(update);
    expect(event).toEqual({
      op: 'u',
      before: { id: 7, status: 'created' },
      after: { id: 7, status: 'paid' },
      source: { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', tsMs: 1767225600000, lsn: 26345672, txId: 771, snapshot: undefined },
      tsMs: 1767225600123,
    });
  });

  it('accepts the JSON text and the {schema, payload} form alike', () => {
    expect(parseChangeEvent(JSON.stringify(update))?.op).toBe('u');
    expect(parseChangeEvent({ schema: {}, payload: update })?.after).toEqual({ id: 7, status: 'paid' });
  });

  it('returns null for the tombstone that follows a delete', () => {
    expect(parseChangeEvent(null)).toBeNull();
  });

  it('rejects a message that is not a change event, saying why', () => {
    expect(() => parseChangeEvent({ user_id: 1 })).toThrow(EnvelopeError);
    expect(() => parseChangeEvent('{oops')).toThrow(/not JSON/);
    expect(() => parseChangeEvent({ op: 'x' })).toThrow(/no valid "op"/);
  });
});

describe('Debezium envelope: every op, transactions and poison input', () => {
  const source = { connector: 'postgresql', db: 'shop', schema: 'public', table: 'orders', ts_ms: 1, lsn: 10, txId: 5 };

  it('decodes c, r, d, t and m events, and the schema-wrapped JSON text of any of them', () => {
    expect(parseChangeEvent({ op: 'c', before: null, after: { id: 1 }, source, ts_ms: 2 })?.after).toEqual({ id: 1 });
    expect(parseChangeEvent({ op: 'r', before: null, after: { id: 1 }, source: { ...source, snapshot: 'last' }, ts_ms: 2 })?.source.snapshot).toBe('last');
    expect(parseChangeEvent({ op: 'd', before: { id: 1 }, after: null, source, ts_ms: 2 })?.before).toEqual({ id: 1 });
    expect(parseChangeEvent({ op: 't', before: null, after: null, source, ts_ms: 2 })?.op).toBe('t');
    const message = parseChangeEvent({ op: 'm', source, ts_ms: 2, message: { prefix: 'audit', content: 'aGk=' } });
    expect(message?.message).toEqual({ prefix: 'audit', content: 'aGk=' });
    const wrapped = JSON.stringify({ schema: { type: 'struct' }, payload: { op: 'c', before: null, after: { id: 3 }, source, ts_ms: 2 } });
    expect(parseChangeEvent(Buffer.from(wrapped))?.after).toEqual({ id: 3 });
    expect(parseChangeEvent('null')).toBeNull();
  });

  it('reads the transaction block and the BEGIN/END records of the transaction topic', () => {
    const event = parseChangeEvent({ op: 'c', after: { id: 1 }, source, ts_ms: 2, transaction: { id: '571:53195832', total_order: 2, data_collection_order: 1 } });
    expect(event?.transaction).toEqual({ id: '571:53195832', totalOrder: 2, dataCollectionOrder: 1 });
    expect(parseTransactionEvent({ status: 'BEGIN', id: '571:53195832', event_count: null, data_collections: null, ts_ms: 3 })).toEqual({ status: 'BEGIN', id: '571:53195832', tsMs: 3 });
    const end = parseTransactionEvent(JSON.stringify({ status: 'END', id: '571:53195832', event_count: 2, data_collections: [{ data_collection: 'public.orders', event_count: 1 }, { data_collection: 'public.customers', event_count: 1 }], ts_ms: 4 }));
    expect(end.eventCount).toBe(2);
    expect(end.dataCollections).toEqual([{ dataCollection: 'public.orders', eventCount: 1 }, { dataCollection: 'public.customers', eventCount: 1 }]);
    expect(() => parseTransactionEvent({ status: 'MAYBE', id: 'x' })).toThrow(/BEGIN or END/);
  });

  it('rejects poison input with a reason naming what is wrong, never a crash', () => {
    const reasons = [
      ['{"op":', /not JSON/],
      [[1, 2], /expected an object, got an array/],
      [42, /expected an object, got number/],
      [{ op: 'z', source }, /unknown op "z"/],
      [{ op: 'c', after: null, source }, /op "c" without an "after" row/],
      [{ op: 'd', before: null, after: null, source }, /op "d" without a "before" row/],
      [{ op: 'c', after: [1], source }, /"after" must be an object or null, got an array/],
      [{ op: 'c', after: { id: 1 } }, /no "source" block/],
      [{ op: 'c', after: { id: 1 }, source: { ...source, lsn: 'abc' } }, /"source.lsn" must be a number/],
    ] as const;
    for (const [input, reason] of reasons) {
      const outcome = tryParseChangeEvent(input);
      expect(outcome.ok).toBe(false);
      if (!outcome.ok) expect(outcome.reason).toMatch(reason);
      expect(() => parseChangeEvent(input)).toThrow(EnvelopeError);
    }
  });

  it('keeps "__proto__" and "constructor" columns as plain data: no prototype pollution', () => {
    const text = '{"op":"c","before":null,"after":{"id":1,"__proto__":{"polluted":true},"constructor":"x"},"source":{"table":"t","ts_ms":1},"ts_ms":1}';
    const event = parseChangeEvent<Record<string, unknown>>(text);
    const row = event!.after!;
    expect(Object.getPrototypeOf(row)).toBeNull();
    expect(Object.keys(row)).toEqual(['id', '__proto__', 'constructor']);
    expect(row['__proto__']).toEqual({ polluted: true });
    expect((row as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(() => parseChangeEvent('{"__proto__":{"op":"c"}}')).toThrow(/no "op" field/);
  });
});
