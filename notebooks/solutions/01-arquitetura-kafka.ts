/** Reference solutions of notebook 01-arquitetura-kafka (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const storedRecords: SolveOf<'arquitetura-registros-guardados'> = (description) =>
  description.partitions.reduce((sum, partition) => sum + (partition.end - partition.start), 0);

const survivors: SolveOf<'arquitetura-offsets-que-sobram'> = (records, activeSegmentStart) => {
  // Segmentos fechados: o último registro de cada chave, se não for tombstone.
  const last = new Map<string | null, (typeof records)[number]>();
  for (const record of records) if (Number(record.offset) < activeSegmentStart) last.set(record.key, record);
  const closed = [...last.values()].filter((record) => record.value !== null).map((record) => Number(record.offset));
  // Segmento ativo: tudo fica.
  const active = records.map((record) => Number(record.offset)).filter((offset) => offset >= activeSegmentStart);
  return [...closed, ...active].sort((a, b) => a - b);
};

export const solutions = {
  'arquitetura-registros-guardados': storedRecords,
  'arquitetura-offsets-que-sobram': survivors,
};
