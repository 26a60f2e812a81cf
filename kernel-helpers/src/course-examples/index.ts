/**
 * The course text's own code examples, run as they are written, so a lesson can show what they do
 * under failure (e.g. the in-memory `user_counts` killed with SIGKILL).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface NaiveUserCountsOptions {
  /** Consumer group of the example's KafkaConsumer. */
  groupId: string;
  /** Input topic: clicks keyed by user, value `{ user_id, ... }`. */
  input: string;
  /** Output topic: one `{ user_id, count }` per click, headers `input-offset` and `pid` (the process that wrote it). */
  output: string;
  /** SIGKILL the process once it reports this many processed records. */
  killAfter?: number;
  /** Called with the running count of processed records. */
  onProcessed?: (processed: number) => void;
}

/** What one run of the example did. */
export interface NaiveRun {
  /** Records the process reported as processed before it ended (or was killed). */
  processed: number;
  /** Whether it ended by SIGKILL. */
  killed: boolean;
}

/**
 * Runs the course's in-memory `user_counts` example (kernel-helpers/src/course-examples/
 * naive-user-counts-worker.ts, a line-by-line translation of the Python) as a child process; kills it
 * with SIGKILL after `killAfter` records. Resolves when the process has ended.
 */
export function runNaiveUserCounts(options: NaiveUserCountsOptions): Promise<NaiveRun> {
  const worker = join(__dirname, 'naive-user-counts-worker.js');
  const child = spawn(process.execPath, [worker, options.groupId, options.input, options.output], { stdio: ['ignore', 'pipe', 'inherit'] });
  let processed = 0;
  let killed = false;
  createInterface({ input: child.stdout }).on('line', (line) => {
    const match = /^processed (\d+)$/.exec(line);
    if (!match) return;
    processed = Number(match[1]);
    options.onProcessed?.(processed);
    if (options.killAfter !== undefined && processed >= options.killAfter && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => resolve({ processed, killed }));
  });
}
