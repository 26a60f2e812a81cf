/**
 * A seeded random workload on the shop's `customers` and `orders`, touching only rows it created
 * (emails `<tag>-...@example.com`): inserts, updates, deletes and primary-key updates on both
 * tables, some of them inside multi-statement transactions.
 */
import { sql, transaction, type SqlTag } from '@streamlab/kernel-helpers/cdc';
import { seededRandom, type SeededRandom } from '@streamlab/kernel-helpers/datasets';

export interface ShopWorkload {
  /** Runs `count` operations; returns how many of each kind ran. */
  run(count: number, onStep?: (step: number) => Promise<void>): Promise<Record<string, number>>;
  /** Deletes every row the workload created. */
  cleanup(): Promise<void>;
}

export function shopWorkload(tag: string, seed: number): ShopWorkload {
  const random: SeededRandom = seededRandom(seed);
  const customers: number[] = [];
  const orders = new Map<number, number>(); // order id → customer id
  // Primary-key updates move rows far above the identity sequences, in a range of this run's own.
  let nextMovedId = 50_000_000 + (seed % 1000) * 100_000 + Math.floor(Math.random() * 50_000);
  let emails = 0;
  const counts: Record<string, number> = {};
  const count = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
  const ordersOf = (customer: number) => [...orders].filter(([, owner]) => owner === customer).map(([id]) => id);

  async function insertCustomer(tx: SqlTag): Promise<void> {
    const [row] = await tx`INSERT INTO customers (name, email, city, state) VALUES (${`Cliente ${tag}`}, ${`${tag}-${(emails += 1)}@example.com`}, 'Campinas', 'SP') RETURNING id`;
    customers.push(Number(row.id));
    count('customer insert');
  }

  async function insertOrder(tx: SqlTag): Promise<void> {
    const customer = random.pick(customers);
    const [row] = await tx`INSERT INTO orders (customer_id, product_id, quantity, amount) VALUES (${customer}, ${random.int(1, 30)}, ${random.int(1, 5)}, ${(random.int(100, 99_999) / 100).toFixed(2)}) RETURNING id`;
    orders.set(Number(row.id), customer);
    count('order insert');
  }

  async function step(tx: SqlTag): Promise<void> {
    if (customers.length < 3) return insertCustomer(tx);
    if (orders.size < 5) return insertOrder(tx);
    const choice = random.int(0, 99);
    const orderIds = [...orders.keys()];
    if (choice < 10) return insertCustomer(tx);
    if (choice < 18) {
      await tx`UPDATE customers SET city = ${random.pick(['Recife', 'Manaus', 'Curitiba', 'Natal'])} WHERE id = ${random.pick(customers)}`;
      count('customer update');
      return;
    }
    if (choice < 22) {
      // Deleting a customer deletes its orders first (foreign key): several events, one command each.
      const customer = random.pick(customers);
      for (const id of ordersOf(customer)) orders.delete(id);
      await tx`DELETE FROM orders WHERE customer_id = ${customer}`;
      await tx`DELETE FROM customers WHERE id = ${customer}`;
      customers.splice(customers.indexOf(customer), 1);
      count('customer delete');
      return;
    }
    if (choice < 25) {
      const lonely = customers.filter((customer) => ordersOf(customer).length === 0);
      if (lonely.length) {
        const customer = random.pick(lonely);
        const moved = (nextMovedId += 1);
        await tx`UPDATE customers SET id = ${moved} WHERE id = ${customer}`;
        customers[customers.indexOf(customer)] = moved;
        count('customer key update');
        return;
      }
    }
    if (choice < 50) return insertOrder(tx);
    if (choice < 80) {
      await tx`UPDATE orders SET status = ${random.pick(['paid', 'shipped', 'delivered', 'cancelled'])}, quantity = ${random.int(1, 5)}, updated_at = now() WHERE id = ${random.pick(orderIds)}`;
      count('order update');
      return;
    }
    if (choice < 93) {
      const id = random.pick(orderIds);
      await tx`DELETE FROM orders WHERE id = ${id}`;
      orders.delete(id);
      count('order delete');
      return;
    }
    const id = random.pick(orderIds);
    const moved = (nextMovedId += 1);
    await tx`UPDATE orders SET id = ${moved} WHERE id = ${id}`;
    orders.set(moved, orders.get(id)!);
    orders.delete(id);
    count('order key update');
  }

  return {
    async run(total, onStep) {
      let done = 0;
      while (done < total) {
        // One operation in five runs inside a transaction of 2-4 operations.
        const batch = random.chance(0.2) ? Math.min(random.int(2, 4), total - done) : 1;
        if (batch === 1) await step(sql);
        else await transaction(async (tx) => {
          for (let i = 0; i < batch; i += 1) await step(tx);
        });
        for (let i = 0; i < batch; i += 1) {
          done += 1;
          await onStep?.(done);
        }
      }
      return counts;
    },
    async cleanup() {
      await sql`DELETE FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE email LIKE ${`${tag}-%`})`;
      await sql`DELETE FROM customers WHERE email LIKE ${`${tag}-%`}`;
    },
  };
}
