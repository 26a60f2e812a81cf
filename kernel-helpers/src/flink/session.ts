import { flinkNotStarted, flinkStatus } from '../stack/index.js';
import { GatewayClient, SessionGoneError } from './gateway.js';

/** The kernel's Flink session: the gateway, the session handle, and where the JobManager answers. */
export interface FlinkSession {
  client: GatewayClient;
  handle: string;
  /** JobManager REST / web UI ('' when unknown, e.g. an external gateway without FLINK_REST_URL). */
  restUrl: string;
  /** Kafka bootstrap servers as Flink's jobs reach them. */
  kafkaBootstrap: string;
}

/**
 * Session properties every statement runs with. UTC, so TIMESTAMP_LTZ values and CURRENT_WATERMARK
 * print the same on every machine.
 */
export const SESSION_PROPERTIES: Readonly<Record<string, string>> = { 'table.local-time-zone': 'UTC' };

/** Heartbeat period: the gateway closes sessions idle for longer than its idle timeout (10 min). */
const HEARTBEAT_MS = 60_000;

let current: Promise<FlinkSession> | undefined;
let heartbeat: NodeJS.Timeout | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * The one session of this process (kernel), opened on first use. Tables created with CREATE TABLE
 * live in it, so every statement of a notebook sees them. Flink not running → a StackError
 * saying how to start it.
 */
export function flinkSession(): Promise<FlinkSession> {
  current ??= openSession().catch((error: unknown) => {
    current = undefined;
    throw error;
  });
  return current;
}

async function openSession(): Promise<FlinkSession> {
  const info = await flinkStatus();
  if (info.state !== 'up' || !info.gatewayUrl) throw flinkNotStarted();
  const client = new GatewayClient(info.gatewayUrl);
  const handle = await client.openSession({ ...SESSION_PROPERTIES }, `streamlab-${process.pid}`);
  clearInterval(heartbeat);
  heartbeat = setInterval(() => void client.heartbeat(handle).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  return { client, handle, restUrl: info.restUrl, kafkaBootstrap: info.kafkaBootstrap ?? '' };
}

/**
 * Runs `task` after every statement submitted before it has finished: statements of one kernel
 * run in order, as in a SQL client. A session the gateway forgot is reopened once.
 */
export function inOrder<T>(task: (session: FlinkSession) => Promise<T>): Promise<T> {
  const run = queue.then(async () => {
    try {
      return await task(await flinkSession());
    } catch (error) {
      if (!(error instanceof SessionGoneError)) throw error;
      current = undefined;
      return task(await flinkSession());
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Closes this kernel's session: its tables are forgotten and any query job it still runs is
 * cancelled. The next statement opens a fresh session.
 */
export async function closeFlinkSession(): Promise<void> {
  const session = current;
  current = undefined;
  clearInterval(heartbeat);
  if (!session) return;
  const opened = await session.catch(() => undefined);
  await opened?.client.closeSession(opened.handle).catch(() => undefined);
}
