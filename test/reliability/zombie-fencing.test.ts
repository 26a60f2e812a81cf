import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consume, deleteGroups, describeGroup, groupLag } from '@streamlab/kernel-helpers/kafka';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { StreamsBuilder, TopologyTestDriver, tumbling, type WindowedCount } from '@streamlab/kernel-helpers/streams';
import { waitUntil } from '../../kernel-helpers/src/wait';
import { describeResult, PARTITIONS, produceRecords, scratchTopics, sensorReadings, type InputRecord } from '../integration/streams/support';
import { tally } from './support/tally';

/** The worker's topology (see support/zombie-worker.cjs): final counts per key, tumbling 10 s windows, grace 5 s. */
function finalCounts(input: string, output: string) {
  const builder = new StreamsBuilder();
  builder.stream(input).groupByKey().windowedBy(tumbling('10s', { grace: '5s' })).count({ name: 'counts', emit: 'final' }).toStream().to(output);
  return builder.build();
}

/** One instance of the application in its own OS process. */
class Instance {
  readonly lines: string[] = [];
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(args: Record<string, unknown>) {
    this.process = spawn(process.execPath, [join(__dirname, 'support', 'zombie-worker.cjs'), JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.process.stdout! }).on('line', (line) => this.lines.push(line));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolveExit) => this.process.on('exit', (code) => resolveExit(code)));
  }

  /** Waits until the worker has printed a line starting with `prefix`; returns it. */
  line(prefix: string, timeoutMs = 60_000): Promise<string> {
    return waitUntil(async () => this.lines.find((line) => line.startsWith(prefix)) ?? (this.process.exitCode !== null ? Promise.reject(new Error(`worker exited: ${this.stderr.slice(-500)}`)) : false), {
      what: `the worker to print "${prefix}"`,
      timeoutMs,
      hint: this.stderr.slice(-500) || 'see the worker',
      intervalMs: 50,
    });
  }

  send(command: 'pause' | 'stop'): void {
    this.process.stdin!.write(`${command}\n`);
  }

  /** The OS state of the process (`T` when stopped by a signal). */
  osState(): string {
    return readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1][0];
  }

  /** Asks it to stop; returns its final metrics. */
  async stop(): Promise<{ commits: number; fencedCommits: number; recordsIn: number; restoredEntries: number; state: string }> {
    this.send('stop');
    const summary = await this.line('summary ', 60_000);
    expect(await this.exited).toBe(0);
    return JSON.parse(summary.slice('summary '.length));
  }

  kill(): void {
    if (this.process.exitCode === null) {
      this.process.kill('SIGCONT');
      this.process.kill('SIGKILL');
    }
  }
}

/** The final windows offline: one test driver per partition, as one task per partition on the broker. */
function offlineWindows(records: InputRecord[], input: string, output: string): WindowedCount[] {
  const results: WindowedCount[] = [];
  for (let partition = 0; partition < PARTITIONS; partition++) {
    const driver = new TopologyTestDriver(finalCounts(input, output));
    for (const record of records.filter((candidate) => candidate.partition === partition)) driver.pipe(input, { key: record.key, value: record.value, timestamp: record.timestamp });
    results.push(...driver.readValues<WindowedCount>(output));
  }
  return results;
}

/** Input records lost and duplicated, judged from the final windows: a missing or short window lost its records, a repeated or long one duplicated them. */
function lostAndDuplicated(expected: WindowedCount[], emitted: WindowedCount[]): { lost: number; duplicated: number } {
  const id = (result: WindowedCount) => `${result.key}\u0000${result.windowStart}`;
  const got = new Map<string, number[]>();
  for (const result of emitted) got.set(id(result), [...(got.get(id(result)) ?? []), result.count]);
  let lost = 0;
  let duplicated = 0;
  for (const window of expected) {
    const counts = got.get(id(window)) ?? [];
    const last = counts.at(-1) ?? 0;
    lost += Math.max(0, window.count - last);
    duplicated += Math.max(0, last - window.count) + counts.slice(0, -1).reduce((sum, count) => sum + count, 0);
  }
  return { lost, duplicated };
}

const instances: Instance[] = [];
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
});

afterAll(async () => {
  for (const instance of instances) instance.kill();
  for (const cleanup of cleanups) await cleanup();
});

describe('zombie fencing (exactly_once): an instance paused past its session timeout cannot commit for partitions it lost', () => {
  it('SIGSTOPs one of two instances (separate processes) inside an open transaction, lets the other take its partitions, resumes it: results exact, its commit fenced', async () => {
    const topics = await scratchTopics('reliability-zombie');
    const applicationId = `${topics.id}-app`;
    const output = topics.tumbling;
    cleanups.push(async () => {
      await topics.drop(applicationId, [`${applicationId}-counts-changelog`, `${applicationId}-counts-suppress-buffer-changelog`]);
      await deleteGroups([applicationId]).catch(() => undefined);
    });
    const records = sensorReadings(2000, 9, 11);
    const phase = (index: number) => records.slice(index * 500, (index + 1) * 500);
    const lagZero = (what: string) =>
      waitUntil(async () => {
        const lags = await groupLag(applicationId, topics.input);
        return lags.length === PARTITIONS && lags.every((lag) => lag.lag === 0);
      }, { what, timeoutMs: 90_000, hint: 'an instance is not processing', intervalMs: 300 });
    const members = (count: number, what: string) =>
      waitUntil(async () => ((await describeGroup(applicationId)).members.length === count ? true : false), { what, timeoutMs: 60_000, hint: 'is the session timeout 6 s?', intervalMs: 200 });
    const worker = (instanceId: string) => {
      const instance = new Instance({ applicationId, instanceId, input: topics.input, output, commitEveryRecords: 10 });
      instances.push(instance);
      return instance;
    };

    await produceRecords(topics.input, phase(0));
    const a = worker('a');
    await a.line('ready');
    const b = worker('b');
    await b.line('ready');
    await members(2, 'both instances in the group');
    await lagZero('phase 1 processed by the two instances');

    // a stops itself inside a commit: outputs and changelog writes sent in its open transaction,
    // input offsets not yet committed. b goes on with its own partitions.
    a.send('pause');
    await produceRecords(topics.input, phase(1));
    await a.line('pausing');
    await waitUntil(async () => a.osState() === 'T', { what: 'instance a to be stopped', timeoutMs: 5000, hint: 'SIGSTOP', intervalMs: 20 });

    // After a's session timeout the group gives all partitions to b, whose producers (same
    // per-partition transactional ids) fence a's and abort its open transaction.
    await members(1, "a's session to expire and b to own every partition");
    await produceRecords(topics.input, phase(2));
    await lagZero('b to process everything, a’s partitions included');

    // The zombie wakes up inside its commit: it must be fenced, then rejoin and share the rest.
    a.process.kill('SIGCONT');
    await produceRecords(topics.input, phase(3));
    await members(2, 'a to rejoin the group');
    await lagZero('the last phase processed');
    const [summaryA, summaryB] = [await a.stop(), await b.stop()];
    console.log(`[reliability] zombie: a ${summaryA.commits} commits (${summaryA.fencedCommits} fenced), ${summaryA.recordsIn} records; b ${summaryB.commits} commits, ${summaryB.recordsIn} records, restored ${summaryB.restoredEntries} entries`);

    const expectedWindows = offlineWindows(records, topics.input, output);
    const emitted = (await consume<WindowedCount>(output, { max: expectedWindows.length * 3 + 100, timeoutMs: 8000 })).map((record) => record.value);
    const { lost, duplicated } = lostAndDuplicated(expectedWindows, emitted);
    tally('zombie fencing (SIGSTOP past the session timeout, exactly_once)', { faultsSurvived: 1, recordsSent: records.length, recordsLost: lost, recordsDuplicated: duplicated });

    expect(summaryA.fencedCommits).toBeGreaterThanOrEqual(1);
    expect(summaryA.state).toBe('stopped');
    expect(summaryB.fencedCommits).toBe(0);
    expect(summaryB.restoredEntries).toBeGreaterThan(0);
    expect({ lost, duplicated }).toEqual({ lost: 0, duplicated: 0 });
    expect(emitted.map(describeResult).sort()).toEqual(expectedWindows.map(describeResult).sort());
  }, 300_000);
});
