import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerConnector, validateConnector } from '../../kernel-helpers/src/cdc/connectors';
import { setupJupyter } from '../../kernel-helpers/src/jupyter/setup';
import { ensure, forgetStack } from '../../kernel-helpers/src/stack/index';
import { StackError } from '../../kernel-helpers/src/errors';
import { consume } from '../../kernel-helpers/src/kafka/consume';
import { BrokerUnreachableError } from '../../kernel-helpers/src/kafka/connection';
import { describeGroup } from '../../kernel-helpers/src/kafka/consumer-groups';
import { joinGroup } from '../../kernel-helpers/src/kafka/group-consumer';
import { waitUntil } from '../../kernel-helpers/src/wait';
import { produce } from '../../kernel-helpers/src/kafka/produce';
import { createTopic } from '../../kernel-helpers/src/kafka/topics';
import { downNative, stopKafkaNode, upNative } from '../../kernel-helpers/src/stack/native';
import { freePorts } from '../../kernel-helpers/src/stack/ports';
import { readState } from '../../kernel-helpers/src/stack/state';
import { reliabilityHome } from './support/homes';
import { tally } from './support/tally';

/** A private native stack (Kafka + PostgreSQL) that this file starts, breaks and wipes; never the shared one. */
const HOME = reliabilityHome('faults');
const SERVICES = ['kafka', 'postgres'] as const;
const CLI = resolve(__dirname, '../../kernel-helpers/dist/stack/cli.js');
/** Notebooks this file writes and runs: inside the repository, so their kernel resolves @streamlab/kernel-helpers. */
const NOTEBOOKS = resolve(__dirname, '../../build/reliability-notebooks');
const isRoot = process.getuid?.() === 0;
let faults = 0;

const up = () => upNative({ home: HOME, services: [...SERVICES] });
const bootstrap = () => readState(HOME)!.kafka.map((node) => `127.0.0.1:${node.clientPort}`).join(',');
const cli = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  spawnSync(process.execPath, [CLI, ...args], { env: { ...env, STREAMLAB_HOME: HOME, STREAMLAB_PROVIDER: 'native' }, encoding: 'utf8', timeout: 120_000 });
/** A CLI failure as the user sees it: `error: <one line>` and `  hint: <one line>`, no stack trace. */
const expectOneClearMessage = (stderr: string, message: RegExp) => {
  const lines = stderr.trim().split('\n');
  expect(lines[0]).toMatch(message);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[1]).toMatch(/^ {2}hint: /);
  expect(stderr).not.toMatch(/\n\s+at /);
};

beforeAll(async () => {
  mkdirSync(HOME, { recursive: true });
  await up();
}, 240_000);

afterAll(async () => {
  if (isRoot) spawnSync('umount', [HOME]);
  else chmodSync(HOME, 0o755);
  await downNative({ home: HOME, wipe: true });
  rmSync(NOTEBOOKS, { recursive: true, force: true });
  tally('stack faults', { faultsSurvived: faults });
}, 120_000);

describe('stack faults: one clear message each, then stack:up recovers without --wipe', () => {
  it('a recorded port taken by another program', async () => {
    await downNative({ home: HOME });
    const port = readState(HOME)!.kafka[0].clientPort;
    const squatter: Server = createServer();
    await new Promise<void>((listening) => squatter.listen(port, '127.0.0.1', listening));
    try {
      await expect(up()).rejects.toThrow(new RegExp(`^port ${port} for Kafka node 1 is already in use`));
      await expect(up()).rejects.toBeInstanceOf(StackError);
      expect(readState(HOME)!.postgres.pid === undefined || !isRunning(readState(HOME)!.postgres.pid)).toBe(true);
    } finally {
      await new Promise((closed) => squatter.close(closed));
    }
    const info = await up();
    expect(info.kafka.state).toBe('up');
    expect(readState(HOME)!.kafka[0].clientPort).toBe(port); // same recorded port: nothing wiped
    faults += 1;
  }, 180_000);

  it('Java absent from PATH', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: '/nonexistent' };
    delete env.JAVA_HOME;
    const result = cli(env, 'up');
    expect(result.status).toBe(1);
    expectOneClearMessage(result.stderr, /^error: Java 17\+ not found \(tried java\)/);
    // Nothing stopped or started: the running services still answer, and with Java back stack:up succeeds.
    const again = cli(process.env, 'status');
    expect(JSON.parse(again.stdout).kafka.state).toBe('up');
    faults += 1;
  }, 60_000);

  it('the broker killed under a running consume and a running group member', async () => {
    await up();
    const topic = `reliability-kill-${randomUUID().slice(0, 8)}`;
    const target = { bootstrap: bootstrap() };
    await createTopic(topic, { ...target, partitions: 1 });
    const records = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: { i } }));
    await produce(topic, records, { ...target, acks: -1 });
    const member = await joinGroup(`${topic}-group`, topic, { ...target, commit: 'never' });
    const reading = consume(topic, { ...target, groupId: `${topic}-reader`, max: 1_000, timeoutMs: 90_000 });
    reading.catch(() => undefined);
    await member.waitForRecords(50, 20_000);
    // Kill only once consume is really reading: its group is Stable with one member.
    await waitUntil(async () => (await describeGroup(`${topic}-reader`, target)).state === 'Stable', { what: 'consume to join its group', timeoutMs: 30_000, hint: '' });
    const killedAt = Date.now();
    await stopKafkaNode(1, { home: HOME, crash: true });
    await expect(reading).rejects.toBeInstanceOf(BrokerUnreachableError);
    await expect(reading).rejects.toThrow(new RegExp(`^lost the Kafka broker at ${target.bootstrap} while reading "${topic}": `));
    const failedAfter = Date.now() - killedAt;
    expect(failedAfter).toBeLessThan(60_000); // long before its 90 s budget: no hang
    await expect.poll(() => member.failure, { timeout: 60_000, interval: 250 }).toBeInstanceOf(BrokerUnreachableError);
    expect(member.running).toBe(false);
    await member.stop();

    await up();
    const again = await consume(topic, { ...target, max: records.length, timeoutMs: 30_000 });
    expect(again.map((record) => record.key)).toEqual(records.map((record) => record.key));
    tally(`broker SIGKILLed under consume (failed after ${(failedAfter / 1000).toFixed(1)} s)`, { faultsSurvived: 1, recordsSent: records.length, recordsLost: records.length - again.length, recordsDuplicated: again.length - new Set(again.map((r) => r.key)).size });
  }, 240_000);

  it('Connect down while registering a connector', async () => {
    await up();
    const [deadPort] = await freePorts(1);
    const saved = { ...process.env };
    Object.assign(process.env, {
      STREAMLAB_PROVIDER: 'external',
      KAFKA_BROKERS: bootstrap(),
      DATABASE_URL: `postgres://streamlab:streamlab@127.0.0.1:${readState(HOME)!.postgres.port}/shop`,
      CONNECT_URL: `http://127.0.0.1:${deadPort}`,
    });
    try {
      const registering = registerConnector({ name: 'reliability-connect-down', config: { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector' } });
      await expect(registering).rejects.toThrow(`the external stack does not answer: connect at http://127.0.0.1:${deadPort}`);
      await expect(registering).rejects.toMatchObject({ hint: expect.stringMatching(/CONNECT_URL/) });
    } finally {
      process.env = saved;
    }
    faults += 1;
  }, 60_000);

  it('Connect killed on the native stack while a connector is being registered', async () => {
    const withConnect = () => upNative({ home: HOME, services: [...SERVICES, 'connect'] });
    await withConnect();
    const saved = { ...process.env };
    Object.assign(process.env, { STREAMLAB_HOME: HOME, STREAMLAB_PROVIDER: 'native' });
    forgetStack();
    try {
      // As in a notebook session: the library has found Connect up once, then Connect dies.
      expect((await ensure()).connect.state).toBe('up');
      const { pid, port } = readState(HOME)!.connect;
      process.kill(pid!, 'SIGKILL');
      await waitUntil(async () => !isRunning(pid), { what: 'Connect to die', timeoutMs: 10_000, hint: '' });
      const connector = { name: `reliability-connect-killed-${process.pid}`, config: { 'connector.class': 'io.debezium.connector.postgresql.PostgresConnector' } };
      const failure = (await registerConnector(connector).catch((error: Error) => error)) as StackError;
      expect(failure.message).toMatch(new RegExp(`^Kafka Connect at http://127\\.0\\.0\\.1:${port} did not answer PUT /connector-plugins/\\S+/config/validate: fetch failed \\(ECONNREFUSED\\)$`));
      expect(failure.hint).toMatch(/stack:up starts it again/);
      // stack:up starts Connect again on its recorded port, and the same call reaches it.
      const info = await withConnect();
      expect(info.connect.state).toBe('up');
      expect(readState(HOME)!.connect.port).toBe(port);
      expect((await validateConnector(connector)).join('\n')).toMatch(/database\.(hostname|user|dbname)/);
    } finally {
      process.env = saved;
      forgetStack();
    }
    faults += 1;
  }, 300_000);

  it('the broker killed under a running notebook cell', async () => {
    await up();
    const { paths } = await setupJupyter();
    const topic = `reliability-cell-${randomUUID().slice(0, 8)}`;
    const target = { bootstrap: bootstrap() };
    await createTopic(topic, { ...target, partitions: 1 });
    const records = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: { i } }));
    await produce(topic, records, { ...target, acks: -1 });
    mkdirSync(NOTEBOOKS, { recursive: true });
    const notebook = join(NOTEBOOKS, `${topic}.ipynb`);
    // One cell, as a lesson writes it: a bounded read of the topic (90 s budget) in its own group.
    writeFileSync(notebook, JSON.stringify(cellNotebook([
      "import { consume } from '@streamlab/kernel-helpers/kafka';",
      `const read = await consume('${topic}', { groupId: process.env.CELL_GROUP, max: Number(process.env.CELL_MAX), timeoutMs: 90_000 });`,
      "if (read.length !== Number(process.env.CELL_MAX)) throw new Error(`read ${read.length} records`);",
    ])));
    const run = (group: string, max: number) => {
      const child = spawn(paths.python, [paths.runner, '--out', join(NOTEBOOKS, 'out'), notebook], {
        env: { ...process.env, STREAMLAB_HOME: HOME, STREAMLAB_PROVIDER: 'native', CELL_GROUP: group, CELL_MAX: String(max) },
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      return new Promise<{ code: number | null; output: string }>((done) => child.on('close', (code) => done({ code, output })));
    };

    const running = run(`${topic}-cell`, 1_000);
    // Kill only once the cell is really reading: its group is Stable with one member.
    await waitUntil(async () => (await describeGroup(`${topic}-cell`, target)).state === 'Stable', { what: 'the cell to join its group', timeoutMs: 120_000, hint: 'the kernel did not start or the cell failed early' });
    const killedAt = Date.now();
    await stopKafkaNode(1, { home: HOME, crash: true });
    const { code, output } = await running;
    const failedAfter = Date.now() - killedAt;
    expect(code).toBe(1);
    expect(failedAfter).toBeLessThan(60_000); // the cell fails in seconds, not at its 90 s budget
    // What the learner sees under the cell: the error's line and its hint; no stack, cause chain or retry noise.
    const cellErrors = (JSON.parse(readFileSync(join(NOTEBOOKS, 'out', `${topic}.ipynb`), 'utf8')) as ReturnType<typeof cellNotebook>).cells[0].outputs
      .map((out) => [out.text ?? out.evalue ?? ''].flat().join(''))
      .join('');
    const messageLines = cellErrors.trim().split('\n');
    expect(messageLines).toHaveLength(2);
    expect(messageLines[0]).toMatch(new RegExp(`^BrokerUnreachableError: lost the Kafka broker at ${target.bootstrap} while reading "${topic}": Connection error: connect ECONNREFUSED`));
    expect(messageLines[1]).toMatch(/^ {2}hint: .*npm run stack:up/);
    expect(output).toContain(messageLines[0]);

    // stack:up, and the same cell runs to the end.
    await up();
    const again = await run(`${topic}-again`, records.length);
    expect(again.output).toMatch(/PASS/);
    expect(again.code).toBe(0);
    tally(`broker SIGKILLed under a notebook cell (failed after ${(failedAfter / 1000).toFixed(1)} s)`, { faultsSurvived: 1 });
  }, 360_000);

  it('the .streamlab folder read-only', async () => {
    await up();
    await downNative({ home: HOME });
    if (isRoot) {
      // Root ignores file modes: a read-only bind mount of the folder on itself.
      execFileSync('mount', ['--bind', HOME, HOME]);
      execFileSync('mount', ['-o', 'remount,bind,ro', HOME]);
    } else chmodSync(HOME, 0o555);
    try {
      await expect(up()).rejects.toThrow(new RegExp(`^cannot write to the stack's folder ${HOME} \\((read-only file system, EROFS|permission denied, EACCES)\\)`));
      const result = cli(process.env, 'up');
      expect(result.status).toBe(1);
      expectOneClearMessage(result.stderr, /^error: cannot write to the stack's folder /);
    } finally {
      if (isRoot) execFileSync('umount', [HOME]);
      else chmodSync(HOME, 0o755);
    }
    const info = await up();
    expect([info.kafka.state, info.postgres.state]).toEqual(['up', 'up']);
    faults += 1;
  }, 240_000);
});

function isRunning(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A one-cell TypeScript notebook (no outputs) for the tslab kernel. */
function cellNotebook(lines: string[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [{ cell_type: 'code', id: 'cell', metadata: {}, execution_count: null, source: lines.map((line, i) => (i < lines.length - 1 ? `${line}\n` : line)), outputs: [] as Array<{ text?: string | string[]; evalue?: string }> }],
  };
}
