import { LOOPBACK } from './ports.js';

/** Ports and folders of the Flink session cluster, recorded in the stack state. */
export interface FlinkLayout {
  /** JobManager REST API and web UI. */
  restPort: number;
  /** JobManager RPC (the TaskManager registers there). */
  rpcPort: number;
  /** SQL Gateway REST endpoint. */
  gatewayPort: number;
  /** Task slots of the one TaskManager: how many queries can run at once. */
  slots: number;
}

/**
 * Memory budget of the Flink processes, sized for a laptop: total process sizes Flink enforces
 * (heap, metaspace, network buffers, managed memory, JVM overhead), about 1.45 GB of limits;
 * resident memory is lower (see README). Window-TVF aggregation needs some managed memory (0
 * fails with "Initial Segment may not be null"); 64 MB covers four slots.
 */
export const FLINK_MEMORY = {
  jobManagerProcess: '512m',
  taskManagerProcess: '768m',
  taskManagerManaged: '64m',
  metaspace: '128m',
  overheadMin: '64m',
  /** The SQL Gateway is not a Flink-managed process: a plain heap limit. */
  gatewayHeap: '192m',
} as const;

/** Default task slots: enough for a notebook query, a sink job and a test at once. */
export const DEFAULT_FLINK_SLOTS = 4;

/**
 * The cluster's config.yaml (Flink 2.x reads standard YAML from --configDir, or FLINK_CONF_DIR
 * for the gateway): everything bound to 127.0.0.1, explicit memory, a private temp folder.
 */
export function flinkConfig(layout: FlinkLayout, tmpDir: string): Record<string, string | number> {
  return {
    'jobmanager.rpc.address': LOOPBACK,
    'jobmanager.rpc.port': layout.rpcPort,
    'jobmanager.bind-host': LOOPBACK,
    'taskmanager.bind-host': LOOPBACK,
    'taskmanager.host': LOOPBACK,
    'rest.address': LOOPBACK,
    'rest.bind-address': LOOPBACK,
    'rest.port': layout.restPort,
    'sql-gateway.endpoint.rest.address': LOOPBACK,
    'sql-gateway.endpoint.rest.bind-address': LOOPBACK,
    'sql-gateway.endpoint.rest.port': layout.gatewayPort,
    'taskmanager.numberOfTaskSlots': layout.slots,
    'parallelism.default': 1,
    'io.tmp.dirs': tmpDir,
    'web.tmpdir': tmpDir,
    'jobmanager.memory.process.size': FLINK_MEMORY.jobManagerProcess,
    'jobmanager.memory.jvm-metaspace.size': FLINK_MEMORY.metaspace,
    'jobmanager.memory.jvm-overhead.min': FLINK_MEMORY.overheadMin,
    'taskmanager.memory.process.size': FLINK_MEMORY.taskManagerProcess,
    'taskmanager.memory.managed.size': FLINK_MEMORY.taskManagerManaged,
    'taskmanager.memory.jvm-metaspace.size': FLINK_MEMORY.metaspace,
    'taskmanager.memory.jvm-overhead.min': FLINK_MEMORY.overheadMin,
    // Finished and cancelled jobs stay listed (flinkJobs) for an hour, at most 200 of them.
    'jobstore.expiration-time': 3600,
    'jobstore.max-capacity': 200,
  };
}

/** config.yaml text for `flinkConfig` (flat keys, values quoted only when YAML would misread them). */
export function toYaml(config: Record<string, string | number>): string {
  const value = (v: string | number): string => (typeof v === 'number' || /^[\w./-]+$/.test(v) ? String(v) : JSON.stringify(v));
  return `${Object.entries(config)
    .map(([key, v]) => `${key}: ${value(v)}`)
    .join('\n')}\n`;
}

/**
 * The JVM options Flink's release config applies on Java 17 (`env.java.opts.all`): the scripts pass
 * them, so a script-less start must too (Kryo and the planner reflect into these packages).
 */
export const JAVA17_OPENS: readonly string[] = [
  '--add-exports=java.base/sun.net.util=ALL-UNNAMED',
  '--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED',
  '--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED',
  '--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--add-opens=java.base/java.net=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang.reflect=ALL-UNNAMED',
  '--add-opens=java.base/java.text=ALL-UNNAMED',
  '--add-opens=java.base/java.time=ALL-UNNAMED',
  '--add-opens=java.base/java.util=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED',
  '--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED',
];

/** What `BashJavaUtils GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS` computes from config.yaml. */
export interface ResourceParams {
  /** Heap, direct memory and metaspace limits, e.g. ["-Xmx201326592", "-Xms201326592", ...]. */
  jvmArgs: string[];
  /** The derived memory settings, as ["-D", "key=value", ...] for the entry point. */
  dynamicArgs: string[];
}

/**
 * Parses BashJavaUtils' output: the two lines prefixed `BASH_JAVA_UTILS_EXEC_RESULT:` (JVM
 * options first, then `-D key=value` pairs); anything else it printed is log noise.
 */
export function parseResourceParams(output: string): ResourceParams {
  const results = output
    .split('\n')
    .filter((line) => line.startsWith('BASH_JAVA_UTILS_EXEC_RESULT:'))
    .map((line) => line.slice('BASH_JAVA_UTILS_EXEC_RESULT:'.length).trim());
  if (results.length < 2) throw new Error(`unexpected BashJavaUtils output: ${output.trim().split('\n').slice(-3).join(' | ')}`);
  const jvmArgs = results[results.length - 2].split(/\s+/).filter(Boolean);
  const dynamicArgs = results[results.length - 1].split(/\s+/).filter(Boolean);
  return { jvmArgs, dynamicArgs };
}
