import { iotSensors, type SensorReading } from '../../datasets/index.js';
import { createKafkaTable, flinkSql, hoppingCounts, tumblingCountsWithWatermark, type FlinkRow, type WindowCount } from '../../flink/index.js';
import { produce, resetTopic } from '../../kafka/index.js';
import { defineExercise, differs } from '../definition.js';

const NOTEBOOK = '07-flink-sql';
const TOPIC = 'flink-exercicio-leituras';
const MINUTE = 60_000;

/** Exercise 07a: the learner's watermark delay and window-TVF query over a table the checker declares. */
export type TvfWithWatermark = (table: string) => { watermark: string | number; query: string };

/** Exercise 07b: the learner's HOP query over a table the checker declares. */
export type HopQuery = (table: string) => string;

const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 23);
const fromFlink = (value: unknown): number => Date.parse(`${String(value)}Z`);

/** Fills the exercise topic (one partition) and declares `table` over it, bounded and deterministic. */
async function prepare(table: string, readings: readonly SensorReading[], watermark: string | number): Promise<void> {
  await resetTopic(TOPIC, { partitions: 1 });
  await produce(TOPIC, readings.map((reading) => ({ key: reading.sensorId, value: { sensor_id: reading.sensorId, temperature: reading.temperature, event_time: iso(reading.ts) } })));
  await createKafkaTable({
    name: table,
    topic: TOPIC,
    schema: { sensor_id: 'STRING', temperature: 'DOUBLE', event_time: 'TIMESTAMP(3)' },
    eventTime: 'event_time',
    watermark,
    bounded: true,
    deterministic: true,
  });
}

/**
 * The rows of the learner's `query` over `readings` in `table` (watermark delay `watermark`), or, when
 * the query does not use the window TVF `tvf`, the line saying so (`usage`) without running it.
 */
async function runWindowQuery(query: string, tvf: 'TUMBLE' | 'HOP', usage: string, table: { name: string; readings: readonly SensorReading[]; watermark: string | number }): Promise<FlinkRow[] | string> {
  if (!new RegExp(`TABLE\\s*\\(\\s*${tvf}\\s*\\(`, 'i').test(query)) return usage;
  await prepare(table.name, table.readings, table.watermark);
  return (await flinkSql(query, { timeoutMs: 120_000 })).rows;
}

/** Compares window rows (window_start, window_end, event_count) with the expected windows. */
function compareWindowRows(rows: FlinkRow[], expected: WindowCount[]): string[] {
  if (!rows.length) return ['a consulta não devolveu linhas'];
  const missing = ['window_start', 'window_end', 'event_count'].filter((column) => !(column in rows[0]));
  if (missing.length) return [`faltam colunas no resultado: ${missing.join(', ')} (obtido: ${Object.keys(rows[0]).join(', ')})`];
  const line = (w: { windowStart: number; windowEnd: number; count: number }) => `[${iso(w.windowStart).slice(11, 19)}, ${iso(w.windowEnd).slice(11, 19)}) ${w.count}`;
  const got = rows.map((row) => line({ windowStart: fromFlink(row.window_start), windowEnd: fromFlink(row.window_end), count: Number(row.event_count) })).sort();
  const want = expected.map(line).sort();
  const differences: string[] = [];
  if (got.length !== want.length) differences.push(differs('janelas', got.length, want.length));
  const absent = want.filter((entry) => !got.includes(entry));
  const extra = got.filter((entry) => !want.includes(entry));
  if (absent.length) differences.push(`${absent.length} janela(s) esperada(s) ausente(s) ou com outra contagem, ex.: ${absent.slice(0, 3).join('; ')} (obtido: ${got.slice(0, 3).join('; ')})`);
  if (extra.length && !absent.length) differences.push(`${extra.length} janela(s) a mais, ex.: ${extra.slice(0, 3).join('; ')}`);
  return differences;
}

/** 07a: the course's query rewritten as a window TVF, over a table with a 10-second watermark. */
export const tvfWithWatermark = defineExercise<TvfWithWatermark>({
  notebook: NOTEBOOK,
  title: 'a consulta do curso como TVF de janela, com marca d’água de 10 s',
  check: async (solve) => {
    const { watermark, query } = solve('eventos_exercicio');
    const readings = iotSensors({ seed: 707, sensors: 4, events: 1200, lateFraction: 0.06, lateDelayMs: [6000, 20_000], disorderMs: 1500 });
    const rows = await runWindowQuery(query, 'TUMBLE', 'a consulta não usa a TVF de janela: FROM TABLE(TUMBLE(TABLE ..., DESCRIPTOR(...), INTERVAL ...))', { name: 'eventos_exercicio', readings, watermark });
    if (typeof rows === 'string') return [rows];
    const differences = compareWindowRows(rows, tumblingCountsWithWatermark(readings, MINUTE, 10_000).windows);
    const with5s = tumblingCountsWithWatermark(readings, MINUTE, 5000).windows;
    if (differences.length && compareWindowRows(rows, with5s).length === 0) return ['as contagens batem com uma marca d’água de 5 s, não de 10 s: mude o atraso da marca d’água'];
    return differences;
  },
});

/** 07b: a HOP window (2 min, every 30 s) counting readings per window. */
export const hopCounts = defineExercise<HopQuery>({
  notebook: NOTEBOOK,
  title: 'janelas HOP de 2 minutos a cada 30 segundos',
  check: async (solve) => {
    // No late readings here (out of order by at most 1.5 s, watermark 5 s): every reading counts.
    const readings = iotSensors({ seed: 708, sensors: 3, events: 900, lateFraction: 0, disorderMs: 1500 });
    const usage = 'a consulta não usa HOP: FROM TABLE(HOP(TABLE ..., DESCRIPTOR(...), INTERVAL <avanço>, INTERVAL <tamanho>))';
    const rows = await runWindowQuery(solve('leituras_hop'), 'HOP', usage, { name: 'leituras_hop', readings, watermark: '5 s' });
    if (typeof rows === 'string') return [rows];
    const differences = compareWindowRows(rows, hoppingCounts(readings, 2 * MINUTE, 30_000));
    if (differences.length && compareWindowRows(rows, hoppingCounts(readings, 30_000, 2 * MINUTE)).length === 0) {
      return ['tamanho e avanço trocados: em HOP o avanço (slide) vem antes do tamanho'];
    }
    return differences;
  },
});
