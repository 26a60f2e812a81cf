import { StackError } from '../errors.js';
import { waitUntil } from '../wait.js';
import { DEFAULT_FLINK_SLOTS } from './flink-config.js';
import { clusterReady, FLINK_PROCESSES, flinkGatewayUrl, flinkRestUrl, probeFlinkCluster, probeGateway, startFlink, type FlinkProcess } from './flink.js';
import { resolveFlinkJars } from './jars.js';
import { logFile } from './paths.js';
import { assertPortFree, freePorts } from './ports.js';
import { isAlive, isOurs, stopDaemon } from './processes.js';
import type { NativeState } from './state.js';
import type { FlinkInfo, ServiceState } from './types.js';

type FlinkState = NonNullable<NativeState['flink']>;
type PidKey = keyof NonNullable<FlinkState['pids']>;

const PID_KEY: Record<FlinkProcess, PidKey> = { 'flink-jobmanager': 'jobManager', 'flink-taskmanager': 'taskManager', 'flink-gateway': 'gateway' };

/** A Flink layout with three free ports (REST, RPC, gateway). */
export async function newFlinkLayout(slots = DEFAULT_FLINK_SLOTS): Promise<FlinkState> {
  const [restPort, rpcPort, gatewayPort] = await freePorts(3);
  return { restPort, rpcPort, gatewayPort, slots };
}

/**
 * Starts whichever Flink process of the stack at `home` is not running and waits for readiness:
 * the JobManager's `/overview` lists a TaskManager with slots, and the gateway answers `/v1/info`.
 * `record` is the caller's PID bookkeeping (stopped again if anything later fails).
 */
export async function upFlinkNative(home: string, state: NativeState, java: string, record: (pid: number) => number, progress: (line: string) => void): Promise<void> {
  const alive = (pid: number | undefined): pid is number => isOurs(pid, home);
  const jars = await resolveFlinkJars(progress);
  const flink = (state.flink ??= await newFlinkLayout());
  flink.version = jars.flinkVersion;
  flink.pids ??= {};
  const pids = flink.pids;
  const running = FLINK_PROCESSES.filter((name) => alive(pids[PID_KEY[name]]));
  if (running.length === FLINK_PROCESSES.length && (await clusterReady(flinkRestUrl(flink.restPort)).catch(() => false))) return;
  // A half-running cluster (one process died) is restarted as a whole: a lone TaskManager
  // cannot re-register with a new JobManager's leader session anyway.
  await Promise.all(running.map((name) => stopDaemon(pids[PID_KEY[name]] as number, { graceMs: 10_000 })));
  await assertPortFree(flink.restPort, 'the Flink JobManager (REST)');
  await assertPortFree(flink.rpcPort, 'the Flink JobManager (RPC)');
  await assertPortFree(flink.gatewayPort, 'the Flink SQL Gateway');
  await startFlink(home, java, jars, flink, (name, pid) => {
    pids[PID_KEY[name]] = record(pid);
    progress(`flink: ${name.slice('flink-'.length)} starting (pid ${pid})`);
  });
  const allAlive = (): boolean => FLINK_PROCESSES.every((name) => isAlive(pids[PID_KEY[name]]));
  const restUrl = flinkRestUrl(flink.restPort);
  await waitUntil(() => clusterReady(restUrl), {
    what: 'the Flink JobManager to list a TaskManager with free slots',
    timeoutMs: 180_000,
    stillAlive: allAlive,
    hint: `read the logs with "npm run stack:logs -- flink-jobmanager" and "-- flink-taskmanager" (${logFile('flink-jobmanager', home)})`,
  });
  const gatewayUrl = flinkGatewayUrl(flink.gatewayPort);
  await waitUntil(() => probeGateway(gatewayUrl), {
    what: 'the Flink SQL Gateway to answer /v1/info',
    timeoutMs: 120_000,
    stillAlive: allAlive,
    hint: `read the log with "npm run stack:logs -- flink-gateway" (${logFile('flink-gateway', home)})`,
  });
  progress(`flink: ${jars.flinkVersion} up, web UI ${restUrl}, SQL Gateway ${gatewayUrl} (${flink.slots} slots)`);
}

/** Flink's part of `stack:status` for a native stack ('down' when it was never started). */
export async function statusFlinkNative(home: string, state: NativeState | undefined): Promise<FlinkInfo> {
  const flink = state?.flink;
  if (!flink) return { restUrl: '', gatewayUrl: '', state: 'down' };
  const pids = flink.pids ?? {};
  const alive = FLINK_PROCESSES.map((name) => isOurs(pids[PID_KEY[name]], home));
  const restUrl = flinkRestUrl(flink.restPort);
  const gatewayUrl = flinkGatewayUrl(flink.gatewayPort);
  const base: FlinkInfo = { restUrl, gatewayUrl, state: 'down', version: flink.version, pids: { ...pids } };
  if (!alive.some(Boolean)) return base;
  return { ...base, ...(await probeFlink(restUrl, gatewayUrl, alive.every(Boolean) ? 'up' : 'starting')) };
}

/** Probes a Flink cluster and gateway at known URLs: the state and the cluster's job and slot counts. */
export async function probeFlink(restUrl: string, gatewayUrl: string, best: ServiceState = 'up'): Promise<Partial<FlinkInfo> & { state: ServiceState }> {
  const overview = restUrl ? await probeFlinkCluster(restUrl).catch(() => undefined) : undefined;
  const gateway = gatewayUrl ? await probeGateway(gatewayUrl).catch(() => undefined) : undefined;
  const ready = gateway !== undefined && (!restUrl || (overview !== undefined && overview.taskManagers >= 1));
  const state: ServiceState = ready ? best : overview || gateway ? 'starting' : 'down';
  return { state, runningJobs: overview?.runningJobs, slotsTotal: overview?.slotsTotal, slotsAvailable: overview?.slotsAvailable, ...(overview ? { version: overview.version } : {}) };
}

/** Stops the gateway, the TaskManager, then the JobManager (their jobs end with the cluster). */
export async function downFlinkNative(home: string, state: NativeState, progress: (line: string) => void): Promise<void> {
  const pids = state.flink?.pids;
  if (!pids) return;
  for (const name of [...FLINK_PROCESSES].reverse()) {
    const pid = pids[PID_KEY[name]];
    if (isOurs(pid, home)) {
      progress(`${name}: stopping pid ${pid}`);
      await stopDaemon(pid, { graceMs: 15_000 });
    }
    delete pids[PID_KEY[name]];
  }
}

/** The error for a Flink that was asked for but is not there. */
export function flinkNotStarted(): StackError {
  return new StackError('Apache Flink is not running in this stack', { hint: 'start it with "npm run stack:up -- --with flink" (or ensure({ flink: true }) in a notebook)' });
}
