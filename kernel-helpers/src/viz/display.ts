import { displayOnce, FailureNotice, UpdatableOutput } from '../notebook/index.js';
import { renderSvg } from './render.js';
import { withRows, type ChartSpec, type Row } from './specs.js';

/** The MIME bundle of one chart output: the interactive spec plus its static SVG. */
export interface ChartBundle {
  'application/vnd.vegalite.v5+json': ChartSpec;
  'image/svg+xml': string;
  'text/plain': string;
}

/** Builds the bundle for a spec (renders the SVG). */
export async function chartBundle(spec: ChartSpec): Promise<ChartBundle> {
  return { 'application/vnd.vegalite.v5+json': spec, 'image/svg+xml': await renderSvg(spec), 'text/plain': `<${titleOf(spec, 'chart')}: Vega-Lite chart>` };
}

/** A spec's title when it is a plain string, else `fallback`. */
export function titleOf(spec: ChartSpec, fallback: string): string {
  return typeof spec.title === 'string' && spec.title ? spec.title : fallback;
}

/** Shows a chart in the notebook (spec + SVG fallback). Outside a kernel it does nothing. */
export async function show(spec: ChartSpec): Promise<void> {
  displayOnce({ ...(await chartBundle(spec)) });
}

export interface LiveOptions {
  /** At most one redraw per this many ms (default 250): fast streams do not flood the notebook. */
  minIntervalMs?: number;
}

/**
 * A chart that redraws in place while data flows. `update(rows)` may be called as often as data
 * arrives; redraws are throttled. A redraw that fails (a spec Vega-Lite cannot compile, rows it
 * cannot render) says so once, in one line of the cell's output; `close()` draws the final state
 * and throws if that fails: always await it before the cell ends, so the saved notebook holds the
 * last picture.
 */
export class LiveChart {
  private readonly output = new UpdatableOutput();
  private readonly failures: FailureNotice;
  private rows: Row[] = [];
  private lastDraw = 0;
  private pending?: Promise<void>;
  /** Number of redraws sent so far. */
  redraws = 0;

  constructor(
    private readonly spec: ChartSpec,
    private readonly options: LiveOptions = {},
  ) {
    this.failures = new FailureNotice(`live chart "${titleOf(spec, 'untitled')}"`);
  }

  /** Redraws that failed while data flowed (the first one was reported in the cell's output). */
  get failedRedraws(): number {
    return this.failures.failures;
  }

  /** Replaces the chart's rows; redraws now if the last redraw is old enough. */
  update(rows: Row[]): void {
    this.rows = rows;
    if (!this.pending && Date.now() - this.lastDraw >= (this.options.minIntervalMs ?? 250)) this.pending = this.draw().then(
        () => undefined,
        (error: unknown) => this.failures.fail(error),
      ).finally(() => (this.pending = undefined));
  }

  /** Waits for any redraw in flight, then draws the latest rows; returns the final bundle. */
  async close(): Promise<ChartBundle> {
    await this.pending;
    return this.draw();
  }

  private async draw(): Promise<ChartBundle> {
    this.lastDraw = Date.now();
    const bundle = await chartBundle(withRows(this.spec, this.rows));
    this.output.show({ ...bundle });
    this.redraws += 1;
    return bundle;
  }
}

/** Starts a live chart from a spec (its own data are replaced by `update`). */
export function live(spec: ChartSpec, options: LiveOptions = {}): LiveChart {
  return new LiveChart(spec, options);
}
