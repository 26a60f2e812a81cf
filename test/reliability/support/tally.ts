import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the reliability suite counts; the reporter adds them up and prints one line. */
export interface Tally {
  faultsSurvived?: number;
  recordsSent?: number;
  recordsLost?: number;
  recordsDuplicated?: number;
  recordsDeadLettered?: number;
  poisonReported?: number;
}

/**
 * Where tests leave their counts (one JSON line each) for the reporter, which runs in another
 * process: one file per vitest run (the reporter names it in `STREAMLAB_TALLY_FILE`, which the
 * test workers inherit), so two runs at once do not mix or erase each other's counts.
 */
export function tallyFile(runPid: number | string = process.env.STREAMLAB_TALLY_FILE ? '' : process.pid): string {
  return process.env.STREAMLAB_TALLY_FILE || resolve(__dirname, `../../../build/reliability/tally-${runPid}.jsonl`);
}

/** Records the counts of one test (`what` names it in the summary). */
export function tally(what: string, counts: Tally): void {
  const file = tallyFile();
  mkdirSync(join(file, '..'), { recursive: true });
  appendFileSync(file, `${JSON.stringify({ what, ...counts })}\n`);
}
