/**
 * Capturing tables of the stack's `shop` database safely: Debezium connects as its own role
 * (`debezium_cdc`: LOGIN REPLICATION, SELECT on the captured tables only, not a superuser), the
 * publication is created by the library as the tables' owner, and deleting a connector drops its
 * replication slot and that publication, so re-running a notebook retains no WAL.
 */
import { deleteTopicsWithPrefix } from '../kafka/topics.js';
import { ensure } from '../stack/index.js';
import { stateDir } from '../stack/paths.js';
import { DEBEZIUM_ROLE, debeziumPassword, ensureDebeziumRole } from '../stack/postgres.js';
import { waitUntil } from '../wait.js';
import { ConnectorError, postgresConnectorConfig, removeConnector, slotNameFor, type ConnectorConfig } from './connectors.js';
import { runDdl, sql } from './sql.js';

/** What to capture: connector name, topic prefix and `schema.table` names. */
export interface CaptureOptions {
  name: string;
  /** Topics are `<topicPrefix>.<schema>.<table>`. */
  topicPrefix: string;
  /** Tables to capture, e.g. ['public.orders']. */
  tables: string[];
  /** Extra or overriding Debezium settings, e.g. `{ 'snapshot.mode': 'no_data' }`. */
  settings?: Record<string, string>;
}

/** Marks a publication the library created (and so may drop) for connector `name`. */
const ownerMark = (name: string): string => `streamlab:${name}`;

let roleUrl: Promise<string> | undefined;

/**
 * The Debezium role's connection URL on the stack's `shop` database. Makes sure the role exists
 * first (idempotent), so a stack started before the role existed gets it too.
 */
export async function debeziumDatabaseUrl(): Promise<string> {
  roleUrl ??= (async () => {
    const { postgres } = await ensure({ services: ['postgres'] });
    return ensureDebeziumRole(postgres.url, debeziumPassword(stateDir()));
  })().catch((error: unknown) => {
    roleUrl = undefined;
    throw error;
  });
  return roleUrl;
}

/** `schema.table` quoted as PostgreSQL identifiers (pure). */
export function quoteTable(table: string): string {
  const parts = table.split('.');
  if (parts.length > 2 || parts.some((part) => part === '')) {
    throw new ConnectorError(`"${table}" is not a table name`, { hint: 'write tables as schema.table, e.g. public.orders' });
  }
  return parts.map((part) => `"${part.replace(/"/g, '""')}"`).join('.');
}

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Prepares the database for capturing `tables` (SELECT granted to the Debezium role, a
 * publication for exactly these tables, created as the owner) and returns the connector config
 * that connects as the Debezium role with `publication.autocreate.mode=disabled`. A missing table
 * fails here with PostgreSQL's one-line message. The config holds the role's password: show it
 * with `redactConfig`.
 */
export async function stackConnectorConfig(options: CaptureOptions): Promise<ConnectorConfig> {
  const databaseUrl = await debeziumDatabaseUrl();
  const base = postgresConnectorConfig({ name: options.name, topicPrefix: options.topicPrefix, tables: options.tables, databaseUrl });
  const publication = base.config['publication.name'];
  const tables = options.tables.map(quoteTable);
  for (const table of tables) await runDdl(`GRANT SELECT ON ${table} TO ${DEBEZIUM_ROLE}`);
  const exists = await sql`SELECT 1 FROM pg_publication WHERE pubname = ${publication}`;
  const verb = exists.length ? `ALTER PUBLICATION ${quoteName(publication)} SET TABLE` : `CREATE PUBLICATION ${quoteName(publication)} FOR TABLE`;
  await runDdl(`${verb} ${tables.join(', ')}`);
  await runDdl(`COMMENT ON PUBLICATION ${quoteName(publication)} IS '${ownerMark(options.name).replace(/'/g, "''")}'`);
  return { name: options.name, config: { ...base.config, 'publication.autocreate.mode': 'disabled', ...options.settings } };
}

/** The config with its password replaced by `***`, for showing in a notebook. */
export function redactConfig(connector: ConnectorConfig): ConnectorConfig {
  const config: Record<string, string> = { ...connector.config };
  for (const key of Object.keys(config)) if (/password/i.test(key)) config[key] = '***';
  return { name: connector.name, config };
}

/**
 * Deletes the connector (stop, offsets, delete) and then what it holds in PostgreSQL: its
 * replication slot (once no walsender uses it) and its publication when the library created it
 * (`stackConnectorConfig`) or Debezium auto-created it under the name `postgresConnectorConfig` chose.
 * Returns false when there was no such connector (a leftover slot of that name is dropped anyway).
 */
export async function deleteConnector(name: string): Promise<boolean> {
  const config = await removeConnector(name);
  const slot = config?.['slot.name'] ?? slotNameFor(name);
  await dropSlot(slot);
  const publication = config?.['publication.name'] ?? `${slot}_publication`;
  // Ours: marked by stackConnectorConfig, or auto-created by Debezium under the name postgresConnectorConfig chose.
  const autocreated = config !== undefined && config['publication.autocreate.mode'] !== 'disabled' && publication === `${slotNameFor(name)}_publication`;
  await dropOwnedPublication(publication, name, autocreated);
  return config !== undefined;
}

/** Drops a replication slot once it is inactive (Connect's walsender may take a moment to exit). */
export async function dropSlot(slot: string, timeoutMs = 30_000): Promise<boolean> {
  const dropped = await waitUntil(
    async () => {
      const rows = await sql<{ active: boolean }>`SELECT active FROM pg_replication_slots WHERE slot_name = ${slot}`;
      if (rows.length === 0) return 'absent';
      if (rows[0].active) return undefined;
      await sql`SELECT pg_drop_replication_slot(${slot})`;
      return 'dropped';
    },
    { what: `replication slot "${slot}" to be released`, timeoutMs, hint: 'another connector may use this slot: see cdcStatus()' },
  );
  return dropped === 'dropped';
}

async function dropOwnedPublication(publication: string, name: string, autocreated: boolean): Promise<void> {
  const owned = await sql`SELECT 1 FROM pg_publication p WHERE p.pubname = ${publication} AND (${autocreated}::boolean OR obj_description(p.oid, 'pg_publication') = ${ownerMark(name)})`;
  if (owned.length) await runDdl(`DROP PUBLICATION IF EXISTS ${quoteName(publication)}`);
}

/**
 * Removes everything a capture made: the connector (with its slot and publication, see
 * `deleteConnector`) and every topic named `<topicPrefix>.*`, waiting until the broker has really
 * deleted them. A notebook's first cell calls it so a re-run starts from a clean slate.
 */
export async function dropCapture(options: { name: string; topicPrefix: string }): Promise<void> {
  await deleteConnector(options.name);
  await deleteTopicsWithPrefix(`${options.topicPrefix}.`);
}
