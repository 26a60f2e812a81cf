/** One measured contender of a suite: what it is, how much work it did, how long it took. */
export interface Measurement {
  name: string;
  /** Units of work done (records, events, points). */
  units: number;
  elapsedMs: number;
}

/** Runs `work` once and measures wall time; `work` returns how many units it processed. */
export async function measure(name: string, work: () => Promise<number> | number): Promise<Measurement> {
  const started = process.hrtime.bigint();
  const units = await work();
  return { name, units, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** Best (fastest) of `runs` measurements: less noise on a shared 2-core machine. */
export async function bestOf(runs: number, name: string, work: () => Promise<number> | number): Promise<Measurement> {
  let best: Measurement | undefined;
  for (let run = 0; run < runs; run += 1) {
    const current = await measure(name, work);
    if (!best || current.elapsedMs < best.elapsedMs) best = current;
  }
  return best as Measurement;
}

const rate = (m: Measurement): number => (m.units * 1000) / m.elapsedMs;

/**
 * Prints a suite as a table: throughput per contender and its ratio to the first one (the
 * baseline, measured in the same run). Ratios above 1 are faster than the baseline.
 */
export function printSuite(title: string, unit: string, measurements: Measurement[]): void {
  const [baseline] = measurements;
  const width = Math.max(...measurements.map((m) => m.name.length));
  console.log(`\n${title}`);
  for (const m of measurements) {
    const ratio = m === baseline ? 'baseline' : `${(rate(m) / rate(baseline)).toFixed(2)}× baseline`;
    console.log(
      `  ${m.name.padEnd(width)}  ${Math.round(rate(m)).toLocaleString('en-US').padStart(12)} ${unit}/s  ${m.elapsedMs.toFixed(0).padStart(7)} ms  ${ratio}`,
    );
  }
}
