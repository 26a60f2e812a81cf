import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import { ensure } from '../stack/index.js';
import { securityFor } from './security.js';

const clients = new Map<string, Kafka>();
const bootstraps = new WeakMap<Kafka, string>();

/**
 * Which cluster a helper talks to. Default: the shared stack (`ensure()`); `bootstrap` targets
 * another one, e.g. a lab cluster from `startLabCluster` (`{ bootstrap: lab.bootstrap }`).
 */
export interface ClusterTarget {
  /** Comma-separated host:port list; default the shared stack's broker. */
  bootstrap?: string;
}

/**
 * A NEW kafkajs client for `bootstrap` (comma-separated host:port): the ONE place Streamlab creates
 * clients (helpers, the stream engine, stack tools); internal to the library (notebooks and tests
 * use `kafkaClient`, cached per cluster). Quiet logs (errors only), short connection
 * timeout so a wrong address fails in seconds, kafkajs's own retries otherwise; for the external
 * cluster (`KAFKA_BROKERS`), TLS and SASL from `KAFKA_SSL`, `KAFKA_SSL_CA`, `KAFKA_SASL_*`.
 */
export function createKafka(bootstrap: string, config: Partial<KafkaConfig> = {}): Kafka {
  const client = new Kafka({
    clientId: 'streamlab',
    brokers: bootstrap.split(',').map((address) => address.trim()),
    ...securityFor(bootstrap),
    logLevel: logLevel.ERROR,
    logCreator: quietLogs,
    connectionTimeout: 3000,
    retry: { retries: 3, initialRetryTime: 200 },
    ...config,
  });
  bootstraps.set(client, bootstrap);
  return client;
}

/** kafkajs namespaces whose errors are retries in progress: the helpers report the outcome once, as a StreamlabError. */
const RETRY_NOISE = new Set(['Connection', 'BrokerPool', 'Cluster', 'Producer', 'Runner']);

/**
 * Consumer errors kafkajs recovers from by itself (a coordinator moving during a failover), and
 * crashes for a broker that went away, which the helpers report once as a BrokerUnreachableError.
 */
const RECOVERED = /coordinator is loading|not the correct coordinator|Restarting the consumer|^Crash: .*(Connection error|No broker available|ECONNREFUSED|Connection timeout)/i;

/** kafkajs's errors as one line on stderr, minus the retry noise the helpers already turn into one clear error. */
const quietLogs: logCreator = () => ({ namespace, log }) => {
  // SASL failures are reported once by connectTo as a KafkaAuthenticationError.
  if (RETRY_NOISE.has(namespace) || namespace.startsWith('SaslAuthenticator') || RECOVERED.test(log.message)) return;
  process.stderr.write(`kafkajs ${namespace}: ${log.message}\n`);
};

/**
 * The kafkajs client a notebook uses when the helpers are not enough (`(await kafkaClient()).admin()`):
 * the running stack's (started by `ensure()` if needed), or the cluster `target.bootstrap` names
 * (a lab cluster). One client per cluster, shared with every helper; TLS/SASL from the environment
 * for the external cluster.
 */
export async function kafkaClient(target: ClusterTarget = {}): Promise<Kafka> {
  return cachedClient(target.bootstrap || (await ensure({ services: ['kafka'] })).kafka.bootstrap);
}

/** The bootstrap list a client was created with (for error messages); "?" for foreign clients. */
export function bootstrapOf(client: Kafka): string {
  return bootstraps.get(client) ?? '?';
}

function cachedClient(bootstrap: string): Kafka {
  let client = clients.get(bootstrap);
  if (!client) {
    client = createKafka(bootstrap);
    clients.set(bootstrap, client);
  }
  return client;
}
