/** Reference solutions of notebook 03-consumers (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import { consume, describeTopic, setGroupOffsets } from '@streamlab/kernel-helpers/kafka';
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const countByKey: SolveOf<'consumers-contagem-por-chave'> = async (topic) => {
  const stored = (await describeTopic(topic)).partitions.reduce((sum, partition) => sum + partition.records, 0);
  const records = await consume(topic, { max: stored, timeoutMs: 10_000, fromBeginning: true });
  // Null prototype: keys are Kafka-controlled (a key may be "__proto__" or "constructor").
  const counts: Record<string, number> = Object.create(null);
  for (const record of records) counts[record.key ?? 'null'] = (counts[record.key ?? 'null'] ?? 0) + 1;
  return counts;
};

const rewindGroup: SolveOf<'consumers-voltar-grupo'> = async (groupId, topic, n) => {
  const { partitions } = await describeTopic(topic);
  await setGroupOffsets(groupId, topic, { offsets: partitions.map((p) => ({ partition: p.partition, offset: Math.max(p.start, p.end - n) })) });
};

const idempotentSink: SolveOf<'consumers-destino-idempotente'> = (table, record) => {
  // The order id is unique: writing it twice leaves one row (INSERT ... ON CONFLICT (order_id) DO UPDATE).
  table.upsert(record.value.order_id, record.value);
};

export const solutions = {
  'consumers-contagem-por-chave': countByKey,
  'consumers-voltar-grupo': rewindGroup,
  'consumers-destino-idempotente': idempotentSink,
};
