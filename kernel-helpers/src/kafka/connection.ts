import type { Kafka } from 'kafkajs';
import { StreamlabError } from '../errors.js';
import { forgetStack } from '../stack/index.js';
import { bootstrapOf } from './client.js';
import { redactSecrets } from './security.js';

/** No broker answered at the given address (retriable: it may still be starting). */
export class BrokerUnreachableError extends StreamlabError {
  static override readonly retriable = true;
}

/** The cluster refused the SASL credentials or the TLS handshake (not retriable: the same credentials fail again). */
export class KafkaAuthenticationError extends StreamlabError {}

/** kafkajs's reason when `error` (or what it wraps) is a SASL authentication or TLS failure; undefined otherwise. Never the password. */
export function authenticationFailure(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed|self[- ]signed certificate|unable to verify the first certificate|certificate/i.test(current.message)) {
      return redactSecrets(current.message.split('\n')[0]);
    }
    current = (current as Error & { originalError?: unknown }).originalError ?? current.cause;
  }
  return undefined;
}

/** kafkajs error names that mean "nobody answers there" rather than "the request failed". */
const UNREACHABLE = new Set(['KafkaJSConnectionError', 'KafkaJSNumberOfRetriesExceeded', 'KafkaJSBrokerNotFound', 'KafkaJSRequestTimeoutError']);

/** Whether `error` (or what it wraps) says no broker could be reached. */
export function isUnreachable(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = (current as Error & { originalError?: unknown }).originalError ?? current.cause) {
    if (current.name === 'KafkaJSConnectionError' || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|Connection timeout/.test(current.message)) return true;
    if (!UNREACHABLE.has(current.name)) return false;
  }
  return false;
}

/**
 * Connects a kafkajs admin, producer or consumer; when no broker answers, fails with one
 * BrokerUnreachableError naming the address instead of kafkajs's wall of retries.
 */
export async function connectTo<T extends { connect(): Promise<void> }>(part: T, client: Kafka): Promise<T> {
  try {
    await part.connect();
    return part;
  } catch (error) {
    const refused = authenticationFailure(error);
    if (refused) {
      throw new KafkaAuthenticationError(`Kafka at ${bootstrapOf(client)} refused the credentials: ${refused}`, {
        hint: 'check KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (and KAFKA_SSL / KAFKA_SSL_CA for TLS)',
        cause: error,
      });
    }
    if (isUnreachable(error)) {
      forgetStack(); // the stack may have moved or stopped: the next helper call probes it again
      const bootstrap = bootstrapOf(client);
      throw new BrokerUnreachableError(`no Kafka broker answers at ${bootstrap}`, {
        hint: 'check the address (npm run stack:status shows the right one) and that the stack is up (npm run stack:up)',
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The error for a consumer that kafkajs gave up on while it was reading (the broker was killed or
 * went away): one line naming the cluster and the topic, with kafkajs's reason.
 */
export function lostBroker(client: Kafka, topic: string, error: unknown): StreamlabError {
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  if (!isUnreachable(error)) {
    return new StreamlabError(`the consumer of "${topic}" stopped: ${reason}`, { hint: 'read the broker log: npm run stack:logs -- kafka', cause: error });
  }
  return new BrokerUnreachableError(`lost the Kafka broker at ${bootstrapOf(client)} while reading "${topic}": ${reason}`, {
    hint: 'is the stack up? npm run stack:status, then npm run stack:up (it restarts what is down)',
    cause: error,
  });
}

/**
 * kafkajs's `retry` settings for the helpers' consumers: after a crash, kafkajs restarts the
 * consumer (a coordinator moving during a failover) unless the crash was "no broker answers" and
 * indeed no broker of the cluster answers now; then the read ends with one error (see
 * `lostBroker`) instead of restarting until its time budget runs out.
 */
export function restartUnlessGone(client: Kafka): { retries: number; initialRetryTime: number; restartOnFailure: (error: Error) => Promise<boolean> } {
  return {
    retries: 3,
    initialRetryTime: 200,
    restartOnFailure: async (error) => !isUnreachable(error) || (await anyBrokerAnswers(client)),
  };
}

async function anyBrokerAnswers(client: Kafka): Promise<boolean> {
  const admin = client.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Runs `work` with a connected admin client of `client`, always disconnecting it. */
export async function withAdmin<T>(client: Kafka, work: (admin: ReturnType<Kafka['admin']>) => Promise<T>): Promise<T> {
  const admin = await connectTo(client.admin(), client);
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}
