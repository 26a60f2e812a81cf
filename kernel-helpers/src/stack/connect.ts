import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackJars } from './jars.js';
import { jvmFlags } from './kafka-node.js';
import { logFile } from './paths.js';
import { LOOPBACK } from './ports.js';
import { startDaemon } from './processes.js';

/** The connector class Connect must list before the stack counts as up. */
export const DEBEZIUM_POSTGRES = 'io.debezium.connector.postgresql.PostgresConnector';

/**
 * connect-distributed.properties: REST on loopback, JSON without schemas (what the lessons read),
 * internal topics with one partition and the cluster's replication factor.
 */
export function workerProperties(bootstrap: string, restPort: number, pluginPath: string, replication: number): string {
  const properties: Record<string, string | number> = {
    'bootstrap.servers': bootstrap,
    'group.id': 'streamlab-connect',
    'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'key.converter.schemas.enable': 'false',
    'value.converter.schemas.enable': 'false',
    'config.storage.topic': 'streamlab-connect-configs',
    'offset.storage.topic': 'streamlab-connect-offsets',
    'status.storage.topic': 'streamlab-connect-status',
    'config.storage.replication.factor': replication,
    'offset.storage.replication.factor': replication,
    'status.storage.replication.factor': replication,
    'offset.storage.partitions': 1,
    'status.storage.partitions': 1,
    'offset.flush.interval.ms': 1000,
    listeners: `http://${LOOPBACK}:${restPort}`,
    'rest.advertised.host.name': LOOPBACK,
    'rest.advertised.port': restPort,
    'plugin.path': pluginPath,
    // Debezium 3.6 ships ServiceLoader manifests: service_load starts Connect in ~4 s instead of ~17 s.
    'plugin.discovery': 'service_load',
  };
  return `${Object.entries(properties)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/** Writes the worker config and starts ConnectDistributed; returns the PID. */
export function startConnect(home: string, java: string, jars: StackJars, bootstrap: string, restPort: number, replication: number): number {
  const dir = join(home, 'connect');
  mkdirSync(dir, { recursive: true });
  const config = join(dir, 'connect-distributed.properties');
  writeFileSync(config, workerProperties(bootstrap, restPort, jars.pluginPath, replication));
  return startDaemon(java, [...jvmFlags('512m'), '-cp', jars.classpath, 'org.apache.kafka.connect.cli.ConnectDistributed', config], {
    logFile: logFile('connect', home),
  });
}

/** The Connect REST base URL. */
export function connectUrl(port: number, host = LOOPBACK): string {
  return `http://${host}:${port}`;
}

/** True when Connect's REST API answers and lists the Debezium PostgreSQL connector. */
export async function probeConnect(url: string): Promise<boolean> {
  const response = await fetch(`${url}/connector-plugins`, { signal: AbortSignal.timeout(2000) });
  if (!response.ok) return false;
  const plugins = (await response.json()) as Array<{ class: string }>;
  return plugins.some((plugin) => plugin.class === DEBEZIUM_POSTGRES);
}
