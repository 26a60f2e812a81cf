import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const shopDir = resolve(__dirname, '..', '..', '..', 'datasets', 'shop');
const seedSql = readFileSync(join(shopDir, 'seed.sql'), 'utf8');

type SqlValue = string | number | null;

/** The rows of `INSERT INTO public.<table> (...) VALUES (...), ...;` as objects keyed by column. */
function insertedRows(sql: string, table: string): Array<Record<string, SqlValue>> {
  const match = new RegExp(`INSERT INTO (?:public\\.)?${table} \\(([^)]*)\\) VALUES\\n([\\s\\S]*?\\));\\n`).exec(sql);
  if (!match) throw new Error(`no INSERT INTO ${table} in seed.sql`);
  const columns = match[1].split(',').map((column) => column.trim());
  return parseTuples(match[2]).map((values) => Object.fromEntries(columns.map((column, i) => [column, values[i]])));
}

/** Parses `(1, 'it''s', 2.50, NULL), (...)`: quoted strings, numbers as numbers, NULL. */
function parseTuples(text: string): SqlValue[][] {
  const tuples: SqlValue[][] = [];
  let current: SqlValue[] | undefined;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '(') {
      current = [];
      i++;
    } else if (ch === ')') {
      tuples.push(current ?? []);
      current = undefined;
      i++;
    } else if (ch === "'") {
      let value = '';
      i++;
      while (i < text.length) {
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          value += text[i++];
        }
      }
      current?.push(value);
    } else if (/[-\d]/.test(ch)) {
      const token = /^-?\d+(\.\d+)?/.exec(text.slice(i))![0];
      current?.push(Number(token));
      i += token.length;
    } else if (text.startsWith('NULL', i)) {
      current?.push(null);
      i += 4;
    } else {
      i++; // separators and whitespace
    }
  }
  return tuples;
}

/** A numeric(10,2) literal as integer cents, so the comparison is exact. */
const cents = (value: SqlValue): number => Math.round(Number(value) * 100);

describe('datasets/shop/generate.mjs', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'streamlab-shop-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reproduces seed.sql byte for byte', () => {
    const output = join(scratch, 'seed.sql');
    execFileSync(process.execPath, [join(shopDir, 'generate.mjs'), output]);
    expect(readFileSync(output).equals(readFileSync(join(shopDir, 'seed.sql')))).toBe(true);
  });
});

describe('datasets/shop/seed.sql', () => {
  const customers = insertedRows(seedSql, 'customers');
  const products = insertedRows(seedSql, 'products');
  const orders = insertedRows(seedSql, 'orders');

  it('has about 50 customers, 30 products and 200 orders', () => {
    expect(customers.length).toBeGreaterThanOrEqual(40);
    expect(products.length).toBeGreaterThanOrEqual(25);
    expect(orders.length).toBeGreaterThanOrEqual(150);
  });

  it('charges price × quantity for every order', () => {
    const priceCents = new Map(products.map((product) => [product.id, cents(product.price)]));
    const wrong = orders.filter((order) => cents(order.amount) !== priceCents.get(order.product_id)! * Number(order.quantity));
    expect(wrong).toEqual([]);
  });

  it('references only customers and products that exist', () => {
    const customerIds = new Set(customers.map((customer) => customer.id));
    const productIds = new Set(products.map((product) => product.id));
    expect(orders.filter((order) => !customerIds.has(order.customer_id) || !productIds.has(order.product_id))).toEqual([]);
  });

  it('uses only the statuses the schema allows', () => {
    const allowed = ['created', 'paid', 'shipped', 'delivered', 'cancelled'];
    expect(orders.filter((order) => !allowed.includes(String(order.status)))).toEqual([]);
  });
});
