import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, deleteTopic, joinGroup, produce } from '@streamlab/kernel-helpers/kafka';
import { DEAD_LETTER_HEADERS, deadLetterTopic, ensureDeadLetterTopic, parkOnFailure, readDeadLetters, replayDeadLetters } from '@streamlab/kernel-helpers/events';
import { waitUntil } from '../../../kernel-helpers/src/wait';

const suffix = randomUUID().slice(0, 8);
const topic = `eda-it-transfers-${suffix}`;
const dlq = deadLetterTopic(topic);
type Transfer = { n: number; amount: unknown };

beforeAll(async () => {
  await createTopic(topic, { partitions: 2 });
  await ensureDeadLetterTopic(dlq);
});
afterAll(async () => {
  await deleteTopic(topic).catch(() => undefined);
  await deleteTopic(dlq).catch(() => undefined);
});

describe('dead-letter topic and replay', () => {
  it('parks the poison record with its reason and position, keeps going, and processes the fixed replay exactly once', async () => {
    const applied = new Map<number, number>();
    const handle = parkOnFailure<Transfer>(dlq, (record) => {
      if (typeof record.value.amount !== 'number') throw new TypeError(`amount is not a number: ${JSON.stringify(record.value.amount)}`);
      applied.set(record.value.n, (applied.get(record.value.n) ?? 0) + record.value.amount);
    });
    const member = await joinGroup<Transfer>(`eda-it-dlq-${suffix}`, topic, { commit: 'after-processing', onRecord: async (record) => void (await handle(record)) });
    try {
      const reports = await produce(topic, Array.from({ length: 12 }, (_, n) => ({ key: `k${n % 3}`, value: { n, amount: n === 4 ? 'dez' : 10 } })));
      await member.waitForRecords(12);
      expect(member.failure).toBeUndefined();
      expect(applied.size).toBe(11);
      expect(applied.has(4)).toBe(false);

      const letters = await readDeadLetters<Transfer>(dlq);
      expect(letters).toHaveLength(1);
      const [letter] = letters;
      expect(letter.reason).toBe('TypeError: amount is not a number: "dez"');
      expect(letter.source).toEqual({ topic, partition: reports[4].partition, offset: reports[4].offset });
      expect(letter.key).toBe('k1');

      const replayed = await replayDeadLetters(letters, (parked) => ({ ...parked.value, amount: 10 }));
      expect(replayed).toHaveLength(1);
      await member.waitForRecords(13);
      await waitUntil(async () => applied.has(4), { what: 'the replayed record', timeoutMs: 15_000, hint: '' });
      expect(applied.get(4)).toBe(10);
      expect([...applied.values()].reduce((a, b) => a + b, 0)).toBe(120);
      // Nothing parked again, and the DLQ record kept the engine's header names.
      expect(await readDeadLetters(dlq)).toHaveLength(1);
      expect(Object.values(DEAD_LETTER_HEADERS)).toContain('streamlab.error');
    } finally {
      await member.stop();
    }
  }, 120_000);
});
