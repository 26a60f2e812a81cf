import { describe, expect, it } from 'vitest';
import { chunkBySize } from '../../../kernel-helpers/src/streams/runtime';

describe('a commit splits its records into produce requests of at most 1,000 records and 512 KB per topic, 2 MB in all', () => {
  it('keeps a small commit in one request, topics in order', () => {
    const chunks = chunkBySize([
      { topic: 'out', messages: [{ key: 'a', value: '1' }] },
      { topic: 'app-store-changelog', messages: [{ key: 'a', value: '{"n":1}' }] },
    ]);
    expect(chunks).toEqual([
      [
        { topic: 'out', messages: [{ key: 'a', value: '1' }] },
        { topic: 'app-store-changelog', messages: [{ key: 'a', value: '{"n":1}' }] },
      ],
    ]);
  });

  it('splits 3 MB of records into requests of at most 512 KB each, keeping every record once and in order', () => {
    const value = 'x'.repeat(1000);
    const messages = Array.from({ length: 3000 }, (_, i) => ({ key: `k${i}`, value }));
    const chunks = chunkBySize([{ topic: 'out', messages }]);
    expect(chunks.length).toBeGreaterThanOrEqual(6);
    for (const chunk of chunks) {
      const bytes = chunk.flatMap((entry) => entry.messages).reduce((sum, message) => sum + 70 + String(message.key).length + String(message.value).length, 0);
      expect(bytes).toBeLessThanOrEqual(512 * 1024);
    }
    expect(chunks.flatMap((chunk) => chunk.flatMap((entry) => entry.messages))).toEqual(messages);
  });

  it('puts at most 1,000 small records of each topic in one request: outputs and changelog writes share requests', () => {
    const messages = Array.from({ length: 1500 }, (_, i) => ({ key: `k${i}`, value: '1' }));
    const chunks = chunkBySize([
      { topic: 'out', messages },
      { topic: 'changelog', messages },
    ]);
    expect(chunks.map((chunk) => chunk.map((entry) => [entry.topic, entry.messages.length]))).toEqual([
      [['out', 1000]],
      [['out', 500], ['changelog', 1000]],
      [['changelog', 500]],
    ]);
    expect(chunks.flatMap((chunk) => chunk.filter((entry) => entry.topic === 'changelog').flatMap((entry) => entry.messages))).toEqual(messages);
  });

  it('keeps a request under 2 MB in all, however many topics it carries', () => {
    const value = 'x'.repeat(1000);
    const topics = Array.from({ length: 8 }, (_, t) => ({ topic: `t${t}`, messages: Array.from({ length: 400 }, (_, i) => ({ key: `k${i}`, value })) }));
    const chunks = chunkBySize(topics);
    for (const chunk of chunks) {
      const bytes = chunk.flatMap((entry) => entry.messages).reduce((sum, message) => sum + 70 + String(message.key).length + String(message.value).length, 0);
      expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    }
    expect(chunks.length).toBe(2);
    for (const { topic, messages } of topics) expect(chunks.flatMap((chunk) => chunk.filter((entry) => entry.topic === topic).flatMap((entry) => entry.messages))).toEqual(messages);
  });

  it('sends nothing for a commit with no records', () => {
    expect(chunkBySize([])).toEqual([]);
  });
});
