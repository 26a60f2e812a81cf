/**
 * The stack: where Kafka, PostgreSQL, Kafka Connect (and, on request, Apache Flink) come from,
 * and how to reach them.
 * Every notebook and test calls `ensure()` and receives the same `StackInfo`, whichever provider
 * runs the services (native jars and binaries, Docker Compose, or the user's own).
 */
import { StackError } from '../errors.js';
import { downNative, statusNative, upNative } from './native.js';
import { compose, COMPOSE_ADDRESSES, dockerEngineReachable, upDocker } from './docker.js';
import { ensureExternal, externalAddresses } from './external.js';
import { statusAt } from './fixed-addresses.js';
import { bootstrapServers } from './kafka-config.js';
import { flinkNotStarted, statusFlinkNative } from './native-flink.js';
import { stateDir } from './paths.js';
import { readState } from './state.js';
import type { FlinkInfo, ProviderName, StackInfo, UpOptions } from './types.js';

export { flinkNotStarted };

export type * from './types.js';
export { StackError } from '../errors.js';
/** Polls until a condition holds, with a named timeout: what cells use instead of sleeps. */
export { waitUntil, type WaitOptions } from '../wait.js';
export { KAFKA_TOOLS, kafkaToolArguments, runKafkaTool, isKafkaTool, type KafkaToolName, type KafkaToolResult } from './kafka-tools.js';
export { labClusterHome, restartLabNodes, startLabCluster, stopLabCluster, stopLabNode } from './lab-cluster.js';

/**
 * Which provider runs the stack: `STREAMLAB_PROVIDER` if set; `external` when KAFKA_BROKERS is
 * set; `docker` when a Docker engine answers; otherwise `native`.
 */
export function chooseProvider(env: NodeJS.ProcessEnv = process.env, hasDocker: () => boolean = dockerEngineReachable): ProviderName {
  const requested = env.STREAMLAB_PROVIDER;
  if (requested) {
    if (requested === 'native' || requested === 'docker' || requested === 'external') return requested;
    throw new StackError(`STREAMLAB_PROVIDER=${requested} is not a provider`, { hint: 'use native, docker or external' });
  }
  if (env.KAFKA_BROKERS) return 'external';
  return hasDocker() ? 'docker' : 'native';
}

/** Starts what is missing and waits until every requested service is ready. */
export async function up(options: UpOptions = {}): Promise<StackInfo> {
  switch (chooseProvider()) {
    case 'native':
      return upNative(options);
    case 'docker':
      return upDocker(options);
    case 'external':
      return ensureExternal(externalOrFail(), options);
  }
}

/** What `ensure()` found last, per environment (provider, addresses, home): probed once per process. */
const ensured = new Map<string, Promise<StackInfo>>();

/** The environment variables that decide which stack `ensure()` talks to. */
function ensureCacheKey(env: NodeJS.ProcessEnv = process.env): string {
  return [env.STREAMLAB_PROVIDER, env.STREAMLAB_HOME, env.KAFKA_BROKERS, env.DATABASE_URL, env.CONNECT_URL].join('\u0000');
}

/**
 * Reuses a running stack or starts one, then returns its connection info. Safe to call from
 * every notebook: a second caller waits for the first and finds the same broker.
 *
 * The answer is kept for the rest of the process (probing the services costs tens of ms, and
 * every helper call asks): a later call returns it at once while it covers the services asked
 * for. A helper that cannot connect calls `forgetStack()`, so the next call probes again.
 */
export async function ensure(options: UpOptions = {}): Promise<StackInfo> {
  const wanted = options.services ?? (['kafka', 'postgres', 'connect'] as const);
  const covers = (info: StackInfo): boolean => wanted.every((service) => info[service].state === 'up') && (!options.flink || info.flink.state === 'up');
  const key = ensureCacheKey();
  const known = ensured.get(key);
  if (known) {
    const info = await known.catch(() => undefined);
    if (info && covers(info)) return info;
  }
  const probing = (async () => {
    const current = await status();
    if (covers(current)) return current;
    return up(options);
  })();
  ensured.set(key, probing);
  probing.catch(() => {
    if (ensured.get(key) === probing) ensured.delete(key);
  });
  return probing;
}

/** Forgets what `ensure()` found: the next call probes the services again (after a connection error, a restart). */
export function forgetStack(): void {
  ensured.clear();
}

/** The provider's services, their addresses and whether each answers now. */
export async function status(): Promise<StackInfo> {
  switch (chooseProvider()) {
    case 'native':
      return statusNative();
    case 'docker':
      return statusAt('docker', COMPOSE_ADDRESSES);
    case 'external':
      return statusAt('external', externalOrFail());
  }
}

/**
 * Flink's part of `status()` alone (no Kafka or PostgreSQL probe): what `flinkSql` asks before
 * each statement batch.
 */
export async function flinkStatus(): Promise<FlinkInfo> {
  switch (chooseProvider()) {
    case 'native': {
      const home = stateDir();
      const state = readState(home);
      return { ...(await statusFlinkNative(home, state)), kafkaBootstrap: state ? bootstrapServers(state.kafka) : '' };
    }
    case 'docker':
      return (await statusAt('docker', COMPOSE_ADDRESSES)).flink;
    case 'external':
      return (await statusAt('external', externalOrFail())).flink;
  }
}

/** Stops what this project started (never an external stack); `wipe` also deletes data and logs. */
export async function down(options: { wipe?: boolean; onProgress?: (line: string) => void } = {}): Promise<void> {
  forgetStack();
  switch (chooseProvider()) {
    case 'native':
      return downNative(options);
    case 'docker':
      return compose(['--profile', 'flink', ...(options.wipe ? ['down', '--volumes'] : ['down'])]);
    case 'external':
      options.onProgress?.('external stack: nothing to stop (Streamlab did not start it)');
  }
}

function externalOrFail() {
  const addresses = externalAddresses();
  if (!addresses) throw new StackError('STREAMLAB_PROVIDER=external needs KAFKA_BROKERS', { hint: 'export KAFKA_BROKERS=host:port (and DATABASE_URL, CONNECT_URL)' });
  return addresses;
}
