/** Reference solutions of notebook 00-ambiente (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { consume, describeTopic, produce } from '@streamlab/kernel-helpers/kafka';
import { barChart } from '@streamlab/kernel-helpers/viz';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const roundTrip: SolveOf<'ambiente-ida-e-volta'> = async (topic, events) => {
  // The user as key: each user's events land in one partition, in order.
  await produce(topic, events.map((event) => ({ key: String(event.user_id), value: event })));
  return consume(topic, { max: events.length, timeoutMs: 15_000, fromBeginning: true });
};

const eventsPerActionChart: SolveOf<'ambiente-grafico-por-acao'> = async (topic) => {
  const stored = (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  const records = await consume<{ action: string }>(topic, { max: stored, timeoutMs: 10_000, fromBeginning: true });
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.value.action, (counts.get(record.value.action) ?? 0) + 1);
  return barChart([...counts].map(([action, eventos]) => ({ ação: action, eventos })), { x: 'ação', y: 'eventos' });
};

export const solutions = {
  'ambiente-ida-e-volta': roundTrip,
  'ambiente-grafico-por-acao': eventsPerActionChart,
};
