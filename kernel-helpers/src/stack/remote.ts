import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { StackError } from '../errors.js';
import { probeConnect } from './connect.js';
import { probeFlink } from './native-flink.js';
import { probeCluster } from './kafka-node.js';
import { repoRoot, stateDir } from './paths.js';
import { debeziumPassword, ensureDebeziumRole, probeReplication, seedShop } from './postgres.js';
import { waitUntil } from '../wait.js';
import type { ProviderName, ServiceState, StackInfo } from './types.js';

/** Addresses of services that someone else runs (the user, or Docker Compose). */
export interface RemoteAddresses {
  kafka: string;
  postgres: string;
  connect: string;
  /** Flink JobManager REST / web UI ('' when unknown). */
  flinkRest?: string;
  /** Flink SQL Gateway REST endpoint ('' when there is none). */
  flinkGateway?: string;
  /** Kafka as Flink's jobs reach it (default: `kafka`). */
  flinkKafka?: string;
}

/** What `docker-compose.yml` publishes on the host (all on 127.0.0.1). */
export const COMPOSE_ADDRESSES: RemoteAddresses = {
  kafka: '127.0.0.1:9092',
  postgres: 'postgres://streamlab:streamlab@127.0.0.1:5432/shop',
  connect: 'http://127.0.0.1:8083',
  flinkRest: 'http://127.0.0.1:8081',
  flinkGateway: 'http://127.0.0.1:8084',
  flinkKafka: 'kafka:29092',
};

/** The addresses in KAFKA_BROKERS, DATABASE_URL and CONNECT_URL, or undefined when KAFKA_BROKERS is unset. */
export function externalAddresses(env: NodeJS.ProcessEnv = process.env): RemoteAddresses | undefined {
  if (!env.KAFKA_BROKERS) return undefined;
  return {
    kafka: env.KAFKA_BROKERS,
    postgres: env.DATABASE_URL ?? '',
    connect: env.CONNECT_URL ?? '',
    flinkRest: env.FLINK_REST_URL ?? '',
    flinkGateway: env.FLINK_GATEWAY_URL ?? '',
    flinkKafka: env.FLINK_KAFKA_BOOTSTRAP ?? env.KAFKA_BROKERS,
  };
}

/** Probes services at fixed addresses; a service with no address is reported down. */
export async function statusRemote(provider: ProviderName, addresses: RemoteAddresses): Promise<StackInfo> {
  const state = async (address: string, probe: () => Promise<unknown>): Promise<ServiceState> =>
    address && (await probe().catch(() => false)) ? 'up' : 'down';
  const nodeIds = await probeCluster(addresses.kafka).catch(() => [] as number[]);
  return {
    provider,
    kafka: {
      bootstrap: addresses.kafka,
      state: nodeIds.length ? 'up' : 'down',
      nodes: nodeIds.map((id) => ({ id, address: addresses.kafka, state: 'up' as const })),
    },
    postgres: { url: addresses.postgres, state: await state(addresses.postgres, () => probeReplication(addresses.postgres)) },
    connect: { url: addresses.connect, state: await state(addresses.connect, () => probeConnect(addresses.connect)) },
    flink: {
      restUrl: addresses.flinkRest ?? '',
      gatewayUrl: addresses.flinkGateway ?? '',
      kafkaBootstrap: addresses.flinkKafka ?? addresses.kafka,
      ...(addresses.flinkGateway ? await probeFlink(addresses.flinkRest ?? '', addresses.flinkGateway) : { state: 'down' as const }),
    },
  };
}

/** Waits until every service with an address answers; for a stack the user runs, nothing is started. */
export async function ensureExternal(addresses: RemoteAddresses, options: { flink?: boolean } = {}): Promise<StackInfo> {
  const info = await statusRemote('external', addresses);
  const down = (['kafka', 'postgres', 'connect'] as const).filter((name) => (name === 'kafka' || addresses[name]) && info[name].state !== 'up');
  if (options.flink && info.flink.state !== 'up') {
    throw new StackError(
      addresses.flinkGateway ? `the external Flink SQL Gateway does not answer at ${addresses.flinkGateway}` : 'no Flink SQL Gateway is configured for the external stack',
      { hint: 'export FLINK_GATEWAY_URL=http://host:port (and FLINK_REST_URL for the JobManager), or unset KAFKA_BROKERS to let Streamlab run Flink' },
    );
  }
  if (down.length) {
    throw new StackError(`the external stack does not answer: ${down.map((name) => `${name} at ${addresses[name]}`).join(', ')}`, {
      hint: 'start those services, fix KAFKA_BROKERS / DATABASE_URL / CONNECT_URL, or unset KAFKA_BROKERS to let Streamlab run its own stack',
    });
  }
  return info;
}

/** True when a Docker engine answers (`docker info`), within two seconds. */
export function dockerEngineReachable(): boolean {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 2000 });
  return result.status === 0 && result.stdout.trim() !== '';
}

/** `docker compose <args>` on the repository's docker-compose.yml, output passed through. */
export async function compose(args: string[]): Promise<void> {
  const child = spawn('docker', ['compose', '-p', 'streamlab', '-f', join(repoRoot, 'docker-compose.yml'), ...args], { stdio: 'inherit' });
  const code = await new Promise<number | null>((resolveExit) => child.on('close', resolveExit));
  if (code !== 0) {
    throw new StackError(`docker compose ${args.join(' ')} failed (exit ${code})`, {
      hint: 'read the output above; "docker compose logs" shows each service, or set STREAMLAB_PROVIDER=native',
    });
  }
}

/** Starts the Compose stack (with the `flink` profile on request) and waits for the same readiness as native. */
export async function upDocker(options: { flink?: boolean } = {}): Promise<StackInfo> {
  await compose([...(options.flink ? ['--profile', 'flink'] : []), 'up', '-d', '--wait']);
  const info = await waitUntil(
    async () => {
      const current = await statusRemote('docker', COMPOSE_ADDRESSES);
      const services = options.flink ? [current.kafka, current.postgres, current.connect, current.flink] : [current.kafka, current.postgres, current.connect];
      return services.every((service) => service.state === 'up') && current;
    },
    { what: 'the Docker Compose services to answer', timeoutMs: 180_000, hint: 'run "docker compose ps" and "docker compose logs"' },
  );
  await seedShop(COMPOSE_ADDRESSES.postgres);
  await ensureDebeziumRole(COMPOSE_ADDRESSES.postgres, debeziumPassword(stateDir()));
  return info;
}
