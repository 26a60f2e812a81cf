/**
 * Charts that make a lesson's invisible mechanics visible: a partition log cell by cell, the delay
 * of each record, stream time against arrivals, a trade-off between two costs, a count with the
 * moments something happened. Each returns a plain Vega-Lite spec; `show()` draws it.
 */
import type { ChartOptions, ChartSpec, Row } from './specs.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** A column name as a Vega-Lite field: dots and brackets escaped, so `linger.ms` is a column, not a path. */
export function fieldName(column: string): string {
  return column.replace(/([.[\]\\])/g, '\\$1');
}

const DELETED_GREY = '#d9d9d9';

/** One record of a partition log as the log strip draws it. */
export interface LogCell {
  /** The row of the strip, e.g. "antes" / "depois da compactação". */
  row: string;
  offset: number;
  key: string | null;
  /** Deleted records (by retention, compaction or deleteRecords) are drawn grey. */
  deleted?: boolean;
}

/**
 * A partition log as a strip: one cell per offset, coloured by key, deleted records grey, one strip
 * per `row` (e.g. the same partition before and after compaction).
 */
export function logStrip(cells: LogCell[], options: ChartOptions = {}): ChartSpec {
  const values = cells.map((cell) => ({ linha: cell.row, offset: cell.offset, chave: cell.key ?? '(sem chave)', estado: cell.deleted ? 'apagado' : 'guardado' }));
  const rows = [...new Set(cells.map((cell) => cell.row))];
  const offsets = cells.length ? Math.max(...cells.map((cell) => cell.offset)) - Math.min(...cells.map((cell) => cell.offset)) + 1 : 1;
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? Math.min(720, Math.max(240, offsets * 18)),
    height: options.height ?? 34 * rows.length,
    data: { values },
    encoding: {
      x: { field: 'offset', type: 'ordinal', title: 'offset', axis: { labelAngle: 0, labelOverlap: true } },
      y: { field: 'linha', type: 'nominal', title: null, sort: rows },
    },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1, tooltip: true },
        encoding: {
          color: {
            condition: { test: "datum.estado === 'apagado'", value: DELETED_GREY },
            field: 'chave',
            type: 'nominal',
            title: 'chave',
          },
          opacity: { condition: { test: "datum.estado === 'apagado'", value: 0.6 }, value: 1 },
        },
      },
      {
        transform: [{ filter: "datum.estado === 'apagado'" }],
        mark: { type: 'text', text: '×', color: '#7f7f7f', fontSize: 11 },
      },
    ],
  } as ChartSpec;
}

/** One record with its two clocks. */
export interface TimedRecord {
  /** When it happened (event time), ms. */
  eventTime: number;
  /** When it reached the pipeline (processing time), ms. */
  processingTime: number;
}

/**
 * Event time against processing time: one point per record at its arrival (x), at its delay (y),
 * red above `lateAfterMs` (default 15 s).
 */
export function delayChart(records: TimedRecord[], options: ChartOptions & { lateAfterMs?: number } = {}): ChartSpec {
  const lateAfter = options.lateAfterMs ?? 15_000;
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Atraso de cada registro (tempo de processamento − tempo de evento)',
    width: options.width ?? 560,
    height: options.height ?? 200,
    data: {
      values: records.map((record) => ({
        chegada: record.processingTime,
        'atraso (s)': (record.processingTime - record.eventTime) / 1000,
        tipo: record.processingTime - record.eventTime > lateAfter ? 'atrasado' : 'normal',
      })),
    },
    mark: { type: 'point', filled: true, size: 16 },
    encoding: {
      x: { field: 'chegada', type: 'temporal', title: 'tempo de processamento (chegada)' },
      y: { field: 'atraso (s)', type: 'quantitative' },
      color: { field: 'tipo', type: 'nominal', title: null, scale: { domain: ['normal', 'atrasado'], range: ['#4c78a8', '#d62728'] } },
    },
  };
}

/**
 * The two clocks against each other: one point per record at its event time (x) and its processing
 * time (y), both in seconds since `origin` (default: the earliest event time). The dashed diagonal
 * y = x is "no delay": every point sits on or above it, its height above it is the delay, and the
 * records delayed more than `lateAfterMs` (default 15 s) are red.
 */
export function twoClocksChart(records: TimedRecord[], options: ChartOptions & { lateAfterMs?: number; origin?: number } = {}): ChartSpec {
  const lateAfter = options.lateAfterMs ?? 15_000;
  const origin = options.origin ?? Math.min(...records.map((record) => record.eventTime));
  const seconds = (ms: number) => (ms - origin) / 1000;
  const points = records.map((record) => ({
    'tempo de evento (s)': seconds(record.eventTime),
    'tempo de processamento (s)': seconds(record.processingTime),
    tipo: record.processingTime - record.eventTime > lateAfter ? 'atrasado' : 'normal',
  }));
  const all = points.flatMap((point) => [point['tempo de evento (s)'], point['tempo de processamento (s)']]);
  const low = all.length ? Math.min(...all) : 0;
  const high = all.length ? Math.max(...all) : 1;
  const x = { field: 'tempo de evento (s)', type: 'quantitative', title: 'tempo de evento (s): quando aconteceu', scale: { domain: [low, high] } };
  const y = { field: 'tempo de processamento (s)', type: 'quantitative', title: 'tempo de processamento (s): quando chegou', scale: { domain: [low, high] } };
  return {
    $schema: SCHEMA,
    title: options.title ?? 'Os dois relógios: tempo de processamento × tempo de evento',
    width: options.width ?? 420,
    height: options.height ?? 420,
    layer: [
      {
        data: { values: [{ 'tempo de evento (s)': low, 'tempo de processamento (s)': low }, { 'tempo de evento (s)': high, 'tempo de processamento (s)': high }] },
        mark: { type: 'line', color: '#7f7f7f', strokeDash: [4, 4] },
        encoding: { x, y },
      },
      {
        data: { values: [{ 'tempo de evento (s)': high, 'tempo de processamento (s)': high, rotulo: 'sem atraso' }] },
        mark: { type: 'text', align: 'right', dx: -6, dy: 12, color: '#7f7f7f' },
        encoding: { x, y, text: { field: 'rotulo' } },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 16 },
        encoding: { x, y, color: { field: 'tipo', type: 'nominal', title: null, scale: { domain: ['normal', 'atrasado'], range: ['#4c78a8', '#d62728'] } } },
      },
    ],
  } as ChartSpec;
}

/** A record in arrival order, for the stream-time chart. */
export interface ArrivingRecord {
  eventTime: number;
  /** Dropped as late (its window had closed when it arrived). */
  dropped: boolean;
}

/** One step of the stream-time chart: what the operator knew after the n-th arrival. */
export interface StreamTimeStep {
  arrival: number;
  eventTime: number;
  streamTime: number;
  /** Start of the oldest tumbling window still open: older records are late. */
  oldestOpenStart: number;
}

/**
 * Stream time after each arrival (the largest event time seen) and the start of the oldest tumbling
 * window of `windowMs` still open with `graceMs` of grace (a window [s, s + size) closes when
 * stream time ≥ s + size + grace). Pure: the numbers streamTimeChart draws.
 */
export function streamTimeSteps(records: ArrivingRecord[], windowMs: number, graceMs: number): StreamTimeStep[] {
  let streamTime = -Infinity;
  return records.map((record, arrival) => {
    streamTime = Math.max(streamTime, record.eventTime);
    // The oldest open window is the one whose end + grace is still ahead of stream time.
    const oldestOpenStart = Math.floor((streamTime - graceMs) / windowMs) * windowMs;
    return { arrival, eventTime: record.eventTime, streamTime, oldestOpenStart };
  });
}

const STREAM_SERIES = ['registro', 'registro descartado', 'stream time', 'início da janela aberta mais antiga'];

/**
 * Records in arrival order (x) at their event time (y, seconds since `origin`), with stream time and
 * the start of the oldest open window as steps; dropped records as red crosses.
 */
export function streamTimeChart(records: ArrivingRecord[], window: { windowMs: number; graceMs: number; origin: number }, options: ChartOptions = {}): ChartSpec {
  const seconds = (ms: number) => (ms - window.origin) / 1000;
  const values = streamTimeSteps(records, window.windowMs, window.graceMs).flatMap((step, index) => [
    { chegada: step.arrival, segundos: seconds(step.eventTime), serie: records[index].dropped ? 'registro descartado' : 'registro' },
    { chegada: step.arrival, segundos: seconds(step.streamTime), serie: 'stream time' },
    { chegada: step.arrival, segundos: seconds(step.oldestOpenStart), serie: 'início da janela aberta mais antiga' },
  ]);
  const color = { field: 'serie', type: 'nominal', title: null, legend: { labelLimit: 280 }, scale: { domain: STREAM_SERIES, range: ['#9e9e9e', '#d62728', '#1f77b4', '#ff7f0e'] } } as const;
  const x = { field: 'chegada', type: 'quantitative', title: 'ordem de chegada' } as const;
  const y = { field: 'segundos', type: 'quantitative', title: 'tempo de evento (s desde o início)' } as const;
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 560,
    height: options.height ?? 280,
    data: { values },
    layer: [
      { transform: [{ filter: "datum.serie === 'registro'" }], mark: { type: 'point', filled: true, size: 8 }, encoding: { x, y, color } },
      { transform: [{ filter: "datum.serie === 'stream time' || datum.serie === 'início da janela aberta mais antiga'" }], mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 }, encoding: { x, y, color } },
      { transform: [{ filter: "datum.serie === 'registro descartado'" }], mark: { type: 'point', shape: 'cross', filled: true, size: 90 }, encoding: { x, y, color } },
    ],
  };
}

/**
 * A trade-off: two measures of the same settings (`x`, in row order) on two y axes, e.g. requests
 * (left) and latency (right) per `linger.ms`. Lines with points; each axis coloured like its line.
 */
export function tradeOffChart(rows: Row[], fields: { x: string; left: string; right: string }, options: ChartOptions = {}): ChartSpec {
  const x = { field: fieldName(fields.x), type: 'ordinal', sort: null, axis: { labelAngle: 0 }, title: fields.x } as const;
  const side = (field: string, colour: string, orient: 'left' | 'right') => ({
    mark: { type: 'line', point: { color: colour }, color: colour, tooltip: true },
    encoding: { x, y: { field: fieldName(field), type: 'quantitative', title: field, axis: { orient, titleColor: colour, labelColor: colour } } },
  });
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 420,
    height: options.height ?? 220,
    data: { values: rows },
    layer: [side(fields.left, '#1f77b4', 'left'), side(fields.right, '#d62728', 'right')],
    resolve: { scale: { y: 'independent' } },
  } as ChartSpec;
}

/** A moment to mark on a chart: a vertical rule at `at` (x units) with a label. */
export interface ChartMark {
  at: number;
  label: string;
}

/**
 * Lines of `y` against a quantitative `x` (e.g. a count against the input offset), one per `color`,
 * with vertical rules at `marks` (e.g. the SIGKILL).
 */
export function linesWithMarks(rows: Row[], fields: { x: string; y: string; color: string }, marks: ChartMark[], options: ChartOptions = {}): ChartSpec {
  // Labels step down in three rows so that marks close together stay readable.
  const markRows = marks.map((mark, index) => ({ at: mark.at, rotulo: mark.label, pixelY: 4 + 14 * (index % 3) }));
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 560,
    height: options.height ?? 260,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'line', interpolate: 'step-after', tooltip: true },
        encoding: {
          x: { field: fieldName(fields.x), type: 'quantitative', title: fields.x },
          y: { field: fieldName(fields.y), type: 'quantitative', title: fields.y },
          color: { field: fieldName(fields.color), type: 'nominal', title: null, legend: { orient: 'bottom', columns: 2, labelLimit: 320 } },
          strokeDash: { field: fieldName(fields.color), type: 'nominal', legend: null },
        },
      },
      {
        data: { values: markRows },
        mark: { type: 'rule', color: '#7f7f7f', strokeDash: [4, 3] },
        encoding: { x: { field: 'at', type: 'quantitative', title: fields.x } },
      },
      {
        data: { values: markRows },
        mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, color: '#404040' },
        encoding: { x: { field: 'at', type: 'quantitative', title: fields.x }, y: { field: 'pixelY', type: 'quantitative', scale: null }, text: { field: 'rotulo' } },
      },
    ],
  } as ChartSpec;
}
