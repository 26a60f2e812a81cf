import { describe, expect, it } from 'vitest';
import { EnvelopeError, parseChangeEvent } from '../../../kernel-helpers/src/cdc/envelope';

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
