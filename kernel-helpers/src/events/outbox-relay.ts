/**
 * The outbox relay's lifecycle: Debezium with EventRouter registered on the stack's database,
 * ready only once its replication slot streams; removed with its slot and publication.
 */
import { deleteConnector, registerConnector, sql, stackConnectorConfig, waitForConnector, type ConnectorConfig } from '../cdc/index.js';
import { ensure } from '../stack/index.js';
import { waitUntil } from '../wait.js';
import { ensureOutboxTable, eventRouterSettings, outboxIdentifier } from './outbox.js';

/** A running outbox connector. */
export interface OutboxRelay {
  name: string;
  connector: ConnectorConfig;
  slot: string;
  publication: string;
}

/**
 * Creates the outbox table if needed, registers the outbox connector (Debezium as its own role, EventRouter settings)
 * and waits until the connector is RUNNING and its replication slot is active: from then on every
 * committed outbox row reaches Kafka (rows already in the table are snapshotted first).
 */
export async function startOutboxRelay(options: { name: string; table?: string; topicReplacement?: string; timeoutMs?: number }): Promise<OutboxRelay> {
  await ensure({ services: ['kafka', 'postgres', 'connect'] });
  await ensureOutboxTable(sql, options.table);
  // Debezium connects as its own role (REPLICATION, SELECT on the outbox only); the library creates the publication.
  const connector = await stackConnectorConfig({
    name: options.name,
    topicPrefix: options.name.replace(/[^A-Za-z0-9_.-]/g, '_'),
    tables: [`public.${outboxIdentifier(options.table ?? 'outbox')}`],
    settings: eventRouterSettings(options.topicReplacement),
  });
  await registerConnector(connector);
  await waitForConnector(connector.name, options.timeoutMs ?? 60_000);
  const slot = connector.config['slot.name'];
  await waitUntil(async () => (await sql`SELECT 1 FROM pg_replication_slots WHERE slot_name = ${slot} AND active`).length === 1, {
    what: `replication slot "${slot}" to stream`,
    timeoutMs: options.timeoutMs ?? 60_000,
    hint: 'read the Connect log: npm run stack:logs -- connect',
  });
  return { name: connector.name, connector, slot, publication: connector.config['publication.name'] };
}

/**
 * Deletes the connector (and its stored offsets) with its replication slot and the publication
 * `stackConnectorConfig` created (see `deleteConnector`), so a re-run leaves no WAL retained.
 * Safe when nothing exists.
 */
export async function stopOutboxRelay(name: string): Promise<void> {
  await deleteConnector(name);
}
