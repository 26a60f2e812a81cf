import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteGroups, deleteTopic } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { finalCounts, runCrashTest, type CrashTestReport } from '@streamlab/kernel-helpers/crash-lab';

const applications: string[] = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const applicationId of applications) {
    for (const suffix of ['input', 'output', 'dlq', 'counts-changelog']) await deleteTopic(`${applicationId}-${suffix}`).catch(() => undefined);
  }
  await deleteGroups(applications).catch(() => undefined);
});

// 2 000 clicks of 15 users on one partition, the timestamp of record i is T0 + i: each update names its input record.
const T0 = Date.UTC(2024, 0, 1);
const records = Array.from({ length: 2000 }, (_, i) => ({ key: `user-${(i * 7919) % 15}`, value: { i }, timestamp: T0 + i }));
const truth = finalCounts(records);

function print(report: CrashTestReport): void {
  const kills = report.kills.map((kill) => `${kill.at} at input ~${kill.inputPosition} (from ${kill.startedAt})`).join(', ');
  console.log(`[crash counts-per-key ${report.guarantee}] kills ${kills}; updates ${report.emittedResults} for ${report.expectedTotal} records; exact keys ${report.exact}/${report.expectedWindows}; total ${report.emittedTotal} vs ${report.expectedTotal}`);
}

describe('SIGKILL a per-key count (no windows) mid-stream, restart it, compare with the offline counts', () => {
  it('exactly_once: the last count of every key equals the offline count, one update per input record', async () => {
    const applicationId = `streams-crash-keys-eos-${randomUUID().slice(0, 8)}`;
    applications.push(applicationId);
    const report = await runCrashTest({ applicationId, guarantee: 'exactly_once', topology: 'counts-per-key', records, kills: 2, killAt: 'mixed', partitions: 1, seed: 7, commitEveryRecords: 50 });
    print(report);
    expect(report.topology).toBe('counts-per-key');
    expect(report.kills.map((kill) => kill.at)).toEqual(['random', 'outputs-sent']);
    // Really killed mid-stream: each kill after some input and before its end.
    for (const kill of report.kills) expect(kill.inputPosition).toBeGreaterThan(kill.startedAt);
    expect(report.kills[1].inputPosition).toBeLessThan(records.length);
    expect(report).toMatchObject({ expectedWindows: truth.size, exact: truth.size, missing: 0, duplicated: 0, countTooHigh: 0, countTooLow: 0, unexpected: 0, identical: true });
    const last = new Map(report.updates!.map((update) => [update.key, update.count]));
    expect(last).toEqual(truth);
    // Each input record produced exactly one update, carrying its timestamp.
    expect(report.updates!.map((update) => update.timestamp - T0)).toEqual(records.map((_, i) => i));
  }, 300_000);

  it('at_least_once: the same kills count records twice', async () => {
    const applicationId = `streams-crash-keys-alos-${randomUUID().slice(0, 8)}`;
    applications.push(applicationId);
    const report = await runCrashTest({ applicationId, guarantee: 'at_least_once', topology: 'counts-per-key', records, kills: 2, killAt: 'mixed', partitions: 1, seed: 7, commitEveryRecords: 50 });
    print(report);
    expect(report.missing).toBe(0);
    expect(report.emittedTotal).toBeGreaterThan(report.expectedTotal);
    expect(report.countTooHigh).toBeGreaterThan(0);
    expect(report.identical).toBe(false);
  }, 300_000);
});
