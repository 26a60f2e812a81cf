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

/** Bars: one per value of `x` (a category), height `y`. */
export function barChart(rows: Row[], fields: { x: string; y: string; color?: string }, options: ChartOptions = {}): ChartSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 240,
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: fields.x, type: 'nominal', sort: null },
      y: { field: fields.y, type: 'quantitative' },
      ...(fields.color ? { color: { field: fields.color, type: 'nominal' as const } } : {}),
    },
  };
}

/** A line over time: `x` holds timestamps (ms or ISO), `y` a number, `color` one line per series. */
export function timeSeries(rows: Row[], fields: { x: string; y: string; color?: string }, options: ChartOptions = {}): ChartSpec {
  return {
    $schema: SCHEMA,
    title: options.title,
    width: options.width ?? 480,
    height: options.height ?? 240,
    data: { values: rows },
    mark: { type: 'line', point: true, tooltip: true },
    encoding: {
      x: { field: fields.x, type: 'temporal' },
      y: { field: fields.y, type: 'quantitative' },
      ...(fields.color ? { color: { field: fields.color, type: 'nominal' as const } } : {}),
    },
  };
}

/** The same spec with other rows: how a live chart moves on. */
export function withRows(spec: ChartSpec, rows: Row[]): ChartSpec {
  return { ...spec, data: { values: rows } } as ChartSpec;
}
