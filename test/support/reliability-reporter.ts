import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { Reporter } from 'vitest/node';
import { tallyFile, type Tally } from '../reliability/support/tally';

const LABELS: Array<[keyof Tally, string]> = [
  ['recordsSent', 'records sent'],
  ['recordsLost', 'lost'],
  ['recordsDuplicated', 'duplicated'],
  ['recordsDeadLettered', 'dead-lettered'],
  ['killsSurvived', 'kills survived'],
  ['faultsSurvived', 'faults survived'],
  ['poisonReported', 'poison records reported or skipped'],
  ['duplicatesAllowed', 'counted twice under at-least-once (allowed)'],
];

/** Always in the summary line, 0 when no test recorded them; the others only when recorded. */
const ALWAYS = new Set<keyof Tally>(['recordsSent', 'recordsLost', 'recordsDuplicated', 'recordsDeadLettered', 'killsSurvived', 'faultsSurvived']);

/**
 * Prints the reliability suite's counts after the run: per test that recorded some, then the
 * totals in one line, e.g. `reliability: 112000 records sent, 0 lost, 0 duplicated, 31 dead-lettered, 40 kills survived,
 * 9 faults survived, ...`.
 */
export default class ReliabilityReporter implements Reporter {
  private readonly file = tallyFile(process.pid);

  onInit(): void {
    process.env.STREAMLAB_TALLY_FILE = this.file;
    rmSync(this.file, { force: true });
  }

  onTestRunEnd(): void {
    if (!existsSync(this.file)) return;
    const rows = readFileSync(this.file, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Tally & { what: string });
    const totals = new Map<keyof Tally, number>();
    for (const row of rows) {
      const parts = LABELS.filter(([key]) => row[key] !== undefined).map(([key, label]) => {
        totals.set(key, (totals.get(key) ?? 0) + (row[key] as number));
        return `${row[key]} ${label}`;
      });
      process.stdout.write(`  ${row.what}${parts.length ? `: ${parts.join(', ')}` : ''}\n`);
    }
    const summary = LABELS.filter(([key]) => totals.has(key) || ALWAYS.has(key)).map(([key, label]) => `${totals.get(key) ?? 0} ${label}`);
    process.stdout.write(`reliability: ${summary.join(', ')}\n`);
    rmSync(this.file, { force: true });
  }
}
