import { describe, expect, it } from 'vitest';
import { deserializeJson, findUnserializable, SerializationError, serializeJson } from '../../../kernel-helpers/src/kafka/serialization';

describe('JSON serialization of message values', () => {
  it('encodes plain values and dates as JSON text', () => {
    expect(serializeJson({ user_id: 123, action: 'click', at: new Date(0) }, () => 'record 0')).toBe(
      '{"user_id":123,"action":"click","at":"1970-01-01T00:00:00.000Z"}',
    );
  });

  it('names the record and the exact field that JSON cannot represent', () => {
    expect(() => serializeJson({ order: { items: [{ price: 10n }] } }, () => 'record 3 for topic "orders"')).toThrow(SerializationError);
    expect(() => serializeJson({ order: { items: [{ price: 10n }] } }, () => 'record 3 for topic "orders"')).toThrow(
      'record 3 for topic "orders": value.order.items[0].price (bigint) cannot be serialized to JSON',
    );
  });

  it('finds functions, undefined fields, non-finite numbers and cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(findUnserializable({ f: () => 1 })).toBe('value.f (function)');
    expect(findUnserializable({ missing: undefined })).toBe('value.missing (undefined)');
    expect(findUnserializable([1, Number.NaN])).toBe('value[1] (NaN)');
    expect(findUnserializable(cyclic)).toBe('value.self (circular reference)');
    expect(findUnserializable({ shared: [1], again: [1] })).toBeUndefined();
  });

  it('decodes JSON values, keeps non-JSON text as text, and passes tombstones through as null', () => {
    expect(deserializeJson(Buffer.from('{"a":1}'))).toEqual({ a: 1 });
    expect(deserializeJson(Buffer.from('plain text'))).toBe('plain text');
    expect(deserializeJson(null)).toBeNull();
  });
});
