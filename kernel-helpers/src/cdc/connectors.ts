import { isRetriable, StreamlabError } from '../errors.js';
import { ensure } from '../stack/index.js';
import { sleep, waitUntil } from '../wait.js';
import { connectErrorText, isTransientConflict, readableTrace } from './trace.js';

/** A Kafka Connect connector as the REST API takes it: a name and string settings. */
export interface ConnectorConfig {
  name: string;
  config: Record<string, string>;
}

/** Kafka Connect rejected a connector, or the connector failed. */
export class ConnectorError extends StreamlabError {}

export type ConnectorState = 'RUNNING' | 'PAUSED' | 'FAILED' | 'UNASSIGNED' | 'RESTARTING' | 'STOPPED';

export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectorState; trace?: string; worker_id?: string };
  tasks: Array<{ id: number; state: ConnectorState; trace?: string; worker_id?: string }>;
}

export interface PostgresSource {
  /** Connector name, also the replication slot's base name. */
  name: string;
  /** Topics are `<topicPrefix>.<schema>.<table>`. */
  topicPrefix: string;
  /** Tables to capture, e.g. ['public.orders']. */
  tables: string[];
  /** postgres://user:password@host:port/database as seen from Kafka Connect. */
  databaseUrl: string;
}

/** The replication slot name Debezium uses for a connector name (lower case, [a-z0-9_]). */
export function slotNameFor(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

/**
 * The Debezium PostgreSQL connector config for the course: pgoutput (built into PostgreSQL),
 * a filtered publication for just these tables, decimals as strings. The slot is kept when the
 * connector stops (a restart resumes where it stopped, losing nothing) and dropped by
 * `deleteConnector`.
 */
export function postgresConnectorConfig(source: PostgresSource): ConnectorConfig {
  const url = new URL(source.databaseUrl);
  const slot = slotNameFor(source.name);
  return {
    name: source.name,
    config: {
      'connector.class': 'io.debezium.connector.postgresql.PostgresConnector',
      'database.hostname': url.hostname,
      'database.port': url.port || '5432',
      'database.user': decodeURIComponent(url.username),
      'database.password': decodeURIComponent(url.password),
      'database.dbname': url.pathname.replace(/^\//, ''),
      'topic.prefix': source.topicPrefix,
      'table.include.list': source.tables.join(','),
      'plugin.name': 'pgoutput',
      'slot.name': slot,
      'publication.name': `${slot}_publication`,
      'publication.autocreate.mode': 'filtered',
      'slot.drop.on.stop': 'false',
      'decimal.handling.mode': 'string',
      'time.precision.mode': 'connect',
      'tasks.max': '1',
    },
  };
}

async function connectUrl(): Promise<string> {
  return (await ensure({ services: ['kafka', 'postgres', 'connect'] })).connect.url;
}

interface ConnectAnswer<T> {
  status: number;
  body: T | undefined;
  /** Connect's error in one line when status >= 400 (JSON message or the text of an error page). */
  error?: string;
}

/** How long a request refused by a rebalance in progress is sent again before its 409 counts. */
const CONFLICT_RETRY_MS = 30_000;

/**
 * One REST call to Connect. A 409 that only means "a rebalance is in progress" (right after a
 * config change, typically) is sent again for up to 30 s, so `updateConnector` followed by a
 * restart does not fail on Connect's own catch-up. Never throws a SyntaxError on a non-JSON page:
 * that becomes `error`.
 */
async function request<T>(method: string, path: string, body?: unknown): Promise<ConnectAnswer<T>> {
  const deadline = Date.now() + CONFLICT_RETRY_MS;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2_000)) {
    const answer = await requestOnce<T>(method, path, body);
    if (!isTransientConflict(answer.status, answer.error) || Date.now() + pause > deadline) return answer;
    await sleep(pause);
  }
}

async function requestOnce<T>(method: string, path: string, body?: unknown): Promise<ConnectAnswer<T>> {
  const base = await connectUrl();
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ConnectorError(`Kafka Connect at ${base} did not answer ${method} ${path}: ${fetchFailure(error)}`, {
      hint: 'is Connect up? npm run stack:status (npm run stack:up starts it again); its log: npm run stack:logs -- connect',
      cause: error,
      retriable: isRetriable(error),
    });
  }
  const text = await response.text();
  let parsed: T | undefined;
  try {
    parsed = text ? (JSON.parse(text) as T) : undefined;
  } catch {
    parsed = undefined;
  }
  const error = response.status >= 400 ? connectErrorText(response.status, text) : undefined;
  if (response.status < 400 && text && parsed === undefined) {
    throw new ConnectorError(`Kafka Connect answered ${method} ${path} with a page that is not JSON: ${connectErrorText(response.status, text)}`, {
      hint: `is ${base} really Kafka Connect's REST API?`,
    });
  }
  return { status: response.status, body: parsed, error };
}

/** Why a fetch failed, in one line: undici says only "fetch failed" and keeps the reason (ECONNREFUSED, a timeout) in `cause`. */
function fetchFailure(error: unknown): string {
  const { message, cause } = error as Error & { cause?: { code?: string; message?: string } };
  const reason = cause?.code ?? cause?.message;
  return reason && !message.includes(reason) ? `${message} (${reason})` : message;
}

function connectorPath(name: string, tail = ''): string {
  return `/connectors/${encodeURIComponent(name)}${tail}`;
}

/**
 * The problems Connect finds in a config, as `setting: message` lines (empty when valid).
 * Connect 4.3 answers a PUT of an invalid Debezium config with HTTP 500 (a NullPointerException
 * on a value-less entry Debezium adds), so the validate endpoint is asked first.
 */
export async function validateConnector(connector: ConnectorConfig): Promise<string[]> {
  const className = connector.config['connector.class'] ?? '';
  const answer = await request<{ configs?: Array<{ value: { name: string; errors: string[] } | null }> }>(
    'PUT',
    `/connector-plugins/${encodeURIComponent(className)}/config/validate`,
    { ...connector.config, name: connector.name },
  );
  if (answer.error) return [answer.error];
  return (answer.body?.configs ?? []).flatMap((entry) => (entry.value?.errors ?? []).map((error) => `${entry.value?.name}: ${error}`));
}

async function putConfig(connector: ConnectorConfig): Promise<void> {
  const problems = await validateConnector(connector);
  if (problems.length === 0) {
    const answer = await request('PUT', connectorPath(connector.name, '/config'), { ...connector.config, name: connector.name });
    if (!answer.error) return;
    problems.push(answer.error);
  }
  throw new ConnectorError(`Kafka Connect rejected connector "${connector.name}": ${problems.join('; ')}`, {
    hint: 'fix the config (connector.class, database.* settings) and register it again',
  });
}

/**
 * Creates the connector, or updates its config if it exists (PUT is idempotent). A config Connect
 * rejects (unknown class, missing or invalid setting, unreachable database) throws a
 * ConnectorError with Connect's reasons.
 */
export async function registerConnector(connector: ConnectorConfig): Promise<void> {
  await putConfig(connector);
}

/**
 * Replaces the config of an existing connector (validated first); Connect restarts it with the
 * new settings, and failed tasks are restarted too. Throws a ConnectorError when there is no such
 * connector.
 */
export async function updateConnector(connector: ConnectorConfig): Promise<void> {
  if (!(await connectorConfig(connector.name))) throw missing(connector.name);
  await putConfig(connector);
  // A FAILED task stays FAILED after a config change: restart those, so the new config runs now.
  await restartConnector(connector.name, { onlyFailed: true });
}

/** The stored config of a connector; undefined when it does not exist. */
export async function connectorConfig(name: string): Promise<Record<string, string> | undefined> {
  const answer = await request<Record<string, string>>('GET', connectorPath(name, '/config'));
  if (answer.status === 404) return undefined;
  if (answer.error) throw new ConnectorError(`cannot read connector "${name}": ${answer.error}`, { hint: 'read the Connect log: npm run stack:logs -- connect' });
  return answer.body;
}

function missing(name: string): ConnectorError {
  return new ConnectorError(`there is no connector "${name}"`, { hint: 'register it first (registerConnector), or check the name with cdcStatus()' });
}

async function command(method: string, name: string, tail: string, what: string): Promise<void> {
  const answer = await request(method, connectorPath(name, tail));
  if (answer.status === 404) throw missing(name);
  if (answer.error) throw new ConnectorError(`Kafka Connect could not ${what} connector "${name}": ${answer.error}`, { hint: 'read the Connect log: npm run stack:logs -- connect' });
}

/** Pauses the connector and its tasks: no events flow, the slot keeps the WAL from here. */
export async function pauseConnector(name: string): Promise<void> {
  await command('PUT', name, '/pause', 'pause');
}

/** Resumes a paused connector; it continues from its last committed offset. */
export async function resumeConnector(name: string): Promise<void> {
  await command('PUT', name, '/resume', 'resume');
}

/**
 * Restarts the connector and its tasks (`onlyFailed: true` restarts only the FAILED ones).
 * The task resumes from its last committed offset: committed changes are not lost.
 */
export async function restartConnector(name: string, options: { onlyFailed?: boolean } = {}): Promise<void> {
  await command('POST', name, `/restart?includeTasks=true&onlyFailed=${options.onlyFailed === true}`, 'restart');
}

/** The connector's state and its tasks' states; undefined when it does not exist. */
export async function connectorStatus(name: string): Promise<ConnectorStatus | undefined> {
  const answer = await request<ConnectorStatus>('GET', connectorPath(name, '/status'));
  if (answer.status === 404) return undefined;
  if (answer.error) {
    // 409 (a worker rebalance in progress) and 5xx may pass; other answers will not.
    throw new ConnectorError(`cannot read the status of connector "${name}": ${answer.error}`, { hint: 'read the Connect log: npm run stack:logs -- connect', retriable: answer.status === 409 || answer.status >= 500 });
  }
  return answer.body;
}

/** Every connector's status (one request). */
export async function allConnectorStatuses(): Promise<ConnectorStatus[]> {
  const answer = await request<Record<string, { status: ConnectorStatus }>>('GET', '/connectors?expand=status');
  if (answer.error) throw new ConnectorError(`cannot list connectors: ${answer.error}`, { hint: 'read the Connect log: npm run stack:logs -- connect' });
  return Object.values(answer.body ?? {}).map((entry) => entry.status);
}

/**
 * Waits until the connector and all its tasks are RUNNING (real readiness, never a fixed sleep).
 * A FAILED connector or task ends the wait at once with one readable line: the Java trace's first
 * meaningful cause (see `readableTrace`), not the whole trace.
 */
export async function waitForConnector(name: string, timeoutMs = 60_000): Promise<ConnectorStatus> {
  return waitUntil(
    async () => {
      const current = await connectorStatus(name);
      if (!current) return undefined;
      const failed = [current.connector, ...current.tasks].find((part) => part.state === 'FAILED');
      if (failed) {
        throw new ConnectorError(`connector "${name}" FAILED: ${readableTrace(failed.trace)}`, {
          hint: 'fix the cause (config, database, table), then updateConnector or deleteConnector and register again; full trace: npm run stack:logs -- connect',
        });
      }
      const running = current.connector.state === 'RUNNING' && current.tasks.length > 0 && current.tasks.every((task) => task.state === 'RUNNING');
      return running ? current : undefined;
    },
    { what: `connector "${name}" and its tasks to be RUNNING`, timeoutMs, hint: 'read the Connect log: npm run stack:logs -- connect', rethrow: ConnectorError },
  );
}

/** Waits until the connector's state (and its tasks') is `state`, e.g. PAUSED. */
export async function waitForConnectorState(name: string, state: ConnectorState, timeoutMs = 30_000): Promise<ConnectorStatus> {
  return waitUntil(
    async () => {
      const current = await connectorStatus(name);
      return current && current.connector.state === state && current.tasks.every((task) => task.state === state) ? current : undefined;
    },
    { what: `connector "${name}" to be ${state}`, timeoutMs, hint: 'read the Connect log: npm run stack:logs -- connect', rethrow: ConnectorError },
  );
}

/**
 * Removes the connector so the same name can be registered again from scratch: stop it, delete
 * its stored offsets (otherwise a new connector of that name resumes from them and fails), then
 * delete it. Returns its last config (for cleaning up its slot), or undefined if it did not exist.
 * `deleteConnector` (in capture) also drops the slot and the publication.
 */
export async function removeConnector(name: string): Promise<Record<string, string> | undefined> {
  const config = await connectorConfig(name);
  if (!config) return undefined;
  const stopped = await request('PUT', connectorPath(name, '/stop'));
  if (stopped.status === 404) return undefined;
  await waitUntil(async () => (await connectorStatus(name))?.connector.state === 'STOPPED', {
    what: `connector "${name}" to stop`,
    timeoutMs: 30_000,
    hint: 'read the Connect log: npm run stack:logs -- connect',
  });
  await request('DELETE', connectorPath(name, '/offsets'));
  const deleted = await request('DELETE', connectorPath(name));
  if (deleted.error && deleted.status !== 404) throw new ConnectorError(`Kafka Connect could not delete connector "${name}": ${deleted.error}`, { hint: 'read the Connect log: npm run stack:logs -- connect' });
  // The DELETE is acknowledged before the herder forgets the connector: wait until it is gone.
  await waitUntil(async () => (await connectorStatus(name)) === undefined, {
    what: `connector "${name}" to be deleted`,
    timeoutMs: 30_000,
    hint: 'read the Connect log: npm run stack:logs -- connect',
  });
  return config;
}
