import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { median } from './figures.js';
/** One measured contender of a suite: what it is, how much work it did, how long it took. */
export interface Measurement {
  name: string;
  /** Units of work done (records, events, points). */
  units: number;
  elapsedMs: number;
}

/** Work timed by the contender itself (a Java tool's own report): units and the ms they took. */
export interface SelfTimed {
  units: number;
  elapsedMs: number;
}

/** What a contender's work returns: units processed (wall time measured here), or its own timing. */
export type Work = () => Promise<number | SelfTimed> | number | SelfTimed;

/** V8's `gc`, fetched once: each fetch builds a new context, garbage that the next timed run would collect. */
let fullGc: (() => void) | undefined;

/** A full garbage collection: heap figures count live objects only, and a timed run starts on a collected heap. */
export function collect(): void {
  if (!fullGc) {
    setFlagsFromString('--expose-gc');
    fullGc = runInNewContext('gc') as () => void;
  }
  fullGc();
}

/**
 * Runs `work` once and measures wall time; `work` returns how many units it processed (or its own
 * timing). The heap is collected first, so no run pays for the garbage the one before it left.
 */
export async function measure(name: string, work: Work): Promise<Measurement> {
  collect();
  const started = process.hrtime.bigint();
  const done = await work();
  if (typeof done !== 'number') return { name, units: done.units, elapsedMs: done.elapsedMs };
  return { name, units: done, elapsedMs: Number(process.hrtime.bigint() - started) / 1e6 };
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

/** One contender's measurements, one per run. */
export interface Runs {
  name: string;
  measurements: Measurement[];
}

/** Throughput of one measurement, units per second. */
export const rateOf = rate;

/**
 * Measures every contender once per run, for `runs` runs: contenders of one run share the
 * machine's state of the moment, so per-run ratios cancel much of the noise of a shared machine.
 * The order rotates from run to run, so no contender always runs first (colder JIT, a broker still
 * busy with the previous run's writes) or always last. `warmups` rounds run first, untimed: code
 * that V8 optimizes over several runs (an engine's dozens of functions) is then timed optimized,
 * as a plain loop is after its first.
 */
export async function pairedRuns(runs: number, contenders: Array<[string, Work]>, warmups = 0): Promise<Runs[]> {
  for (let run = 0; run < warmups; run += 1) for (const [, work] of contenders) await work();
  const results: Runs[] = contenders.map(([name]) => ({ name, measurements: [] }));
  for (let run = 0; run < runs; run += 1) {
    for (let step = 0; step < contenders.length; step += 1) {
      const index = (run + step) % contenders.length;
      const [name, work] = contenders[index];
      results[index].measurements.push(await measure(name, work));
    }
  }
  return results;
}

/** Prints runs as a table: median throughput, median ratio to the first contender, and the range of per-run ratios. */
export function printRuns(title: string, unit: string, contenders: Runs[]): void {
  const [baseline] = contenders;
  const width = Math.max(...contenders.map((c) => c.name.length));
  console.log(`\n${title} (median of ${baseline.measurements.length} runs)`);
  for (const contender of contenders) {
    const rates = contender.measurements.map(rate);
    const ratios = contender.measurements.map((m, index) => rate(m) / rate(baseline.measurements[index]));
    const ratio = contender === baseline ? 'baseline' : `${(median(rates) / median(baseline.measurements.map(rate))).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`;
    console.log(`  ${contender.name.padEnd(width)}  ${Math.round(median(rates)).toLocaleString('en-US').padStart(12)} ${unit}/s  ${ratio}`);
  }
}

/** Where suites put their figures. */
export interface BenchContext {
  /** Records a figure: contender vs baseline, per-run throughputs paired by run. */
  record(meta: { id: string; suite: string; name: string; unit: string }, contender: Runs, baseline: Runs): void;
}
