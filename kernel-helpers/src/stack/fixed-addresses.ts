import { probeConnect } from './connect.js';
import { probeFlink } from './native-flink.js';
import { probeCluster } from './kafka-node.js';
import { probeReplication } from './postgres.js';
import type { ProviderName, ServiceState, StackInfo } from './types.js';

/** Addresses of services that someone else runs (the user, or Docker Compose). */
export interface ServiceAddresses {
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

/** Probes services at fixed addresses; a service with no address is reported down. */
export async function statusAt(provider: ProviderName, addresses: ServiceAddresses): Promise<StackInfo> {
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
