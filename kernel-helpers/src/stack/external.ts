import { StackError } from '../errors.js';
import { statusAt, type ServiceAddresses } from './fixed-addresses.js';
import type { StackInfo } from './types.js';

/** The addresses in KAFKA_BROKERS, DATABASE_URL and CONNECT_URL, or undefined when KAFKA_BROKERS is unset. */
export function externalAddresses(env: NodeJS.ProcessEnv = process.env): ServiceAddresses | undefined {
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

/** Waits until every service with an address answers; for a stack the user runs, nothing is started. */
export async function ensureExternal(addresses: ServiceAddresses, options: { flink?: boolean } = {}): Promise<StackInfo> {
  const info = await statusAt('external', addresses);
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
