/**
 * The shape of `build/bench/results.json`: pure functions from measured samples to figures, so a
 * unit test can pin the format other tools read (stable ids, medians, ratios, ranges).
 */

/** One figure of the results: a contender's median throughput against a baseline of the same run. */
export interface Figure {
  /** Stable id (e.g. `produce-vs-kafkajs`), the same from run to run. */
  id: string;
  suite: string;
  /** What was measured, e.g. `produce() helper vs raw kafkajs producer.send`. */
  name: string;
  /** Median throughput of the contender over the runs. */
  value: number;
  /** e.g. `records/s`. */
  unit: string;
  /** Median throughput of the baseline over the same runs. */
  baseline: number;
  /** value / baseline: above 1 is faster than the baseline. */
  ratio: number;
  /** Smallest and largest ratio of one run's contender to the same run's baseline. */
  min: number;
  max: number;
  /** Number of runs behind the median. */
  runs: number;
}

/** Facts about the machine a result was measured on. */
export interface MachineFacts {
  cores: number;
  cpu: string;
  node: string;
  java: string | null;
  kafka: string | null;
  /** 1-minute load average when the run started: above `cores`, other work shared the CPU. */
  loadAverage: number;
}

/** The whole results file. */
export interface BenchResults {
  measuredAt: string;
  command: string;
  machine: MachineFacts;
  figures: Figure[];
}

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * A figure from paired runs: `contender[i]` and `baseline[i]` are throughputs measured in run i.
 * The ratio is of the medians; min and max are the extreme per-run ratios (noise shows there).
 */
export function figure(
  meta: { id: string; suite: string; name: string; unit: string },
  contender: number[],
  baseline: number[],
): Figure {
  if (contender.length === 0 || contender.length !== baseline.length) {
    throw new Error(`figure ${meta.id}: ${contender.length} contender runs for ${baseline.length} baseline runs`);
  }
  const value = median(contender);
  const base = median(baseline);
  const ratios = contender.map((rate, index) => rate / baseline[index]);
  return { ...meta, value: round(value), baseline: round(base), ratio: round(value / base, 3), min: round(Math.min(...ratios), 3), max: round(Math.max(...ratios), 3), runs: contender.length };
}

/** Rounds to `digits` decimals (throughputs to whole units by default). */
function round(value: number, digits = 0): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The results document, figures in a stable order (by suite, then id). */
export function resultsDocument(machine: MachineFacts, figures: Figure[], command: string, measuredAt = new Date()): BenchResults {
  const sorted = [...figures].sort((a, b) => (a.suite < b.suite ? -1 : a.suite > b.suite ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { measuredAt: measuredAt.toISOString(), command, machine, figures: sorted };
}

/** The figures as terminal lines: id, median ratio with its range, and the throughputs compared. */
export function figuresTable(figures: Figure[]): string[] {
  const width = Math.max(2, ...figures.map((entry) => entry.id.length));
  const header = `${'id'.padEnd(width)}  ${'ratio'.padStart(6)}  ${'min–max'.padStart(11)}  ${'value'.padStart(12)}  ${'baseline'.padStart(12)}  unit`;
  return [
    header,
    ...figures.map(
      (entry) =>
        `${entry.id.padEnd(width)}  ${entry.ratio.toFixed(2).padStart(5)}×  ${`${entry.min.toFixed(2)}–${entry.max.toFixed(2)}`.padStart(11)}  ${entry.value.toLocaleString('en-US').padStart(12)}  ${entry.baseline.toLocaleString('en-US').padStart(12)}  ${entry.unit}`,
    ),
  ];
}

/** Rows for a bar chart of the ratios (one bar per figure id). */
export function ratioRows(figures: Figure[]): Array<{ id: string; ratio: number; suite: string }> {
  return figures.map((entry) => ({ id: entry.id, ratio: entry.ratio, suite: entry.suite }));
}
