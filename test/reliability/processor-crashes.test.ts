import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The built package, not src: the harness starts its worker from the compiled crash-worker.js.
import { runCrashTest, type CrashTestReport } from '@streamlab/kernel-helpers/crash-lab';
import { deleteGroups, deleteTopicsWithPrefix } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { sensorReadings } from './support/readings';
import { tally } from './support/tally';

/**
 * A stream processor (final counts per sensor in tumbling 10 s windows, 5 s grace, 3 input
 * partitions) in its own OS process, SIGKILLed at KILLS seeded points in one run: every other kill
 * after a random number of commits plus a random delay (wherever the processor is), the others at
 * the worst moment, after a commit's outputs and changelog went out and before its input offsets.
 * The processor only dies here, never the broker, so this runs on the shared stack (own prefix).
 */
const KILLS = 20;
const SEED = 2026;
const PREFIX = `reliability-crash-${randomUUID().slice(0, 8)}`;

// Enough input that the 20th kill still lands mid-stream (each run commits 2–13 times, 20 records each).
const records = sensorReadings(8000, SEED);
const reports = new Map<string, CrashTestReport>();

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
  // Both guarantees at once, on the same input and the same kill points: the run takes the time of one.
  await Promise.all(
    (['exactly_once', 'at_least_once'] as const).map(async (guarantee) => {
      const applicationId = `${PREFIX}-${guarantee.replace(/_/g, '-')}`;
      const report = await runCrashTest({ applicationId, guarantee, records, kills: KILLS, killAt: 'mixed', seed: SEED });
      reports.set(guarantee, report);
    }),
  );
}, 420_000);

afterAll(async () => {
  await deleteTopicsWithPrefix(PREFIX).catch(() => undefined);
  await deleteGroups([...reports.keys()].map((guarantee) => `${PREFIX}-${guarantee.replace(/_/g, '-')}`)).catch(() => undefined);
});

function print(report: CrashTestReport): void {
  const where = report.kills.map((kill) => `${kill.at === 'random' ? 'r' : 'w'}@${kill.inputPosition}`).join(' ');
  console.log(
    `[crash ${report.guarantee}] ${report.kills.length} SIGKILLs (r = random moment, w = outputs sent, offsets not; @ input position): ${where}\n` +
      `  windows expected ${report.expectedWindows}, results ${report.emittedResults}: exact ${report.exact}, missing ${report.missing}, emitted twice ${report.duplicated}, ` +
      `too high ${report.countTooHigh}, too low ${report.countTooLow}, unexpected ${report.unexpected}; records lost ${report.recordsLost}, counted twice ${report.recordsDuplicated} ` +
      `(${(report.durationMs / 1000).toFixed(0)} s)`,
  );
}

/**
 * The report of `guarantee`, printed and tallied (duplicates: records counted twice plus windows
 * emitted twice; allowed under at-least-once), after checking its kills landed mid-stream.
 */
function checkedReport(guarantee: 'exactly_once' | 'at_least_once'): CrashTestReport {
  const report = reports.get(guarantee)!;
  print(report);
  const duplicates = report.recordsDuplicated + report.duplicated;
  tally(`processor SIGKILLed ${report.kills.length}×, ${guarantee}`, {
    killsSurvived: report.kills.length,
    recordsSent: records.length,
    recordsLost: report.recordsLost,
    ...(guarantee === 'exactly_once' ? { recordsDuplicated: duplicates } : { duplicatesAllowed: duplicates }),
  });
  expect(report.kills).toHaveLength(KILLS);
  expect(report.kills.map((kill) => kill.at)).toEqual(Array.from({ length: KILLS }, (_, index) => (index % 2 ? 'outputs-sent' : 'random')));
  // Each process had committed before it died, and died before the end of the input.
  for (const kill of report.kills) {
    expect(kill.afterCommits).toBeGreaterThanOrEqual(1);
    expect(kill.inputPosition).toBeLessThan(records.length);
  }
  return report;
}

describe(`a stream processor SIGKILLed ${KILLS} times in one run, results against the offline truth`, () => {
  it('exactly_once: the final windows equal the offline computation: 0 lost, 0 duplicated', () => {
    const report = checkedReport('exactly_once');
    expect(report.expectedWindows).toBeGreaterThan(300);
    expect(report).toMatchObject({ missing: 0, duplicated: 0, countTooHigh: 0, countTooLow: 0, unexpected: 0, recordsLost: 0, recordsDuplicated: 0, identical: true });
    expect(report.emittedTotal).toBe(report.expectedTotal);
  });

  it('at_least_once: 0 lost; the records counted twice are counted and printed', () => {
    const report = checkedReport('at_least_once');
    expect(report).toMatchObject({ missing: 0, countTooLow: 0, recordsLost: 0 });
    // The kills between outputs and offsets replay a commit's records: at-least-once counts them twice.
    expect(report.recordsDuplicated).toBeGreaterThan(0);
    expect(report.emittedTotal).toBe(report.expectedTotal + report.recordsDuplicated);
  });
});
