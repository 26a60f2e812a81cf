import { Pool } from 'pg';
import { StreamlabError } from '../errors.js';
import { ensure } from '../stack/index.js';
import type { PaidOrder } from './metrics.js';
import type { CapstoneCustomer, OrderChange } from './workload.js';

/** The capstone's tables could not be created, written or read. */
export class CapstoneError extends StreamlabError {}

function checkedSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,40}$/.test(schema)) throw new CapstoneError(`not a plain schema name: ${schema}`, { hint: 'use lower-case letters, digits and _' });
  return schema;
}

async function withPool<T>(work: (pool: Pool) => Promise<T>): Promise<T> {
  const pool = new Pool({ connectionString: (await ensure({ services: ['postgres'] })).postgres.url, max: 2 });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/**
 * (Re)creates `<schema>.customers` and `<schema>.orders` (REPLICA IDENTITY FULL, so updates carry
 * the whole old row) and fills customers. `orders.paid_at` is set once, when an order is paid.
 */
export async function createCapstoneTables(schema: string, customers: readonly CapstoneCustomer[]): Promise<void> {
  const s = checkedSchema(schema);
  await withPool(async (pool) => {
    await pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`);
    await pool.query(`CREATE SCHEMA ${s}`);
    await pool.query(`CREATE TABLE ${s}.customers (id integer PRIMARY KEY, name text NOT NULL, state text NOT NULL)`);
    await pool.query(
      `CREATE TABLE ${s}.orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES ${s}.customers (id), amount numeric(10,2) NOT NULL,
        status text NOT NULL, updated_at timestamptz NOT NULL, paid_at timestamptz)`,
    );
    await pool.query(`ALTER TABLE ${s}.customers REPLICA IDENTITY FULL`);
    await pool.query(`ALTER TABLE ${s}.orders REPLICA IDENTITY FULL`);
    await pool.query(`INSERT INTO ${s}.customers (id, name, state) SELECT * FROM unnest($1::int[], $2::text[], $3::text[])`, [
      customers.map((c) => c.id),
      customers.map((c) => c.name),
      customers.map((c) => c.state),
    ]);
  });
}

/** Drops the capstone schema and everything in it. */
export async function dropCapstoneTables(schema: string): Promise<void> {
  const s = checkedSchema(schema);
  await withPool((pool) => pool.query(`DROP SCHEMA IF EXISTS ${s} CASCADE`).then(() => undefined));
}

/**
 * Applies the order changes in order, `perTransaction` per commit (default 20): an insert for
 * `created`, an update of status and updated_at otherwise (paid_at set on `paid`). Calls
 * `onProgress` after each commit; stops early when `signal` aborts.
 */
export async function applyOrderChanges(
  schema: string,
  changes: readonly OrderChange[],
  options: { perTransaction?: number; onProgress?: (done: number) => void; signal?: AbortSignal; pauseMs?: number } = {},
): Promise<number> {
  const s = checkedSchema(schema);
  const size = options.perTransaction ?? 20;
  return withPool(async (pool) => {
    let done = 0;
    for (let i = 0; i < changes.length && !options.signal?.aborted; i += size) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        for (const change of changes.slice(i, i + size)) {
          const at = new Date(change.ts).toISOString();
          if (change.status === 'created') {
            await client.query(`INSERT INTO ${s}.orders (id, customer_id, amount, status, updated_at) VALUES ($1, $2, $3, 'created', $4)`, [change.orderId, change.customerId, (change.amountCents / 100).toFixed(2), at]);
          } else {
            await client.query(`UPDATE ${s}.orders SET status = $2, updated_at = $3, paid_at = CASE WHEN $2 = 'paid' THEN $3::timestamptz ELSE paid_at END WHERE id = $1`, [change.orderId, change.status, at]);
          }
          done++;
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new CapstoneError(`order change ${i + 1}.. failed: ${(error as Error).message}`, { hint: 'createCapstoneTables(schema, customers) first' });
      } finally {
        client.release();
      }
      options.onProgress?.(done);
      if (options.pauseMs) await new Promise((resolvePause) => setTimeout(resolvePause, options.pauseMs));
    }
    return done;
  });
}

/** Revenue and paid orders per minute of `paid_at`, computed by PostgreSQL itself: the capstone's ground truth. */
export async function revenuePerMinuteFromDatabase(schema: string): Promise<Array<{ minute: number; orders: number; revenueCents: number }>> {
  const s = checkedSchema(schema);
  return withPool(async (pool) => {
    const { rows } = await pool.query<{ minute: Date; orders: string; revenue_cents: string }>(
      `SELECT date_trunc('minute', paid_at) AS minute, count(*) AS orders, sum(amount * 100)::bigint AS revenue_cents
         FROM ${s}.orders WHERE paid_at IS NOT NULL GROUP BY 1 ORDER BY 1`,
    );
    return rows.map((row) => ({ minute: row.minute.getTime(), orders: Number(row.orders), revenueCents: Number(row.revenue_cents) }));
  });
}

/** The paid orders as PostgreSQL holds them (id, customer, `paid_at`), ordered by `paid_at`: the left side of the offline join. */
export async function paidOrdersFromDatabase(schema: string): Promise<PaidOrder[]> {
  const s = checkedSchema(schema);
  return withPool(async (pool) => {
    const { rows } = await pool.query<{ id: number; customer_id: number; paid_at: Date }>(`SELECT id, customer_id, paid_at FROM ${s}.orders WHERE paid_at IS NOT NULL ORDER BY paid_at, id`);
    return rows.map((row) => ({ orderId: row.id, customerId: row.customer_id, paidAt: row.paid_at.getTime() }));
  });
}

/** Replication slots whose name starts with `prefix` (none should remain after the connector is deleted). */
export async function replicationSlots(prefix: string): Promise<string[]> {
  return withPool(async (pool) => {
    const { rows } = await pool.query<{ slot_name: string }>('SELECT slot_name FROM pg_replication_slots WHERE slot_name LIKE $1', [`${prefix}%`]);
    return rows.map((row) => row.slot_name);
  });
}
