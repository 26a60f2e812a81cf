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

/** A record as the compaction exercise sees it: key, value (null is a tombstone) and offset. */
export type CompactionInput = Pick<ConsumedRecord, 'key' | 'value' | 'offset'>;

/**
 * The offsets a compacted partition keeps once the cleaner has run and `delete.retention.ms` has
 * passed (pure): below `activeSegmentStart` (the closed segments, the only ones the cleaner reads),
 * the last record of each key unless it is a tombstone; from `activeSegmentStart` on, every record.
 */
export function survivingOffsets(records: CompactionInput[], activeSegmentStart: number): number[] {
  const lastInClosed = new Map<string | null, CompactionInput>();
  for (const record of records) if (Number(record.offset) < activeSegmentStart) lastInClosed.set(record.key, record);
  const closed = [...lastInClosed.values()].filter((record) => record.value !== null).map((record) => Number(record.offset));
  const active = records.map((record) => Number(record.offset)).filter((offset) => offset >= activeSegmentStart);
  return [...closed, ...active].sort((a, b) => a - b);
}

/** 01b: which offsets survive compaction, tombstones and the active segment included. */
export const compactionSurvivors = defineExercise<(records: CompactionInput[], activeSegmentStart: number) => number[] | Promise<number[]>>({
  notebook: NOTEBOOK,
  title: 'quais offsets sobrevivem à compactação',
  check: (solve) =>
    withScratchTopic('compaction-survivors', { partitions: 1, config: { 'cleanup.policy': 'compact' } }, async (topic) => {
      // sku-2 is deleted (tombstone) in the closed segments; sku-3 gets a new price and a tombstone in the active one.
      const plan: Array<[string, number | null]> = [
        ['sku-1', 10], ['sku-2', 20], ['sku-3', 30], ['sku-1', 11], ['sku-4', 40], ['sku-2', 21], ['sku-1', 12], ['sku-2', null],
        ['sku-4', 41], ['sku-3', 31], ['sku-5', 50], ['sku-1', 13], ['sku-5', null], ['sku-5', 51],
        ['sku-3', 32], ['sku-6', 60], ['sku-3', null], ['sku-1', 14],
      ];
      await produce(topic, plan.map(([key, price]) => ({ key, value: price === null ? null : { price } })));
      const records = (await readAll(topic)).map(({ key, value, offset }) => ({ key, value, offset }));
      const activeSegmentStart = 14;
      const expected = survivingOffsets(records, activeSegmentStart);
      const answer = await solve(records, activeSegmentStart);
      const got = Array.isArray(answer) ? [...answer].map(Number).sort((a, b) => a - b) : answer;
      if (JSON.stringify(got) === JSON.stringify(expected)) return [];
      const differences = [differs('offsets que sobram', got, expected)];
      if (!Array.isArray(got)) return differences;
      const kept = new Set(got);
      const tombstones = records.filter((record) => record.value === null && Number(record.offset) < activeSegmentStart && kept.has(Number(record.offset)));
      if (tombstones.length) differences.push(`o offset ${tombstones[0].offset} é um tombstone num segmento fechado: passado o delete.retention.ms, a limpeza apaga também o tombstone`);
      if (records.some((record) => Number(record.offset) >= activeSegmentStart && !kept.has(Number(record.offset)))) differences.push(`do offset ${activeSegmentStart} em diante é o segmento ativo: a limpeza não toca nele, tudo fica (tombstones também)`);
      const shadowed = expected.filter((offset) => offset < activeSegmentStart && !kept.has(offset));
      if (shadowed.length) differences.push(`o offset ${shadowed[0]} é o último da chave ${records[shadowed[0]]?.key} nos segmentos fechados: a limpeza só compara registros dos segmentos fechados, uma versão mais nova no segmento ativo não o apaga`);
      return differences;
    }),
});
