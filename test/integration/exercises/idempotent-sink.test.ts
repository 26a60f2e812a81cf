import { beforeAll, describe, expect, it } from 'vitest';
import { ensure } from '@streamlab/kernel-helpers/stack';
import { catalog, SinkTable } from '../../../kernel-helpers/src/exercises/catalog/index';

beforeAll(async () => {
  await ensure({ services: ['kafka'] });
}, 60_000);

describe('03: a sink that stays correct under at-least-once redelivery', () => {
  const sink = catalog['consumers-destino-idempotente'];

  it('rejects a plain insert: the redelivered orders are written twice', async () => {
    const differences = await sink.check((table, record) => table.insert(record.value));
    expect(differences.join(' ')).toMatch(/linhas na tabela: obtido 24, esperado 20/);
    expect(differences.join(' ')).toMatch(/gravado\(s\) mais de uma vez/);
  }, 60_000);

  it('accepts an upsert by order id', async () => {
    expect(await sink.check((table, record) => table.upsert(record.value.order_id, record.value))).toEqual([]);
  }, 60_000);
});

describe('SinkTable', () => {
  it('keeps every insert and one row per upserted key', () => {
    const table = new SinkTable<{ n: number }>();
    table.insert({ n: 1 });
    table.insert({ n: 1 });
    table.upsert('a', { n: 2 });
    table.upsert('a', { n: 3 });
    expect(table.rows()).toEqual([{ n: 1 }, { n: 1 }, { n: 3 }]);
  });
});
