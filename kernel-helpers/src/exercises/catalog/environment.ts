import { produce, type ConsumedRecord } from '../../kafka/index.js';
import type { ChartSpec } from '../../viz/index.js';
import { defineExercise, differs } from '../definition.js';
import { readAll, withScratchTopic } from '../scratch-topic.js';

const NOTEBOOK = '00-ambiente';

/** An event of the environment exercises, in the course's format. */
export interface CourseEvent {
  user_id: number;
  action: string;
}

const ACTIONS = ['click', 'view', 'purchase', 'add_to_cart'];

/** The events both exercises use: 7 users, 4 actions, deterministic. */
function courseEvents(count: number): CourseEvent[] {
  return Array.from({ length: count }, (_, i) => ({ user_id: 300 + ((i * 5) % 7), action: ACTIONS[(i * 3) % 4] }));
}

/** 00a: a round trip: produce the events keyed by user, read them back, return what was read. */
export const roundTrip = defineExercise<(topic: string, events: CourseEvent[]) => Promise<Array<ConsumedRecord<CourseEvent>>>>({
  notebook: NOTEBOOK,
  title: 'ida e volta pelo broker, com a chave certa',
  check: (solve) =>
    withScratchTopic('round-trip', { partitions: 3 }, async (topic) => {
      const events = courseEvents(21);
      const returned = (await solve(topic, events)) ?? [];
      const stored = await readAll<CourseEvent>(topic);
      const differences: string[] = [];
      if (stored.length !== events.length) differences.push(differs('registros no tópico', stored.length, events.length));
      if (!Array.isArray(returned) || returned.length !== events.length) differences.push(differs('registros devolvidos pela leitura', Array.isArray(returned) ? returned.length : returned, events.length));
      const partitionsPerUser = new Map<string, Set<number>>();
      for (const record of stored) {
        if (record.key !== String(record.value?.user_id)) {
          differences.push(`registro no offset ${record.offset} da partição ${record.partition}: chave obtida ${JSON.stringify(record.key)}, esperada "${record.value?.user_id}" (o user_id como texto)`);
          break;
        }
        partitionsPerUser.set(record.key, (partitionsPerUser.get(record.key) ?? new Set()).add(record.partition));
      }
      const spread = [...partitionsPerUser].find(([, partitions]) => partitions.size > 1);
      if (spread) differences.push(`usuário ${spread[0]}: obtido em ${spread[1].size} partições, esperado em uma só`);
      return differences;
    }),
});

/** 00b: a first chart of one's own: events per action, from the topic. */
export const eventsPerActionChart = defineExercise<(topic: string) => Promise<ChartSpec>>({
  notebook: NOTEBOOK,
  title: 'um gráfico de eventos por ação',
  check: (solve) =>
    withScratchTopic('per-action', { partitions: 2 }, async (topic) => {
      const events = courseEvents(30);
      await produce(topic, events.map((event) => ({ key: String(event.user_id), value: event })));
      const expected = new Map<string, number>();
      for (const event of events) expected.set(event.action, (expected.get(event.action) ?? 0) + 1);
      const spec = (await solve(topic)) as { data?: { values?: Array<Record<string, unknown>> }; encoding?: { x?: { field?: string }; y?: { field?: string } } } | undefined;
      const x = spec?.encoding?.x?.field;
      const y = spec?.encoding?.y?.field;
      const rows = spec?.data?.values;
      if (!x || !y || !Array.isArray(rows)) return ['devolva o gráfico de barChart(linhas, { x: ..., y: ... }) (a especificação, sem show)'];
      const got = new Map(rows.map((row) => [String(row[x]), Number(row[y])]));
      return [...new Set([...expected.keys(), ...got.keys()])].sort().flatMap((action) => (got.get(action) === expected.get(action) ? [] : [differs(`barra "${action}"`, got.get(action) ?? 'nenhuma barra', expected.get(action) ?? 'nenhuma barra')]));
    }),
});
