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

/** Where tests leave their counts (one JSON line each) for the reporter, which runs in another process. */
export const TALLY_FILE = resolve(__dirname, '../../../build/reliability/tally.jsonl');

/** Records the counts of one test (`what` names it in the summary). */
export function tally(what: string, counts: Tally): void {
  mkdirSync(join(TALLY_FILE, '..'), { recursive: true });
  appendFileSync(TALLY_FILE, `${JSON.stringify({ what, ...counts })}\n`);
}
