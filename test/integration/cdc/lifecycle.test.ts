import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensure, waitUntil } from '@streamlab/kernel-helpers/stack';
import {
  cdcStatus,
  closeSql,
  ConnectorError,
  connectorStatus,
  debeziumDatabaseUrl,
  deleteConnector,
  dropCapture,
  pauseConnector,
  registerConnector,
  restartConnector,
  resumeConnector,
  sql,
  SqlError,
  stackConnectorConfig,
  updateConnector,
  waitForConnector,
  waitForConnectorState,
} from '@streamlab/kernel-helpers/cdc';

const suffix = randomUUID().slice(0, 8);
const capture = { name: `it-cdc-life-${suffix}`, topicPrefix: `itcdclife${suffix}` };
const slot = capture.name.replace(/-/g, '_');
const failing = { name: `it-cdc-fail-${suffix}`, topicPrefix: `itcdcfail${suffix}` };

/** Runs `work` and returns its error and how long it took to fail. */
async function failure(work: () => Promise<unknown>): Promise<{ error: Error; ms: number }> {
  const started = Date.now();
  try {
    await work();
  } catch (error) {
    return { error: error as Error, ms: Date.now() - started };
  }
  throw new Error('expected a failure');
}

beforeAll(async () => {
  await registerConnector(await stackConnectorConfig({ ...capture, tables: ['public.products'], settings: { 'snapshot.mode': 'no_data' } }));
  await waitForConnector(capture.name, 180_000);
}, 240_000);

afterAll(async () => {
  await dropCapture(capture).catch(() => undefined);
  await dropCapture(failing).catch(() => undefined);
  await closeSql();
});

describe('Debezium connects as its own least-privilege role', () => {
  it('is a LOGIN REPLICATION role that is not a superuser, with SELECT on the captured table only', async () => {
    const url = new URL(await debeziumDatabaseUrl());
    expect(url.username).toBe('debezium_cdc');
    const [role] = await sql<{ rolsuper: boolean; rolreplication: boolean; rolcanlogin: boolean; rolcreatedb: boolean }>`SELECT rolsuper, rolreplication, rolcanlogin, rolcreatedb FROM pg_roles WHERE rolname = 'debezium_cdc'`;
    expect(role).toMatchObject({ rolsuper: false, rolreplication: true, rolcanlogin: true, rolcreatedb: false });
    const [rights] = await sql<{ products: boolean; owns: number; create: boolean }>`
      SELECT has_table_privilege('debezium_cdc', 'public.products', 'SELECT') AS products,
             (SELECT count(*)::int FROM pg_tables WHERE tableowner = 'debezium_cdc') AS owns,
             has_database_privilege('debezium_cdc', 'shop', 'CREATE') AS create`;
    expect(rights).toEqual({ products: true, owns: 0, create: false });
    // RUNNING comes before the task opens its replication stream: wait for the stream, then ask who holds it.
    const usename = await waitUntil(
      async () => (await sql<{ usename: string }>`SELECT usename FROM pg_stat_replication r JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = ${slot}`)[0]?.usename,
      { what: `slot ${slot} to stream`, timeoutMs: 60_000, hint: 'read the Connect log' },
    );
    expect(usename).toBe('debezium_cdc');
  });

  it('creates the role again, idempotently, with the same password', async () => {
    const first = await debeziumDatabaseUrl();
    const { ensureDebeziumRole, debeziumPassword } = await import('../../../kernel-helpers/src/stack/postgres.js');
    const { stateDir } = await import('../../../kernel-helpers/src/stack/paths.js');
    const owner = (await ensure({ services: ['postgres'] })).postgres.url;
    expect(await ensureDebeziumRole(owner, debeziumPassword(stateDir()))).toBe(first);
    expect(await ensureDebeziumRole(owner, debeziumPassword(stateDir()))).toBe(first);
  });
});

describe('connector lifecycle', () => {
  it('pauses, resumes and restarts the connector and its task', async () => {
    await pauseConnector(capture.name);
    await waitForConnectorState(capture.name, 'PAUSED');
    await resumeConnector(capture.name);
    await waitForConnector(capture.name);
    await restartConnector(capture.name);
    const status = await waitForConnector(capture.name);
    expect(status.tasks.map((task) => task.state)).toEqual(['RUNNING']);
  });

  it('shows the connector, its task and its slot with retained WAL and confirmed flush position', async () => {
    const status = await cdcStatus({ filter: suffix });
    expect(status.connectors.filter((row) => row.connector === capture.name).map((row) => row.part)).toEqual(['connector', 'task 0']);
    const [mine] = status.slots.filter((row) => row.slot === slot);
    expect(mine.plugin).toBe('pgoutput');
    expect(mine.retained_wal_bytes).toBeGreaterThanOrEqual(0);
    expect(mine.confirmed_flush_lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it('refuses to update a connector that does not exist', async () => {
    await expect(updateConnector({ name: `nobody-${suffix}`, config: { 'connector.class': 'x' } })).rejects.toThrow(/there is no connector "nobody-/);
  });

  it('drops the replication slot and the publication it created when the connector is deleted', async () => {
    expect(await deleteConnector(capture.name)).toBe(true);
    expect(await connectorStatus(capture.name)).toBeUndefined();
    expect(await sql`SELECT 1 FROM pg_replication_slots WHERE slot_name = ${slot}`).toEqual([]);
    expect(await sql`SELECT 1 FROM pg_publication WHERE pubname = ${`${slot}_publication`}`).toEqual([]);
  });
});

describe('a broken setup fails fast with one clear line', () => {
  it('names the missing setting of a wrong config', async () => {
    const config = await stackConnectorConfig({ ...failing, tables: ['public.products'] });
    const { ['topic.prefix']: _dropped, ...withoutPrefix } = config.config;
    const { error, ms } = await failure(() => registerConnector({ name: failing.name, config: withoutPrefix }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error.message).toMatch(/topic\.prefix: .*A value is required/);
    expect(error.message).not.toContain('\n');
    expect(ms).toBeLessThan(30_000);
  });

  it('says the database is unreachable when the port is wrong', async () => {
    const config = await stackConnectorConfig({ ...failing, tables: ['public.products'] });
    const { error, ms } = await failure(() => registerConnector({ name: failing.name, config: { ...config.config, 'database.port': '1' } }));
    expect(error.message).toMatch(/database\.hostname: .*Connection to 127\.0\.0\.1:1 refused/);
    expect(ms).toBeLessThan(30_000);
  });

  it('names a table that does not exist', async () => {
    const { error, ms } = await failure(() => stackConnectorConfig({ ...failing, tables: [`public.no_such_table_${suffix}`] }));
    expect(error).toBeInstanceOf(SqlError);
    expect(error.message).toMatch(/relation "public\.no_such_table_.*" does not exist/);
    expect(ms).toBeLessThan(30_000);
  });

  it('reports a task that fails after registration with its root cause, not the Java trace', async () => {
    const config = await stackConnectorConfig({ ...failing, tables: ['public.products'] });
    const { ['plugin.name']: _plugin, ...withDefaultPlugin } = config.config;
    await registerConnector({ name: failing.name, config: withDefaultPlugin });
    const { error, ms } = await failure(() => waitForConnector(failing.name));
    expect(error.message).toBe(`connector "${failing.name}" FAILED: PSQLException: ERROR: could not access file "decoderbufs": No such file or directory`);
    expect(ms).toBeLessThan(60_000);
  });
});
