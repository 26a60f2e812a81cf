import { deleteRecordsBefore, describeTopic, produce, type ConsumedRecord, type TopicDescription } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';
import { readAll, withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '01-arquitetura-kafka';

/** 01a: how many records a topic stores now, from its description (start and end offsets). */
export const countStoredRecords = defineExercise<(description: TopicDescription) => number | Promise<number>>({
  notebook: NOTEBOOK,
  title: 'quantos registros o tópico guarda agora',
  check: (solve) =>
    withScratchTopic('stored-records', { partitions: 3 }, async (topic) => {
      await produce(topic, Array.from({ length: 45 }, (_, i) => ({ value: { i }, partition: i % 3 })));
      // Partition 0 loses its first 6 records, as if retention had dropped a segment.
      await deleteRecordsBefore(topic, [{ partition: 0, offset: 6 }]);
      const description = await describeTopic(topic);
      const stored = (await readAll(topic)).length;
      const answer = await solve(description);
      if (answer === stored) return [];
      const hints = answer === 45 ? ['o offset final sozinho conta também os registros apagados: a partição 0 agora começa no offset 6'] : [];
      return [differs('registros guardados', answer, stored), ...hints];
    }),
});

/** What compaction keeps: the last value of each key; a null value (tombstone) removes the key. */
export type CompactedView = Record<string, unknown>;

/** 01b: the state a compacted topic converges to, from its records in offset order. */
export const compactedView = defineExercise<(records: Array<Pick<ConsumedRecord, 'key' | 'value' | 'offset'>>) => CompactedView | Promise<CompactedView>>({
  notebook: NOTEBOOK,
  title: 'o que a compactação guarda',
  check: (solve) =>
    withScratchTopic('compacted-view', { partitions: 1, config: { 'cleanup.policy': 'compact' } }, async (topic) => {
      const keys = ['sku-1', 'sku-2', 'sku-3', 'sku-4'];
      const updates = Array.from({ length: 20 }, (_, i) => ({ key: keys[(i * 3) % 4], value: i === 13 ? null : { price: 10 + i } }));
      await produce(topic, updates);
      const records = await readAll(topic);
      const expected: CompactedView = Object.create(null);
      for (const record of records) {
        if (record.key === null) continue;
        if (record.value === null) delete expected[record.key];
        else expected[record.key] = record.value;
      }
      const answer = await solve(records.map(({ key, value, offset }) => ({ key, value, offset })));
      const differences: string[] = [];
      for (const key of new Set([...Object.keys(expected), ...Object.keys(answer ?? {})])) {
        if (JSON.stringify(answer?.[key]) !== JSON.stringify(expected[key])) {
          differences.push(key in expected ? differs(`chave ${key}`, answer?.[key], expected[key]) : `a chave ${key} deveria ter sumido: o último registro dela é um tombstone (valor null)`);
        }
      }
      return differences;
    }),
});
