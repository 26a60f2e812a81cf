import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StackError } from '../errors.js';
import { FLINK_MEMORY, flinkConfig, JAVA17_OPENS, parseResourceParams, toYaml, type FlinkLayout, type ResourceParams } from './flink-config.js';
import { flinkLog4jConfig, type FlinkJars } from './jars.js';
import { logFile } from './paths.js';
import { LOOPBACK } from './ports.js';
import { startDaemon } from './processes.js';

const run = promisify(execFile);

/** The three Flink processes, named as their log files and `stack:logs` arguments. */
export const FLINK_PROCESSES = ['flink-jobmanager', 'flink-taskmanager', 'flink-gateway'] as const;
export type FlinkProcess = (typeof FLINK_PROCESSES)[number];

/** Folders of the Flink cluster under a stack's home: config.yaml and a private temp folder. */
export function flinkDirs(home: string): { conf: string; tmp: string } {
  return { conf: join(home, 'flink', 'conf'), tmp: join(home, 'flink', 'tmp') };
}

/** JobManager REST API and web UI base URL. */
export function flinkRestUrl(port: number, host = LOOPBACK): string {
  return `http://${host}:${port}`;
}

/** SQL Gateway REST base URL. */
export function flinkGatewayUrl(port: number, host = LOOPBACK): string {
  return `http://${host}:${port}`;
}

/** Writes config.yaml for the layout; returns its folder. */
export function writeFlinkConfig(home: string, layout: FlinkLayout): string {
  const { conf, tmp } = flinkDirs(home);
  mkdirSync(conf, { recursive: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(conf, 'config.yaml'), toYaml(flinkConfig(layout, tmp)));
  return conf;
}

/**
 * The JVM and `-D` memory options Flink's scripts compute for a JobManager or TaskManager
 * (BashJavaUtils, a JVM start of 1-4 s), cached beside config.yaml per its content.
 */
async function resourceParams(java: string, jars: FlinkJars, conf: string, which: 'JM' | 'TM'): Promise<ResourceParams> {
  const configText = readFileSync(join(conf, 'config.yaml'), 'utf8');
  const cache = join(conf, `${which.toLowerCase()}-resources.json`);
  const key = createHash('sha256').update(configText).update(jars.classpath).digest('hex');
  if (existsSync(cache)) {
    const cached = JSON.parse(readFileSync(cache, 'utf8')) as ResourceParams & { key: string };
    if (cached.key === key) return cached;
  }
  try {
    const { stdout } = await run(java, ['-Xmx64m', '-cp', jars.classpath, 'org.apache.flink.runtime.util.bash.BashJavaUtils', `GET_${which}_RESOURCE_PARAMS`, '--configDir', conf], {
      maxBuffer: 4 << 20,
    });
    const params = parseResourceParams(stdout);
    writeFileSync(cache, JSON.stringify({ key, ...params }));
    return params;
  } catch (error) {
    const text = `${(error as { stdout?: string }).stdout ?? ''}${(error as { stderr?: string }).stderr ?? ''}` || String(error);
    const reason = text.split('\n').find((line) => /Exception|Error/.test(line)) ?? text.trim().split('\n').slice(-1)[0];
    throw new StackError(`Flink rejected the ${which === 'JM' ? 'JobManager' : 'TaskManager'} memory settings: ${reason}`, {
      hint: `check ${join(conf, 'config.yaml')} (memory sizes), or run "npm run stack:down -- --wipe" to regenerate it`,
    });
  }
}

/**
 * JVM flags every Flink process gets: Java 17 opens, log4j2 to stdout, a private temp folder, and
 * `log.file` (the web UI's log tab reads the file the launcher writes).
 */
function commonFlags(home: string, name: FlinkProcess): string[] {
  return [
    ...JAVA17_OPENS,
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${flinkLog4jConfig}`,
    `-Djava.io.tmpdir=${flinkDirs(home).tmp}`,
    `-Dlog.file=${logFile(name, home)}`,
  ];
}

/**
 * Starts the JobManager, the TaskManager and the SQL Gateway at once (the TaskManager retries
 * its registration until the JobManager answers; the gateway reaches the cluster only when a
 * statement runs). Returns the PIDs; `record` is called with each as soon as it exists.
 */
export async function startFlink(home: string, java: string, jars: FlinkJars, layout: FlinkLayout, record: (name: FlinkProcess, pid: number) => void): Promise<void> {
  const conf = writeFlinkConfig(home, layout);
  const [jm, tm] = await Promise.all([resourceParams(java, jars, conf, 'JM'), resourceParams(java, jars, conf, 'TM')]);
  const entry = (name: FlinkProcess, params: ResourceParams, mainClass: string): string[] => [
    ...params.jvmArgs,
    ...commonFlags(home, name),
    '-cp',
    jars.classpath,
    mainClass,
    '--configDir',
    conf,
    ...params.dynamicArgs,
  ];
  const jobManager = entry('flink-jobmanager', jm, 'org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint');
  record('flink-jobmanager', startDaemon(java, jobManager, { logFile: logFile('flink-jobmanager', home) }));
  const taskManager = entry('flink-taskmanager', tm, 'org.apache.flink.runtime.taskexecutor.TaskManagerRunner');
  record('flink-taskmanager', startDaemon(java, taskManager, { logFile: logFile('flink-taskmanager', home) }));
  // The gateway ignores --configDir: it finds config.yaml through FLINK_CONF_DIR.
  record(
    'flink-gateway',
    startDaemon(java, [`-Xms64m`, `-Xmx${FLINK_MEMORY.gatewayHeap}`, `-XX:MaxMetaspaceSize=${FLINK_MEMORY.metaspace}`, ...commonFlags(home, 'flink-gateway'), '-cp', jars.classpath, 'org.apache.flink.table.gateway.SqlGateway'], {
      logFile: logFile('flink-gateway', home),
      env: { ...process.env, FLINK_CONF_DIR: conf },
    }),
  );
}

/** What the JobManager's `/overview` reports. */
export interface FlinkOverview {
  taskManagers: number;
  slotsTotal: number;
  slotsAvailable: number;
  runningJobs: number;
  version: string;
}

/** The JobManager's cluster overview (throws when its REST API does not answer). */
export async function probeFlinkCluster(restUrl: string): Promise<FlinkOverview> {
  const response = await fetch(`${restUrl}/overview`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new StackError(`HTTP ${response.status} from ${response.url}`, { retriable: true });
  const body = (await response.json()) as Record<string, number | string>;
  return {
    taskManagers: Number(body.taskmanagers),
    slotsTotal: Number(body['slots-total']),
    slotsAvailable: Number(body['slots-available']),
    runningJobs: Number(body['jobs-running']),
    version: String(body['flink-version']),
  };
}

/** True when the cluster has a registered TaskManager with slots. */
export async function clusterReady(restUrl: string): Promise<FlinkOverview | false> {
  const overview = await probeFlinkCluster(restUrl);
  return overview.taskManagers >= 1 && overview.slotsTotal >= 1 && overview;
}

/** The gateway's `/v1/info` (product name and version); throws when it does not answer. */
export async function probeGateway(gatewayUrl: string): Promise<string> {
  const response = await fetch(`${gatewayUrl}/v1/info`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) throw new StackError(`HTTP ${response.status} from ${response.url}`, { retriable: true });
  const body = (await response.json()) as { productName?: string; version?: string };
  return `${body.productName ?? 'Apache Flink'} ${body.version ?? ''}`.trim();
}
