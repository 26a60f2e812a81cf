/**
 * The outbox relay's lifecycle: Debezium with EventRouter registered on the stack's database,
 * ready only once its replication slot streams; removed with its slot and publication.
 */
import { deleteConnector, postgresConnectorConfig, registerConnector, sql, stackConnectorConfig, waitForConnector, type ConnectorConfig } from '../cdc/index.js';
import { ensure } from '../stack/index.js';
import { waitUntil } from '../wait.js';
import { ensureOutboxTable, eventRouterSettings, outboxIdentifier, runStatement } from './outbox.js';

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
 * Deletes the connector (and its stored offsets), then makes sure its replication slot and its
 * publication are gone, so a re-run leaves no WAL retained. Safe when nothing exists.
 */
export async function stopOutboxRelay(name: string): Promise<void> {
  const { slot, publication } = relayNames(name);
  await deleteConnector(name);
  // slot.drop.on.stop drops the slot; wait for it, and drop a slot left inactive by a crashed run.
  await waitUntil(
    async () => {
      const rows = await sql<{ active: boolean }>`SELECT active FROM pg_replication_slots WHERE slot_name = ${slot}`;
      if (rows.length === 1 && !rows[0].active) await sql`SELECT pg_drop_replication_slot(${slot})`;
      return rows.length === 0 || undefined;
    },
    { what: `replication slot "${slot}" to be dropped`, timeoutMs: 30_000, hint: 'is a connector still using it? SELECT * FROM pg_replication_slots' },
  );
  await runStatement(sql, [`DROP PUBLICATION IF EXISTS ${outboxIdentifier(publication)}`]);
}

/** The slot and publication names postgresConnectorConfig derives from a connector name. */
function relayNames(name: string): { slot: string; publication: string } {
  const { config } = postgresConnectorConfig({ name, topicPrefix: 'x', tables: [], databaseUrl: 'postgres://u@localhost/shop' });
  return { slot: config['slot.name'], publication: config['publication.name'] };
}
