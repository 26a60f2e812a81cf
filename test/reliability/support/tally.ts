import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** What the reliability suite counts; the reporter adds them up and prints one line. */
export interface Tally {
  /** Records a test wrote and then looked for in the results. */
  recordsSent?: number;
  /** Of those, missing from the results. */
  recordsLost?: number;
  /** Counted or delivered more than once where the guarantee promises once. */
  recordsDuplicated?: number;
  recordsDeadLettered?: number;
  /** Counted twice under at-least-once, which allows it (not a failure; reported apart). */
  duplicatesAllowed?: number;
  /** SIGKILLs of a stream processor's process that the results survived. */
  killsSurvived?: number;
  /** Other faults survived: a broker killed, a partition leader lost, a port taken, Java absent. */
  faultsSurvived?: number;
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
