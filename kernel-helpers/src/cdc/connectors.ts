import { StreamlabError } from '../errors.js';
import { ensure } from '../stack/index.js';
import { waitUntil } from '../wait.js';

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
  connector: { state: ConnectorState; trace?: string };
  tasks: Array<{ id: number; state: ConnectorState; trace?: string }>;
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

/**
 * The Debezium PostgreSQL connector config for the course: pgoutput (built into PostgreSQL),
 * a filtered publication for just these tables, decimals as strings, and a slot dropped when the
 * connector stops (nothing left behind in the database).
 */
export function postgresConnectorConfig(source: PostgresSource): ConnectorConfig {
  const url = new URL(source.databaseUrl);
  const slot = source.name.toLowerCase().replace(/[^a-z0-9_]/g, '_');
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
      'slot.drop.on.stop': 'true',
      'decimal.handling.mode': 'string',
      'time.precision.mode': 'connect',
      'tasks.max': '1',
    },
  };
}

async function connectUrl(): Promise<string> {
  return (await ensure({ services: ['kafka', 'postgres', 'connect'] })).connect.url;
}

async function request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${await connectUrl()}${path}`, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/**
 * The problems Connect finds in a config, as `setting: message` lines (empty when valid).
 * Connect 4.3 answers a PUT of an invalid Debezium config with HTTP 500 (a NullPointerException
 * on a value-less entry Debezium adds), so the validate endpoint is asked first.
 */
export async function validateConnector(connector: ConnectorConfig): Promise<string[]> {
  const className = connector.config['connector.class'] ?? '';
  const { status, body } = await request<{ message?: string; configs?: Array<{ value: { name: string; errors: string[] } | null }> }>(
    'PUT',
    `/connector-plugins/${encodeURIComponent(className)}/config/validate`,
    { ...connector.config, name: connector.name },
  );
  if (status >= 400) return [connectMessage(body?.message ?? `HTTP ${status}`)];
  return (body.configs ?? []).flatMap((entry) => (entry.value?.errors ?? []).map((error) => `${entry.value?.name}: ${error}`));
}

/**
 * Creates the connector, or updates its config if it exists (PUT is idempotent). A config Connect
 * rejects (unknown class, missing or invalid setting, unreachable database) throws a
 * ConnectorError with Connect's reasons.
 */
export async function registerConnector(connector: ConnectorConfig): Promise<void> {
  const problems = await validateConnector(connector);
  if (problems.length === 0) {
    const { status, body } = await request<{ message?: string }>('PUT', `/connectors/${encodeURIComponent(connector.name)}/config`, {
      ...connector.config,
      name: connector.name,
    });
    if (status < 400) return;
    problems.push(connectMessage(body?.message ?? `HTTP ${status}`));
  }
  throw new ConnectorError(`Kafka Connect rejected connector "${connector.name}": ${problems.join('; ')}`, {
    hint: 'fix the config (connector.class, database.* settings) and register it again',
  });
}

/** The connector's state and its tasks' states; undefined when it does not exist. */
export async function connectorStatus(name: string): Promise<ConnectorStatus | undefined> {
  const { status, body } = await request<ConnectorStatus>('GET', `/connectors/${encodeURIComponent(name)}/status`);
  return status === 404 ? undefined : body;
}

/**
 * Waits until the connector and all its tasks are RUNNING (real readiness, never a fixed sleep).
 * A FAILED connector or task ends the wait at once with the first line of its Java trace.
 */
export async function waitForConnector(name: string, timeoutMs = 60_000): Promise<ConnectorStatus> {
  return waitUntil(
    async () => {
      const current = await connectorStatus(name);
      if (!current) return undefined;
      const failed = [current.connector, ...current.tasks].find((part) => part.state === 'FAILED');
      if (failed) {
        throw new ConnectorError(`connector "${name}" FAILED: ${firstLine(failed.trace ?? 'no trace')}`, {
          hint: 'read the Connect log (npm run stack:logs -- connect), fix the config, register again',
        });
      }
      const running = current.connector.state === 'RUNNING' && current.tasks.length > 0 && current.tasks.every((task) => task.state === 'RUNNING');
      return running ? current : undefined;
    },
    { what: `connector "${name}" and its tasks to be RUNNING`, timeoutMs, hint: 'read the Connect log: npm run stack:logs -- connect', rethrow: ConnectorError },
  );
}

/** Names of every connector registered on the Connect cluster. */
export async function listConnectors(): Promise<string[]> {
  const { status, body } = await request<string[]>('GET', '/connectors');
  if (status >= 400) throw new ConnectorError(`Connect answered ${status} when listing connectors`, { hint: 'read the Connect log: npm run stack:logs -- connect' });
  return body;
}

/**
 * Removes the connector so the same name can be registered again from scratch: stop it, delete
 * its stored offsets (otherwise a new connector of that name resumes from them and fails), then
 * delete it. The replication slot goes too (slot.drop.on.stop). False if it did not exist.
 */
export async function deleteConnector(name: string): Promise<boolean> {
  const path = `/connectors/${encodeURIComponent(name)}`;
  const stopped = await request('PUT', `${path}/stop`);
  if (stopped.status === 404) return false;
  await waitUntil(async () => (await connectorStatus(name))?.connector.state === 'STOPPED', {
    what: `connector "${name}" to stop`,
    timeoutMs: 30_000,
    hint: 'read the Connect log: npm run stack:logs -- connect',
  });
  await request('DELETE', `${path}/offsets`);
  const { status } = await request('DELETE', path);
  return status < 400;
}

/** Connect's error message without the list of every installed connector it sometimes appends. */
function connectMessage(message: string): string {
  return firstLine(message).split(', available connectors are:')[0];
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
