import type { TopLevelSpec } from 'vega-lite';

/** A Vega-Lite spec, the value every chart builder returns (inspect it, print it, change it). */
export type ChartSpec = TopLevelSpec;

/** Rows in, as plain objects. */
export type Row = Record<string, unknown>;

export interface ChartOptions {
  title?: string;
  /** Pixels; default 480 × 240. */
  width?: number;
  height?: number;
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** A single-mark chart of `y` over `x`, optionally one colour per value of `color`. */
function xyChart(rows: Row[], mark: 'bar' | 'line', xType: 'nominal' | 'temporal', fields: { x: string; y: string; color?: string }, options: ChartOptions): ChartSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 240,
    data: { values: rows },
    mark: mark === 'line' ? { type: 'line', point: true, tooltip: true } : { type: 'bar', tooltip: true },
    encoding: {
      x: xType === 'nominal' ? { field: fields.x, type: 'nominal', sort: null } : { field: fields.x, type: 'temporal' },
      y: { field: fields.y, type: 'quantitative' },
      ...(fields.color ? { color: { field: fields.color, type: 'nominal' as const } } : {}),
    },
  };
}

/** Bars: one per value of `x` (a category, in row order), height `y`. */
export function barChart(rows: Row[], fields: { x: string; y: string; color?: string }, options: ChartOptions = {}): ChartSpec {
  return xyChart(rows, 'bar', 'nominal', fields, options);
}

/** A line over time: `x` holds timestamps (ms or ISO), `y` a number, `color` one line per series. */
export function timeSeries(rows: Row[], fields: { x: string; y: string; color?: string }, options: ChartOptions = {}): ChartSpec {
  return xyChart(rows, 'line', 'temporal', fields, options);
}

/** The same spec with other rows: how a live chart moves on. */
export function withRows(spec: ChartSpec, rows: Row[]): ChartSpec {
  return { ...spec, data: { values: rows } } as ChartSpec;
}
