import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { runCrashTest, type CrashTestReport } from '@streamlab/kernel-helpers/crash-lab';
import { sensorReadings } from '../streams/support.js';

const applications: string[] = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const applicationId of applications) {
    for (const suffix of ['input', 'output', 'dlq', 'counts-changelog', 'counts-suppress-buffer-changelog']) {
      await deleteTopic(`${applicationId}-${suffix}`).catch(() => undefined);
    }
  }
});

function print(report: CrashTestReport): void {
  const kills = report.kills.map((kill) => `${kill.at} after ${kill.afterCommits} commits/${kill.afterMs} ms`).join(', ');
  console.log(
    `[crash ${report.guarantee}] kills at ${kills}; windows expected ${report.expectedWindows}, results ${report.emittedResults}: ` +
      `exact ${report.exact}, missing ${report.missing}, duplicated ${report.duplicated}, too high ${report.countTooHigh}, too low ${report.countTooLow}, ` +
      `unexpected ${report.unexpected}; total count ${report.emittedTotal} vs ${report.expectedTotal} offline (${report.durationMs} ms)`,
  );
}

// The same input, kill points and processor for both guarantees: only the guarantee differs.
// Kills 1 and 3 land wherever the processor is; kill 2 between a commit's outputs and its offsets.
const records = sensorReadings(3000, 6, 5).map(({ key, value, timestamp }) => ({ key, value, timestamp }));

describe('SIGKILL the processor mid-stream, restart it, compare with the offline computation', () => {
  it('exactly_once: every final window equals the test driver’s; none lost, none doubled', async () => {
    const applicationId = `streams-crash-eos-${randomUUID().slice(0, 8)}`;
    applications.push(applicationId);
    const report = await runCrashTest({ applicationId, guarantee: 'exactly_once', records, kills: 3, killAt: 'mixed', seed: 42 });
    print(report);
    expect(report.kills.map((kill) => kill.at)).toEqual(['random', 'outputs-sent', 'random']);
    expect(report.kills.every((kill) => kill.afterCommits >= 2)).toBe(true);
    expect(report.expectedWindows).toBeGreaterThan(100);
    expect(report).toMatchObject({ missing: 0, duplicated: 0, countTooHigh: 0, countTooLow: 0, unexpected: 0, identical: true });
    expect(report.emittedTotal).toBe(report.expectedTotal);
  }, 300_000);

  it('at_least_once: the same kills count records twice', async () => {
    const applicationId = `streams-crash-alos-${randomUUID().slice(0, 8)}`;
    applications.push(applicationId);
    const report = await runCrashTest({ applicationId, guarantee: 'at_least_once', records, kills: 3, killAt: 'mixed', seed: 42 });
    print(report);
    expect(report.kills.map((kill) => kill.at)).toEqual(['random', 'outputs-sent', 'random']);
    expect(report.missing).toBe(0);
    expect(report.emittedTotal).toBeGreaterThan(report.expectedTotal);
    expect(report.identical).toBe(false);
  }, 300_000);
});
