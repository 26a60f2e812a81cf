/** Reference solutions of notebook 01-arquitetura-kafka (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import type { CompactedView, SolveOf } from '@streamlab/kernel-helpers/exercises';

const storedRecords: SolveOf<'arquitetura-registros-guardados'> = (description) =>
  description.partitions.reduce((sum, partition) => sum + (partition.end - partition.start), 0);

const compaction: SolveOf<'arquitetura-compactacao'> = (records) => {
  // Null prototype: record keys are Kafka-controlled (a key may be "__proto__").
  const latest: CompactedView = Object.create(null);
  for (const record of [...records].sort((a, b) => Number(a.offset) - Number(b.offset))) {
    if (record.key === null) continue;
    if (record.value === null) delete latest[record.key];
    else latest[record.key] = record.value;
  }
  return latest;
};

export const solutions = {
  'arquitetura-registros-guardados': storedRecords,
  'arquitetura-compactacao': compaction,
};
