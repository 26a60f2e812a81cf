import { describe, expect, it } from 'vitest';
import { countDuplicates, eventIdOf, MissingEventIdError, ProcessedIds } from '../../../kernel-helpers/src/events/dedupe';
import { DEAD_LETTER_HEADERS, deadLetterHeaders, deadLetterTopic, parseDeadLetter, REPLAYED_FROM_HEADER, replayHeaders } from '../../../kernel-helpers/src/events/dead-letters';
import { DEAD_LETTER_HEADERS as ENGINE_HEADERS } from '../../../kernel-helpers/src/streams/runtime';

describe('dedupe by event id', () => {
  it('ProcessedIds says "first time" once per id and counts the repeats', () => {
    const ids = new ProcessedIds();
    expect(['e1', 'e2', 'e1', 'e3', 'e1'].map((id) => ids.firstTime(id))).toEqual([true, true, false, true, false]);
    expect(ids.duplicates).toBe(2);
    expect(ids.size).toBe(3);
  });

  it('countDuplicates reports totals and which ids repeat', () => {
    const result = countDuplicates(['a', 'b', 'a', 'a', 'c']);
    expect(result).toMatchObject({ total: 5, distinct: 3, duplicates: 2 });
    expect([...result.repeated]).toEqual([['a', 3]]);
  });

  it('reads the id header, never an inherited property, and rejects a record without one', () => {
    const headers: Record<string, string> = Object.create(null);
    headers.id = 'abc';
    expect(eventIdOf({ headers })).toBe('abc');
    expect(() => eventIdOf({ headers: {}, topic: 't', offset: '4' })).toThrow(MissingEventIdError);
    expect(() => eventIdOf({ headers: {} }, 'constructor')).toThrow(/no "constructor" header/);
  });
});

describe('dead-letter headers', () => {
  it('uses the stream engine header names', () => {
    expect(DEAD_LETTER_HEADERS).toBe(ENGINE_HEADERS);
    expect(deadLetterTopic('payments')).toBe('payments-dlq');
  });

  it('round-trips reason and source position through the headers (first line of the reason only)', () => {
    const headers = deadLetterHeaders('SyntaxError: bad amount\n   at stack', { topic: 'payments', partition: 2, offset: '41' });
    expect(Object.getPrototypeOf(headers)).toBeNull();
    const letter = parseDeadLetter({ topic: 'payments-dlq', partition: 0, offset: '3', key: 'c1', value: { amount: 'x' }, headers });
    expect(letter).toEqual({
      reason: 'SyntaxError: bad amount',
      source: { topic: 'payments', partition: 2, offset: '41' },
      position: { topic: 'payments-dlq', partition: 0, offset: '3' },
      key: 'c1',
      value: { amount: 'x' },
    });
    expect(replayHeaders(letter!)[REPLAYED_FROM_HEADER]).toBe('payments-dlq/0/3');
  });

  it('a record without dead-letter headers is not a dead letter', () => {
    expect(parseDeadLetter({ topic: 't', partition: 0, offset: '0', key: null, value: 1, headers: {} })).toBeUndefined();
  });
});
