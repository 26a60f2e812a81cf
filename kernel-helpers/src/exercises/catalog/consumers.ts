import { consume, groupLag, produce } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';
import { withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '03-consumers';

const keyOf = (i: number) => `sensor-${(i * 7) % 5}`;

/** 03a: read a whole topic and count its records per key. */
export const countByKey = defineExercise<(topic: string) => Promise<Record<string, number>>>({
  notebook: NOTEBOOK,
  title: 'contar registros por chave',
  check: (solve) =>
    withScratchTopic('count-by-key', { partitions: 3 }, async (topic) => {
      await produce(topic, Array.from({ length: 90 }, (_, i) => ({ key: keyOf(i), value: { reading: i } })));
      const expected: Record<string, number> = {};
      for (let i = 0; i < 90; i += 1) expected[keyOf(i)] = (expected[keyOf(i)] ?? 0) + 1;
      const answer = (await solve(topic)) ?? {};
      return [...new Set([...Object.keys(expected), ...Object.keys(answer)])].sort().flatMap((key) => (answer[key] === expected[key] ? [] : [differs(`count of ${key}`, answer[key], expected[key])]));
    }),
});

/** 03b: make a stopped group re-read the last `n` records of every partition. */
export const rewindGroup = defineExercise<(groupId: string, topic: string, n: number) => Promise<void>>({
  notebook: NOTEBOOK,
  title: 'voltar o grupo n registros',
  check: (solve) =>
    withScratchTopic('rewind-group', { partitions: 3 }, async (topic) => {
      const groupId = `${topic}-group`;
      await produce(topic, Array.from({ length: 30 }, (_, i) => ({ value: { i }, partition: i % 3 })));
      await consume(topic, { groupId, max: 30, timeoutMs: 8000 });
      await solve(groupId, topic, 4);
      const differences: string[] = [];
      const lag = await groupLag(groupId, topic);
      for (const row of lag) if (row.lag !== 4) differences.push(differs(`lag of partition ${row.partition} after the rewind`, row.lag, 4));
      const reread = await consume<{ i: number }>(topic, { groupId, max: 12, timeoutMs: 5000 });
      const expected = [18, 21, 24, 27, 19, 22, 25, 28, 20, 23, 26, 29].sort((a, b) => a - b);
      const got = reread.map((record) => record.value.i).sort((a, b) => a - b);
      if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(differs('records the group reads next', got, expected));
      return differences;
    }),
});
