import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { StackError } from '../errors.js';
import { connectUrl, probeConnect, startConnect } from './connect.js';
import { findJava } from './java.js';
import { bootstrapServers, type KafkaNodeLayout } from './kafka-config.js';
import { formatStorage, newClusterId, nodeDir, probeCluster, startNode } from './kafka-node.js';
import { resolveJars } from './jars.js';
import { logFile, stateDir } from './paths.js';
import { assertPortFree, freePorts } from './ports.js';
import { checkoutPostgresFolder, debeziumPassword, ensureDebeziumRole, findPostgresBin, initCluster, postgresPlacement, postgresUrl, probeReplication, seedShop, startPostgres } from './postgres.js';
import { isAlive, isOurs, stopDaemon } from './processes.js';
import { waitUntil } from '../wait.js';
import { downFlinkNative, newFlinkLayout, statusFlinkNative, upFlinkNative } from './native-flink.js';
import { readState, withStackLock, writeState, type NativeState } from './state.js';
import type { ServiceName, ServiceState, StackInfo, UpOptions } from './types.js';

const ALL_SERVICES: ServiceName[] = ['kafka', 'postgres', 'connect'];

/** Where a native stack lives: its state file, data and logs. Default `stateDir()`. */
export interface HomeOption {
  home?: string;
}

/** True when `pid` is a live process of the stack at `home`. */
const aliveIn = (home: string) => (pid: number | undefined): pid is number => isOurs(pid, home);

/** A new layout with free ports for `brokers` Kafka nodes, Postgres and Connect. */
async function newState(home: string, brokers: number, kafkaVersion: string): Promise<NativeState> {
  const ports = await freePorts(brokers * 2 + 2);
  const kafka: KafkaNodeLayout[] = Array.from({ length: brokers }, (_, index) => ({
    id: index + 1,
    clientPort: ports[index * 2],
    controllerPort: ports[index * 2 + 1],
    logDir: join(nodeDir(home, index + 1), 'data'),
  }));
  return {
    kafkaVersion,
    clusterId: newClusterId(),
    kafka,
    postgres: { port: ports[brokers * 2], dataDir: join(home, 'postgres', 'data') },
    connect: { port: ports[brokers * 2 + 1] },
  };
}

/**
 * Starts whatever of the native stack is not running yet and waits until each service is really
 * ready. If anything fails, the processes this call started are stopped again before it throws.
 */
export async function upNative(options: UpOptions & HomeOption = {}): Promise<StackInfo> {
  const home = options.home ?? stateDir();
  const alive = aliveIn(home);
  const progress = options.onProgress ?? (() => {});
  const services = options.services ?? ALL_SERVICES;
  return withStackLock(async () => {
    const java = findJava();
    const jars = await resolveJars(progress);
    const state = readState(home) ?? (await newState(home, options.brokers ?? 1, jars.kafkaVersion));
    if (options.brokers !== undefined && options.brokers !== state.kafka.length) {
      throw new StackError(`the stack here was created with ${state.kafka.length} Kafka node(s), not ${options.brokers}`, {
        hint: `run "npm run stack:down -- --wipe" first, then "npm run stack:up -- --brokers ${options.brokers}"`,
      });
    }
    const started: number[] = [];
    const record = (pid: number): number => {
      started.push(pid);
      writeState(state, home);
      return pid;
    };
    try {
      const needsKafka = services.includes('kafka') || services.includes('connect');
      if (needsKafka) {
        for (const node of state.kafka.filter((n) => !alive(n.pid))) {
          await assertPortFree(node.clientPort, `Kafka node ${node.id}`);
          await assertPortFree(node.controllerPort, `Kafka node ${node.id} (controller)`);
          formatStorage(home, java, jars, state.clusterId, node, state.kafka);
          node.pid = record(startNode(home, java, jars, node));
          progress(`kafka: node ${node.id} starting (pid ${node.pid})`);
        }
      }
      const postgresReady = services.includes('postgres') ? startPostgresIfDown(home, state, record, progress) : Promise.resolve();
      if (needsKafka) {
        const expected = state.kafka.map((node) => node.id).join(',');
        await waitUntil(async () => (await probeCluster(bootstrapServers(state.kafka))).join(',') === expected, {
          what: `all ${state.kafka.length} Kafka node(s) to answer metadata requests`,
          timeoutMs: 120_000,
          stillAlive: () => state.kafka.every((node) => isAlive(node.pid)),
          hint: `read the log with "npm run stack:logs -- kafka" (${logFile('kafka-1', home)})`,
        });
        progress(`kafka: ${state.kafka.length} node(s) up at ${bootstrapServers(state.kafka)}`);
      }
      await postgresReady;
      if (services.includes('connect') && !alive(state.connect.pid)) {
        await assertPortFree(state.connect.port, 'Kafka Connect');
        state.connect.pid = record(startConnect(home, java, jars, bootstrapServers(state.kafka), state.connect.port, Math.min(3, state.kafka.length)));
        progress(`connect: starting (pid ${state.connect.pid})`);
        await waitUntil(() => probeConnect(connectUrl(state.connect.port)), {
          what: 'Kafka Connect to list the Debezium PostgreSQL connector',
          timeoutMs: 180_000,
          stillAlive: () => isAlive(state.connect.pid),
          hint: `read the log with "npm run stack:logs -- connect" (${logFile('connect', home)})`,
        });
        progress(`connect: up at ${connectUrl(state.connect.port)} with Debezium ${jars.debeziumVersion}`);
      }
      if (options.flink) {
        if (!state.flink && options.flinkSlots) state.flink = await newFlinkLayout(options.flinkSlots);
        await upFlinkNative(home, state, java, record, progress);
      }
      writeState(state, home);
      return statusNative({ home, state });
    } catch (error) {
      await Promise.all(started.map((pid) => stopDaemon(pid, { graceMs: 5000 })));
      throw error;
    }
  }, home);
}

async function startPostgresIfDown(home: string, state: NativeState, record: (pid: number) => number, progress: (line: string) => void): Promise<void> {
  if (isOurs(state.postgres.pid, state.postgres.dataDir)) return;
  const placement = postgresPlacement(findPostgresBin(), home);
  const bin = placement.bin;
  // A cluster already made keeps its recorded place; a new one goes where PostgreSQL can reach it.
  if (!existsSync(join(state.postgres.dataDir, 'PG_VERSION'))) state.postgres.dataDir = placement.dataDir;
  await assertPortFree(state.postgres.port, 'PostgreSQL');
  initCluster(bin, state.postgres.dataDir);
  state.postgres.pid = record(startPostgres(bin, state.postgres.dataDir, state.postgres.port, logFile('postgres', home)));
  const url = postgresUrl(state.postgres.port);
  state.postgres.version = await waitUntil(() => probeReplication(url), {
    what: 'PostgreSQL to accept a logical replication slot',
    timeoutMs: 60_000,
    stillAlive: () => isAlive(state.postgres.pid),
    hint: `read the log with "npm run stack:logs -- postgres" (${logFile('postgres', home)})`,
  });
  if (await seedShop(url)) progress('postgres: database "shop" created from datasets/shop');
  await ensureDebeziumRole(url, debeziumPassword(home));
  progress(`postgres: ${state.postgres.version} up at ${url}`);
}

/** Connection info and live state of the native stack (probing each service briefly). */
export async function statusNative(options: HomeOption & { state?: NativeState } = {}): Promise<StackInfo> {
  const home = options.home ?? stateDir();
  const alive = aliveIn(home);
  const state = options.state ?? readState(home);
  if (!state) {
    return {
      provider: 'native',
      kafka: { bootstrap: '', state: 'down', nodes: [] },
      postgres: { url: '', state: 'down' },
      connect: { url: '', state: 'down' },
      flink: { restUrl: '', gatewayUrl: '', state: 'down' },
    };
  }
  const answering = alive(state.kafka[0]?.pid) ? await probeCluster(bootstrapServers(state.kafka)).catch(() => undefined) : undefined;
  const nodeState = (node: NativeState['kafka'][number]): ServiceState =>
    !alive(node.pid) ? 'down' : answering?.includes(node.id) ? 'up' : 'starting';
  const nodes = state.kafka.map((node) => ({ id: node.id, address: bootstrapServers([node]), state: nodeState(node), pid: node.pid }));
  const url = connectUrl(state.connect.port);
  return {
    provider: 'native',
    kafka: {
      bootstrap: bootstrapServers(state.kafka),
      state: nodes.every((node) => node.state === 'up') ? 'up' : nodes.some((node) => node.state !== 'down') ? 'starting' : 'down',
      version: state.kafkaVersion,
      nodes,
    },
    postgres: {
      url: postgresUrl(state.postgres.port),
      state: await probeState(isOurs(state.postgres.pid, state.postgres.dataDir), () => probeReplication(postgresUrl(state.postgres.port))),
      version: state.postgres.version,
      pid: state.postgres.pid,
    },
    connect: { url, state: await probeState(alive(state.connect.pid), () => probeConnect(url)), pid: state.connect.pid },
    flink: { ...(await statusFlinkNative(home, state)), kafkaBootstrap: bootstrapServers(state.kafka) },
  };
}

async function probeState(alive: boolean, probe: () => Promise<unknown>): Promise<ServiceState> {
  if (!alive) return 'down';
  return (await probe().catch(() => false)) ? 'up' : 'starting';
}

/**
 * Stops exactly the processes the native provider started (by recorded PID, Connect first,
 * PostgreSQL last). With `wipe`, also deletes their data, logs and the recorded ports.
 */
export async function downNative(options: HomeOption & { wipe?: boolean; onProgress?: (line: string) => void } = {}): Promise<void> {
  const home = options.home ?? stateDir();
  const alive = aliveIn(home);
  const progress = options.onProgress ?? (() => {});
  await withStackLock(async () => {
    const state = readState(home);
    if (state) {
      await downFlinkNative(home, state, progress);
      if (alive(state.connect.pid)) {
        progress(`connect: stopping pid ${state.connect.pid}`);
        await stopDaemon(state.connect.pid);
      }
      const nodes = state.kafka.filter((node) => alive(node.pid));
      if (nodes.length) progress(`kafka: stopping ${nodes.map((node) => `node ${node.id} (pid ${node.pid})`).join(', ')}`);
      await Promise.all(nodes.map((node) => stopDaemon(node.pid as number)));
      if (isOurs(state.postgres.pid, state.postgres.dataDir)) {
        progress(`postgres: stopping pid ${state.postgres.pid}`);
        await stopDaemon(state.postgres.pid, { signal: 'SIGINT' });
      }
      for (const node of state.kafka) delete node.pid;
      delete state.connect.pid;
      delete state.postgres.pid;
      writeState(state, home);
    }
    if (options.wipe && existsSync(home)) {
      for (const entry of readdirSync(home).filter((name) => name !== 'lock')) {
        rmSync(join(home, entry), { recursive: true, force: true });
      }
      progress(`wiped data and logs in ${home}`);
    }
    const systemFolder = checkoutPostgresFolder(home);
    if (options.wipe && existsSync(systemFolder)) {
      rmSync(systemFolder, { recursive: true, force: true });
      progress(`wiped PostgreSQL's data in ${systemFolder}`);
    }
  }, home);
}

/**
 * Stops one Kafka node of the stack at `home`, abruptly (SIGKILL, a crash) or cleanly (SIGTERM,
 * controlled shutdown), for failover lessons. `upNative` with the same home starts it again.
 */
export async function stopKafkaNode(id: number, options: HomeOption & { crash?: boolean } = {}): Promise<void> {
  const home = options.home ?? stateDir();
  await withStackLock(async () => {
    const state = readState(home);
    const node = state?.kafka.find((candidate) => candidate.id === id);
    if (!state || !node) throw new StackError(`there is no Kafka node ${id} in ${home}`, { hint: 'list the nodes with stack status' });
    if (isOurs(node.pid, home)) await stopDaemon(node.pid, { signal: options.crash ? 'SIGKILL' : 'SIGTERM' });
    delete node.pid;
    writeState(state, home);
  }, home);
}
