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

/** What every single-view chart starts with: schema, title, size (default 480 × 240) and its rows. */
function frame(rows: Row[], options: ChartOptions) {
  return { $schema: SCHEMA, title: options.title, width: options.width ?? 480, height: options.height ?? 240, data: { values: rows } };
}

/** A single-mark chart of `y` over `x`, optionally one colour per value of `color`. */
function xyChart(rows: Row[], mark: 'bar' | 'line', xType: 'nominal' | 'temporal', fields: { x: string; y: string; color?: string }, options: ChartOptions): ChartSpec {
  return {
    ...frame(rows, options),
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

/** Points at (`x`, `y`), area by `size`, colour by `color`: e.g. longitude/latitude sized by magnitude. */
export function scatterChart(rows: Row[], fields: { x: string; y: string; size?: string; color?: string }, options: ChartOptions & { xDomain?: [number, number]; yDomain?: [number, number] } = {}): ChartSpec {
  return {
    ...frame(rows, options),
    mark: { type: 'circle', opacity: 0.6, tooltip: true },
    encoding: {
      x: { field: fields.x, type: 'quantitative', ...(options.xDomain ? { scale: { domain: options.xDomain } } : {}) },
      y: { field: fields.y, type: 'quantitative', ...(options.yDomain ? { scale: { domain: options.yDomain } } : {}) },
      ...(fields.size ? { size: { field: fields.size, type: 'quantitative' as const } } : {}),
      ...(fields.color ? { color: { field: fields.color, type: 'nominal' as const } } : {}),
    },
  };
}

/** The same spec with other rows: how a live chart moves on. */
export function withRows(spec: ChartSpec, rows: Row[]): ChartSpec {
  return { ...spec, data: { values: rows } } as ChartSpec;
}
