import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { ensure } from '../stack/index.js';

const clients = new Map<string, Kafka>();

/**
 * A kafkajs client for `bootstrap` (comma-separated host:port). Quiet logs (errors only), short
 * connection timeout so a wrong address fails in seconds, kafkajs's own retries otherwise.
 */
export function createKafka(bootstrap: string, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'streamlab',
    brokers: bootstrap.split(',').map((address) => address.trim()),
    logLevel: logLevel.ERROR,
    connectionTimeout: 3000,
    retry: { retries: 3, initialRetryTime: 200 },
    ...config,
  });
}

/** The shared client of the running stack (started by `ensure()` if needed). */
export async function kafka(): Promise<Kafka> {
  const info = await ensure({ services: ['kafka'] });
  let client = clients.get(info.kafka.bootstrap);
  if (!client) {
    client = createKafka(info.kafka.bootstrap);
    clients.set(info.kafka.bootstrap, client);
  }
  return client;
}
