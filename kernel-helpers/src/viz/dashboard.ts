import { FailureNotice, UpdatableOutput } from '../notebook/index.js';
import { chartBundle, type ChartBundle } from './display.js';
import type { ChartSpec, Row } from './specs.js';

export interface DashboardOptions {
  title?: string;
  /** Panels per row (default 2). */
  columns?: number;
  /** At most one redraw per this many ms (default 500); an update in between is drawn at the next frame. */
  minIntervalMs?: number;
}

/** Frame and latency figures of a dashboard, ms. */
export interface DashboardStats {
  frames: number;
  /** Frames that failed to draw while data flowed (the first was reported once in the cell's output). */
  failedFrames: number;
  /** Time to compile and render one frame (all panels), median and 95th percentile. */
  frameMs: { median: number; p95: number };
  /** From the instants passed to `update(..., producedAt)` to the end of the frame that showed them. */
  latencyMs: { median: number; p95: number; samples: number };
}

/**
 * Several charts in ONE notebook output, redrawn together in place: each panel is a single-view
 * spec whose data is replaced by `update(panel, rows)`; the frame is a Vega-Lite concatenation with
 * one named dataset per panel, rendered with its static SVG like every chart.
 */
export class LiveDashboard {
  private readonly output = new UpdatableOutput();
  private readonly failures: FailureNotice;
  private readonly rows = new Map<string, Row[]>();
  private stamps: number[] = [];
  private readonly frameTimes: number[] = [];
  private readonly latencies: number[] = [];
  private lastDraw = 0;
  private drawing?: Promise<void>;
  private timer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly panels: Record<string, ChartSpec>,
    private readonly options: DashboardOptions = {},
  ) {
    for (const name of Object.keys(panels)) this.rows.set(name, []);
    this.failures = new FailureNotice(`live dashboard "${options.title ?? Object.keys(panels).join(', ')}"`);
  }

  /** Replaces one panel's rows. `producedAt` (ms since the epoch) marks when the data behind them was produced, for latency. */
  update(panel: string, rows: Row[], producedAt: readonly number[] = []): void {
    if (!this.rows.has(panel)) throw new Error(`no panel ${panel} in this dashboard (panels: ${Object.keys(this.panels).join(', ')})`);
    this.rows.set(panel, rows);
    for (const stamp of producedAt) this.stamps.push(stamp);
    this.schedule();
  }

  /** The composite spec of the current rows (inspect it, or `show()` it). */
  spec(): ChartSpec {
    return dashboardSpec(this.panels, this.rows, this.options);
  }

  /** Frame and latency figures so far. */
  stats(): DashboardStats {
    return { frames: this.frameTimes.length, failedFrames: this.failures.failures, frameMs: summarise(this.frameTimes), latencyMs: { ...summarise(this.latencies), samples: this.latencies.length } };
  }

  /** Draws the final state and stops redrawing; returns the last bundle (spec + SVG), or throws if that frame fails. */
  async close(): Promise<ChartBundle> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.drawing;
    return this.draw();
  }

  private schedule(): void {
    if (this.closed || this.drawing || this.timer) return;
    const wait = this.lastDraw + (this.options.minIntervalMs ?? 500) - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.schedule();
      }, wait);
      return;
    }
    this.drawing = this.draw()
      .then(() => undefined, (error: unknown) => this.failures.fail(error))
      .finally(() => {
        this.drawing = undefined;
        if (this.stamps.length) this.schedule();
      });
  }

  private async draw(): Promise<ChartBundle> {
    const started = Date.now();
    const stamps = this.stamps;
    this.stamps = [];
    const bundle = await chartBundle(this.spec());
    this.output.show({ ...bundle });
    const finished = Date.now();
    this.lastDraw = finished;
    this.frameTimes.push(finished - started);
    for (const stamp of stamps) this.latencies.push(finished - stamp);
    return bundle;
  }
}

/** Starts a live dashboard of named panels (see LiveDashboard). */
export function liveDashboard(panels: Record<string, ChartSpec>, options: DashboardOptions = {}): LiveDashboard {
  return new LiveDashboard(panels, options);
}

/** Panels laid out `columns` per row, each reading its named dataset. */
export function dashboardSpec(panels: Record<string, ChartSpec>, rows: ReadonlyMap<string, Row[]>, options: DashboardOptions = {}): ChartSpec {
  const columns = options.columns ?? 2;
  const views = Object.entries(panels).map(([name, spec]) => {
    const { $schema: _schema, data: _data, ...view } = spec as unknown as Record<string, unknown>;
    return { ...view, data: { name } };
  });
  const lines = [];
  for (let i = 0; i < views.length; i += columns) lines.push({ hconcat: views.slice(i, i + columns) });
  const datasets: Record<string, Row[]> = {};
  for (const name of Object.keys(panels)) datasets[name] = rows.get(name) ?? [];
  return { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: options.title, vconcat: lines, datasets } as unknown as ChartSpec;
}

function summarise(values: readonly number[]): { median: number; p95: number } {
  if (values.length === 0) return { median: NaN, p95: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { median: at(0.5), p95: at(0.95) };
}
