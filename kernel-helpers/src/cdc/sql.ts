/**
 * SQL from a notebook: a tagged template over one connection pool per process (per kernel) on the
 * stack's `shop` database. Values are always bound as parameters ($1, $2, ...), never spliced
 * into the text, so `sql\`SELECT * FROM orders WHERE id = ${id}\`` is safe whatever `id` holds.
 */
import { Pool, type PoolClient } from 'pg';
import { isRetriable, StreamlabError } from '../errors.js';
import { ensure } from '../stack/index.js';

/** A row as PostgreSQL returns it (column name → value), with a null prototype. */
export type Row = Record<string, unknown>;

/** PostgreSQL refused a statement: its message, with the SQL state and the statement's start. */
export class SqlError extends StreamlabError {}

/** A statement and its bound parameters, ready for `pg`. */
export interface BoundStatement {
  text: string;
  values: unknown[];
}

/** Runs a tagged-template statement and returns its rows. */
export type SqlTag = <T extends Row = Row>(strings: TemplateStringsArray, ...values: unknown[]) => Promise<T[]>;

/** Turns a tagged template into `$n` placeholders and a value list (pure; exported for tests). */
export function bindStatement(strings: readonly string[], values: readonly unknown[]): BoundStatement {
  let text = strings[0];
  for (let index = 0; index < values.length; index += 1) text += `$${index + 1}${strings[index + 1]}`;
  return { text, values: [...values] };
}

let pool: Pool | undefined;

async function sharedPool(): Promise<Pool> {
  if (!pool) {
    const { postgres } = await ensure({ services: ['postgres'] });
    // allowExitOnIdle: idle connections never keep the kernel (or a test run) alive.
    pool = new Pool({ connectionString: postgres.url, max: 4, allowExitOnIdle: true });
    pool.on('error', () => undefined); // a dropped idle connection is replaced on the next query
  }
  return pool;
}

async function run<T extends Row>(client: Pool | PoolClient, statement: BoundStatement): Promise<T[]> {
  try {
    const result = await client.query(statement);
    return result.rows.map((row) => Object.assign(Object.create(null), row) as T);
  } catch (error) {
    throw toSqlError(error, statement.text);
  }
}

function toSqlError(error: unknown, text: string): SqlError {
  const failure = error as { message?: string; code?: string };
  const head = text.replace(/\s+/g, ' ').trim().slice(0, 80);
  return new SqlError(`PostgreSQL refused the statement: ${failure.message ?? String(error)}${failure.code ? ` (SQLSTATE ${failure.code})` : ''}`, {
    hint: `statement: ${head}${head.length === 80 ? '…' : ''}`,
    cause: error,
    retriable: isRetriable(error),
  });
}

/**
 * Runs one statement on the `shop` database and returns its rows, e.g.
 * `await sql\`UPDATE orders SET status = ${'paid'} WHERE id = ${42} RETURNING *\``.
 */
export const sql: SqlTag = async (strings, ...values) => run(await sharedPool(), bindStatement(strings, values));

/**
 * Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws
 * (the error is rethrown). Every statement inside must use the `sql` it receives.
 */
export async function transaction<T>(work: (sql: SqlTag) => Promise<T>): Promise<T> {
  const client = await (await sharedPool()).connect();
  const tx: SqlTag = (strings, ...values) => run(client, bindStatement(strings, values));
  try {
    await client.query('BEGIN');
    const result = await work(tx);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Closes the pool (the next `sql` opens a new one). Tests call it; a kernel needs not. */
export async function closeSql(): Promise<void> {
  const closing = pool;
  pool = undefined;
  await closing?.end();
}

/**
 * Runs DDL whose identifiers the library has quoted itself (GRANT, CREATE PUBLICATION cannot
 * take bound parameters). Internal: notebooks use `sql`.
 */
export async function runDdl(text: string): Promise<void> {
  await runQuery(text);
}

/** Runs a statement the library built with quoted identifiers and returns its rows. Internal. */
export async function runQuery<T extends Row = Row>(text: string): Promise<T[]> {
  return run<T>(await sharedPool(), { text, values: [] });
}
