import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { consumedRecord, decodeHeaders } from '../../../kernel-helpers/src/kafka/consume';

/** A message as kafkajs hands it to eachBatch. */
function message(value: string | null, headers?: KafkaMessage['headers']): KafkaMessage {
  return { key: Buffer.from('user-1'), value: value === null ? null : Buffer.from(value), timestamp: '1700000000000', attributes: 0, offset: '41', headers } as KafkaMessage;
}

describe('a kafkajs message as a consumed record', () => {
  it('decodes key, JSON value, offset and timestamp', () => {
    const record = consumedRecord('orders', 2, message('{"id":7}'));
    expect(record).toMatchObject({ topic: 'orders', partition: 2, offset: '41', key: 'user-1', value: { id: 7 }, timestamp: 1_700_000_000_000 });
    expect(record.problem).toBeUndefined();
  });

  it('keeps a value that is not JSON as text and says why', () => {
    const record = consumedRecord('orders', 0, message('not json'));
    expect(record.value).toBe('not json');
    expect(record.problem).toMatch(/^value is not JSON/);
  });

  it('gives records without headers one shared, frozen, empty object', () => {
    const first = consumedRecord('orders', 0, message('1', {})).headers;
    const second = consumedRecord('orders', 0, message('2')).headers;
    expect(first).toBe(second);
    expect(Object.keys(first)).toEqual([]);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.getPrototypeOf(first)).toBeNull();
  });

  it('decodes headers as text in a fresh null-prototype object: odd names are just headers, repeats are joined', () => {
    const headers = decodeHeaders({ constructor: 'c', trace: [Buffer.from('a'), Buffer.from('b')] } as never);
    expect(Object.getPrototypeOf(headers)).toBeNull();
    expect(Object.isFrozen(headers)).toBe(false);
    expect({ ...headers }).toEqual({ constructor: 'c', trace: 'a,b' });
    const withProto = decodeHeaders(JSON.parse('{"__proto__":"x"}'));
    expect(Object.keys(withProto)).toEqual(['__proto__']);
    expect(withProto['__proto__']).toBe('x');
  });

  it('drops members that are not header values (inherited functions kafkajs folds in)', () => {
    expect({ ...decodeHeaders({ toString: Object.prototype.toString, real: 'yes' } as never) }).toEqual({ real: 'yes' });
  });
});
