import type { Kafka } from 'kafkajs';
import { StreamlabError } from '../errors.js';
import { bootstrapOf } from './client.js';

/** No broker answered at the given address (retriable: it may still be starting). */
export class BrokerUnreachableError extends StreamlabError {
  static override readonly retriable = true;
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
    if (isUnreachable(error)) {
      const bootstrap = bootstrapOf(client);
      throw new BrokerUnreachableError(`no Kafka broker answers at ${bootstrap}`, {
        hint: 'check the address (npm run stack:status shows the right one) and that the stack is up (npm run stack:up)',
        cause: error,
      });
    }
    throw error;
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
