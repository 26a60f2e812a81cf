import { afterAll, describe, expect, it } from 'vitest';
import { closeSql, sql, SqlError, transaction } from '@streamlab/kernel-helpers/cdc';

afterAll(closeSql);

describe('sql on the stack database', () => {
  it('binds values as parameters, so a quote in a value is data, not SQL', async () => {
    const [row] = await sql<{ text: string; n: number }>`SELECT ${"it's"}::text AS text, ${41}::int + 1 AS n`;
    expect(row.text).toBe("it's");
    expect(row.n).toBe(42);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    await sql`CREATE TABLE IF NOT EXISTS sql_probe_tx (id int PRIMARY KEY)`;
    await sql`TRUNCATE sql_probe_tx`;
    await transaction(async (tx) => {
      await tx`INSERT INTO sql_probe_tx VALUES (${1})`;
    });
    await expect(
      transaction(async (tx) => {
        await tx`INSERT INTO sql_probe_tx VALUES (${2})`;
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const rows = await sql<{ id: number }>`SELECT id FROM sql_probe_tx ORDER BY id`;
    expect(rows.map((row) => row.id)).toEqual([1]);
    await sql`DROP TABLE sql_probe_tx`;
  });

  it('reports a refused statement as one SqlError with the SQL state', async () => {
    await expect(sql`SELECT * FROM no_such_table`).rejects.toThrow(SqlError);
    await expect(sql`SELECT * FROM no_such_table`).rejects.toThrow(/does not exist \(SQLSTATE 42P01\)/);
  });
});
