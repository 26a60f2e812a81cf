/** Reference solutions of notebook 07-flink-sql (run by exercise() when STREAMLAB_SOLUTIONS=1 and the stub is still todo()). */
import type { SolveOf } from '@streamlab/kernel-helpers/exercises';

const tvfWithWatermark: SolveOf<'flink-tvf-marca-dagua-10s'> = (table) => ({
  watermark: '10 s',
  query: `SELECT window_start, window_end, COUNT(*) AS event_count
FROM TABLE(TUMBLE(TABLE ${table}, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end`,
});

const hopCounts: SolveOf<'flink-janelas-hop'> = (table) => `SELECT window_start, window_end, COUNT(*) AS event_count
FROM TABLE(HOP(TABLE ${table}, DESCRIPTOR(event_time), INTERVAL '30' SECOND, INTERVAL '2' MINUTE))
GROUP BY window_start, window_end`;

export const solutions = {
  'flink-tvf-marca-dagua-10s': tvfWithWatermark,
  'flink-janelas-hop': hopCounts,
};
